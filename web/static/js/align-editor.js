/**
 * The alignment editor of the reading view, for editors and admins.
 *
 * One link (a table row) is current and one sentence may be selected (click
 * it). Every edit is sent to POST /api/documents/{id}/alignment with the
 * revision the page shows; the server refuses a stale one (409) and the page
 * reloads. After an edit the page reloads on the link it touched.
 *
 * Keyboard:
 *   j / k      next / previous link
 *   n          next unconfirmed link
 *   l          next low-confidence link
 *   m          merge the current link with the next
 *   s          split the current link (before the selected sentence, else in halves)
 *   [ / ]      move the selected sentence to the link above / below
 *   x          split the selected sentence at the text cursor
 *   g          join the selected sentence with the next one
 *   c          confirm the current link
 *   C          confirm every link up to the current one
 *   r          re-align everything after the last confirmed link
 *   u, Ctrl+Z  undo the last edit
 *   ?          show or hide this help
 *
 * @module align-editor
 */

import { pointOffset } from "./text-range.js";

const FOCUS_KEY = "sverka-align-focus";

const article = document.querySelector("article.document[data-document]");
const table = article && article.querySelector("table.alignment");

/** @returns {HTMLTableRowElement[]} the rows, one per link, in order */
function rows() {
  return [...table.querySelectorAll("tbody tr.link")];
}

/** @type {HTMLTableRowElement|null} */
let current = null;
/** @type {HTMLElement|null} */
let selected = null;
/** @type {HTMLElement} */
let status;

/**
 * Makes row the current link and scrolls it into view.
 * @param {HTMLTableRowElement|undefined} row
 */
function setCurrent(row) {
  if (!row) return;
  if (current) current.classList.remove("current");
  current = row;
  row.classList.add("current");
  row.scrollIntoView({ block: "nearest" });
}

/**
 * Selects a sentence (a p.seg) and makes its link current.
 * @param {HTMLElement|null} seg
 */
function select(seg) {
  if (selected) selected.classList.remove("selected");
  selected = seg;
  if (seg) {
    seg.classList.add("selected");
    setCurrent(/** @type {HTMLTableRowElement} */ (seg.closest("tr.link")));
  }
}

/** @param {string} msg */
function say(msg) {
  status.textContent = msg;
}

/**
 * The 1-based position of a row.
 * @param {HTMLTableRowElement} row
 */
function position(row) {
  return Number(row.dataset.position);
}

/**
 * The language and 0-based index of a sentence.
 * @param {HTMLElement} seg
 * @returns {{lang: string, segment: number}}
 */
function sentence(seg) {
  const lang = /** @type {HTMLElement} */ (seg.closest("td[lang]")).lang;
  const number = Number(seg.id.slice(seg.id.lastIndexOf("-s") + 2));
  return { lang, segment: number - 1 };
}

/**
 * Sends one edit; on success reloads on the link it touched.
 * @param {Record<string, unknown>} edit
 */
async function send(edit) {
  const body = { ...edit, revision: Number(article.dataset.revision) };
  say("Saving…");
  let resp;
  try {
    resp = await fetch(`/api/documents/${encodeURIComponent(article.dataset.document)}/alignment`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": document.body.dataset.csrf || "" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch (e) {
    say("The server cannot be reached; nothing was changed.");
    return;
  }
  const answer = await resp.json().catch(() => ({}));
  if (resp.status === 409) {
    say("The document changed meanwhile (" + (answer.error || "conflict") + "); reloading.");
    setTimeout(() => location.reload(), 800);
    return;
  }
  if (!resp.ok) {
    say(answer.error || `The edit failed (${resp.status}).`);
    return;
  }
  sessionStorage.setItem(FOCUS_KEY, JSON.stringify({ doc: article.dataset.document, position: answer.first || 1 }));
  location.reload();
}

/**
 * The next row after the current one that passes test, wrapping round.
 * @param {(row: HTMLTableRowElement) => boolean} test
 */
function next(test) {
  const all = rows();
  const from = current ? all.indexOf(current) : -1;
  for (let k = 1; k <= all.length; k++) {
    const row = all[(from + k) % all.length];
    if (test(row)) return row;
  }
  return undefined;
}

/** @returns {boolean} whether there is a current link, saying so if not */
function needCurrent() {
  if (!current) say("Choose a link first (click it, or press j).");
  return current !== null;
}

/** @returns {boolean} whether a sentence is selected, saying so if not */
function needSelected() {
  if (!selected) say("Select a sentence first (click it).");
  return selected !== null;
}

/** Splits the current link before the selected sentence, or in halves. */
function split() {
  if (!needCurrent()) return;
  /** @type {Record<string, number>} */
  const counts = {};
  for (const td of current.querySelectorAll("td[lang]")) {
    const segs = [...td.querySelectorAll("p.seg")];
    const at = selected ? segs.indexOf(selected) : -1;
    counts[td.lang] = at > 0 ? at : Math.ceil(segs.length / 2);
    if (selected && at === 0) counts[td.lang] = 0;
  }
  send({ op: "split", position: position(current), counts });
}

/** Splits the selected sentence where the text cursor is. */
function splitSentence() {
  if (!needSelected()) return;
  const text = selected.querySelector(".segtext");
  const sel = window.getSelection();
  if (!text || !sel || sel.rangeCount === 0 || !text.contains(sel.anchorNode)) {
    say("Put the text cursor inside the selected sentence where it should be split.");
    return;
  }
  // The corrected reading shows other words than the base text: no offset
  // in it names a point of the base text.
  const reading = document.querySelector(".reading-switch input:checked")?.value;
  if (reading === "corrected" && selected.closest("td[lang]")?.lang === table.querySelector("td[lang]")?.lang) {
    say("Switch to the OCR or marked-up reading to split a sentence of the original.");
    return;
  }
  // Inserted corrections of the marked-up reading are skipped.
  const at = Number(selected.dataset.start) + pointOffset(text, sel.anchorNode, sel.anchorOffset);
  send({ op: "split-sentence", ...sentence(selected), at });
}

/**
 * Moves the selected sentence to the link above (the first sentence of its
 * side) or below (the last).
 * @param {boolean} up
 */
function move(up) {
  if (!needSelected()) return;
  const segs = [...selected.parentElement.querySelectorAll("p.seg")];
  if (segs.indexOf(selected) !== (up ? 0 : segs.length - 1)) {
    say(up ? "Only the first sentence of a link can move up." : "Only the last sentence of a link can move down.");
    return;
  }
  const row = /** @type {HTMLTableRowElement} */ (selected.closest("tr.link"));
  send({ op: up ? "move-up" : "move-down", position: position(row), lang: sentence(selected).lang });
}

/** @type {Record<string, () => void>} */
const keys = {
  j: () => setCurrent(current ? /** @type {HTMLTableRowElement} */ (current.nextElementSibling) || current : rows()[0]),
  k: () => setCurrent(current ? /** @type {HTMLTableRowElement} */ (current.previousElementSibling) || current : rows()[0]),
  n: () => {
    const row = next((r) => !r.classList.contains("confirmed"));
    row ? setCurrent(row) : say("Every link is confirmed.");
  },
  l: () => {
    const row = next((r) => r.classList.contains("uncertain"));
    row ? setCurrent(row) : say("No link has a low confidence.");
  },
  m: () => needCurrent() && send({ op: "merge", position: position(current) }),
  s: split,
  "[": () => move(true),
  "]": () => move(false),
  x: splitSentence,
  g: () => needSelected() && send({ op: "join-sentences", ...sentence(selected) }),
  c: () => needCurrent() && send({ op: "confirm", position: position(current) }),
  C: () => needCurrent() && send({ op: "confirm", position: 1, to: position(current) }),
  r: () => send({ op: "realign" }),
  u: () => send({ op: "undo" }),
  "?": () => {
    const help = /** @type {HTMLElement} */ (document.getElementById("align-help"));
    help.hidden = !help.hidden;
  },
};

/** Builds the toolbar, binds the keys, restores the focus after a reload. */
function start() {
  if (!table) return;
  const bar = document.createElement("div");
  bar.className = "align-toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "Alignment editor");
  const buttons = [
    ["n", "Next unconfirmed"], ["l", "Next uncertain"], ["m", "Merge with next"], ["s", "Split link"],
    ["[", "Sentence up"], ["]", "Sentence down"], ["x", "Split sentence"], ["g", "Join sentences"],
    ["c", "Confirm"], ["C", "Confirm up to here"], ["r", "Re-align the rest"], ["u", "Undo"], ["?", "Keys"],
  ];
  for (const [key, label] of buttons) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.key = key;
    b.textContent = label;
    b.title = `${label} (key ${key})`;
    b.addEventListener("click", () => keys[key]());
    bar.append(b);
  }
  status = document.createElement("p");
  status.className = "align-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const help = document.createElement("pre");
  help.id = "align-help";
  help.className = "align-help";
  help.hidden = true;
  help.textContent = buttons.map(([k, l]) => `${k.padEnd(3)} ${l}`).join("\n") + "\nj/k next/previous link · u or Ctrl+Z undo";
  const uncertain = table.querySelectorAll("tr.uncertain").length;
  say(`${uncertain} uncertain and ${rows().filter((r) => !r.classList.contains("confirmed")).length} unconfirmed links. Click a sentence to select it; press ? for the keys.`);
  table.before(bar, status, help);

  table.addEventListener("click", (ev) => {
    const target = /** @type {HTMLElement} */ (ev.target);
    if (target.closest("a")) return;
    const seg = /** @type {HTMLElement|null} */ (target.closest("p.seg"));
    if (seg) select(seg);
    else setCurrent(/** @type {HTMLTableRowElement|undefined} */ (target.closest("tr.link") || undefined));
  });
  document.addEventListener("keydown", (ev) => {
    const t = /** @type {HTMLElement} */ (ev.target);
    if (t.closest("input, textarea, select, [contenteditable]")) return;
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "z") {
      ev.preventDefault();
      keys.u();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const fn = keys[ev.key];
    if (fn) {
      ev.preventDefault();
      fn();
    }
  });

  const saved = JSON.parse(sessionStorage.getItem(FOCUS_KEY) || "null");
  sessionStorage.removeItem(FOCUS_KEY);
  if (saved && saved.doc === article.dataset.document) {
    setCurrent(rows()[saved.position - 1]);
  }
  document.body.dataset.alignEditor = "ready";
}

start();
