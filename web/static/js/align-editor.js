/**
 * The alignment editor of the reading view, for editors and admins.
 *
 * One link (a table row) is current and one sentence may be selected (click
 * it). The controls above the table are grouped by what they act on; the
 * current row also carries its own. Every edit is sent to
 * POST /api/documents/{id}/alignment with the page's ETag in If-Match, and
 * answered in place (rows.js): the rows are fetched again and replaced, the
 * reading and the scroll position stay, and a message says what happened and offers
 * Undo. A stale ETag (a colleague edited meanwhile) brings their rows.
 *
 * The one-letter keys act only while focus is in the alignment table, never
 * in the annotation popover, a form or a text field:
 *   j / k      next / previous link
 *   n          next unconfirmed link
 *   l          next low-confidence link
 *   m          merge the current link with the next
 *   s          split the current link (before the selected sentence, else in halves)
 *   [ / ]      move the selected sentence to the link above / below
 *   x          split the selected sentence at the word nearest the text cursor
 *   g          join the selected sentence with the next one
 *   c          confirm the current link
 *   C          confirm every link up to the current one
 *   r          re-align everything after the last confirmed link
 *   u, Ctrl+Z  undo the last edit
 *   ?          show or hide the keys
 *
 * @module align-editor
 */

import { request, failure } from "./api.js";
import { el } from "./dom.js";
import { pointOffset, domPoint, wordBoundary } from "./text-range.js";
import { rows, reloadRows } from "./rows.js";

const article = /** @type {HTMLElement|null} */ (document.querySelector("article.document[data-document]"));
const table = /** @type {HTMLTableElement|null} */ (article && article.querySelector("table.alignment"));

/** @type {HTMLTableRowElement|null} */
let current = null;
/** @type {HTMLElement|null} */
let selected = null;
/** @type {number} where the selected sentence would be split (code points into it), or -1 */
let cut = -1;

const status = el("p", { class: "align-status", role: "status", "aria-live": "polite" });
/** Where a split of the selected sentence would fall. */
const cutNote = el("p", { class: "align-cut hint" });
const undoButton = el("button", { type: "button", class: "undo-last", hidden: true, onclick: () => keys.u() }, "Undo");
const rowTools = el("span", { class: "row-tools", role: "group", "aria-label": "This link" });

/**
 * Says what happened, offering Undo when there is something to undo.
 * @param {string} msg
 * @param {boolean} [undo]
 */
function say(msg, undo = false) {
  status.replaceChildren(msg, undoButton);
  undoButton.hidden = !undo;
}

/**
 * Makes row the current link, gives it its own buttons, and scrolls it into view.
 * @param {HTMLTableRowElement|undefined|null} row
 * @param {boolean} [scroll]
 */
function setCurrent(row, scroll = true) {
  if (!row) return;
  if (current) current.classList.remove("current");
  current = row;
  row.classList.add("current");
  row.querySelector("th.n")?.append(rowTools);
  if (scroll) row.scrollIntoView({ block: "nearest" });
}

/**
 * Selects a sentence (a p.seg) and makes its link current.
 * @param {HTMLElement|null} seg
 */
function select(seg) {
  if (selected) selected.classList.remove("selected");
  selected = seg;
  cut = -1;
  CSS.highlights?.delete("split-cut");
  cutNote.textContent = "";
  if (seg) {
    seg.classList.add("selected");
    setCurrent(/** @type {HTMLTableRowElement} */ (seg.closest("tr.link")), false);
  }
}

/** @param {HTMLTableRowElement} row the 1-based position of a row */
const position = (row) => Number(row.dataset.position);

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
 * The stable number of the row at position p (the N of #link-N, which is
 * how the page names a link), or p when that row is not on the page.
 * @param {number} p
 */
const refAt = (p) => rows().find((row) => position(row) === p)?.dataset.ref || String(p);

/**
 * What an edit did, in a sentence, naming links by their stable numbers.
 * @param {Record<string, any>} edit
 * @param {{first?: number, count?: number}} answer
 * @param {{ref: string, next: string, to: string}} was the numbers of the rows edited, taken before the edit
 */
function describe(edit, answer, was) {
  const first = answer.first || edit.position;
  switch (edit.op) {
    case "merge": return `Merged link ${was.ref} with the next one (link ${was.next}).`;
    case "split": return `Split link ${was.ref} in two (links ${refAt(first)} and ${refAt(first + 1)}).`;
    case "move-up": return `Moved the sentence up into link ${refAt(first)}.`;
    case "move-down": return `Moved the sentence down into link ${refAt(first)}.`;
    case "split-sentence": return "Split the sentence in two.";
    case "join-sentences": return "Joined the sentence with the next one.";
    case "confirm": return edit.to && edit.to !== edit.position ? `Confirmed links ${was.ref} to ${was.to}.` : `Confirmed link ${was.ref}.`;
    case "realign": return "Re-aligned every link after the last confirmed one.";
    case "undo": return "Undid the last alignment edit.";
  }
  return "Done.";
}

/**
 * Sends one edit and answers in place.
 * @param {Record<string, any>} edit
 */
async function send(edit) {
  if (!article) return;
  say("Saving…");
  const was = { ref: refAt(edit.position), next: refAt(edit.position + 1), to: edit.to ? refAt(edit.to) : "" };
  const r = await request("POST", `/api/documents/${encodeURIComponent(article.dataset.document || "")}/alignment`,
    edit, { "If-Match": article.dataset.etag || "" });
  if (r.status === 412) {
    await reloadRows(() => say("Someone else edited this alignment meanwhile, so your edit was not made; the table now shows their version. Make your edit again if it is still needed.")).catch(() => {});
    return;
  }
  if (r.status === 404 && edit.op === "undo") {
    say("There is no alignment edit to undo.");
    return;
  }
  if (r.status !== 200) {
    say(failure(r));
    return;
  }
  try {
    await reloadRows(() => {
      setCurrent(rows()[(r.data.first || 1) - 1], false);
      say(describe(edit, r.data, was), true);
    });
  } catch {
    location.reload();
  }
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
  if (!current) say("Choose a link first: click it, or press j.");
  return current !== null;
}

/** @returns {boolean} whether a sentence is selected, saying so if not */
function needSelected() {
  if (!selected) say("Select a sentence first: click it.");
  return selected !== null;
}

/** Splits the current link before the selected sentence, or in halves. */
function split() {
  if (!needCurrent() || !current) return;
  /** @type {Record<string, number>} */
  const counts = {};
  for (const td of /** @type {NodeListOf<HTMLElement>} */ (current.querySelectorAll("td[lang]"))) {
    const segs = [...td.querySelectorAll("p.seg")];
    const at = selected ? segs.indexOf(selected) : -1;
    counts[td.lang] = at > 0 ? at : Math.ceil(segs.length / 2);
    if (selected && at === 0) counts[td.lang] = 0;
  }
  send({ op: "split", position: position(current), counts });
}

/** Whether the selected sentence is shown in the corrected reading, whose offsets are not the base text's. */
function correctedShown() {
  const reading = /** @type {HTMLInputElement|null} */ (document.querySelector(".reading-switch input:checked"))?.value;
  return reading === "corrected" && selected?.closest("td[lang]") === selected?.closest("tr")?.querySelector("td[lang]");
}

/**
 * Follows the text cursor in the selected sentence: the split it would
 * make snaps to the nearest word, and the part that would become a new
 * sentence is tinted, with a message saying where the cut falls.
 */
function previewCut() {
  const sel = getSelection();
  const text = selected?.querySelector(".segtext");
  if (!selected || !text || !sel || sel.rangeCount === 0 || !sel.isCollapsed || !text.contains(sel.anchorNode) || correctedShown()) return;
  const words = selected.dataset.text || text.textContent || "";
  const at = wordBoundary(words, pointOffset(text, /** @type {Node} */ (sel.anchorNode), sel.anchorOffset));
  if (at === cut) return;
  cut = at;
  if (at < 0) {
    cutNote.textContent = "This sentence is one word; there is nowhere to split it.";
    return;
  }
  const cps = [...words];
  const from = domPoint(text, at), to = domPoint(text, cps.length);
  if (from && to && CSS.highlights && typeof Highlight === "function") {
    const range = new Range();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    CSS.highlights.set("split-cut", new Highlight(range));
  }
  const before = cps.slice(Math.max(0, at - 24), at).join("").trimEnd(), after = cps.slice(at, at + 24).join("");
  cutNote.textContent = `Split at cursor would cut here: “…${before}” | “${after}…”`;
}

/** Splits the selected sentence at the word nearest the text cursor. */
function splitSentence() {
  if (!needSelected() || !selected) return;
  if (correctedShown()) {
    say("Switch to the OCR or marked-up reading to split a sentence of the original.");
    return;
  }
  const sel = getSelection();
  const text = selected.querySelector(".segtext");
  if (!text || !sel || sel.rangeCount === 0 || !text.contains(sel.anchorNode)) {
    say("Put the text cursor inside the selected sentence where it should be split.");
    return;
  }
  cut = -2;
  previewCut();
  if (cut < 0) {
    say("This sentence is one word; there is nowhere to split it.");
    return;
  }
  send({ op: "split-sentence", ...sentence(selected), at: Number(selected.dataset.start) + cut });
}

/**
 * Moves the selected sentence to the link above (the first sentence of its
 * side) or below (the last).
 * @param {boolean} up
 */
function move(up) {
  if (!needSelected() || !selected) return;
  const segs = [...(selected.parentElement?.querySelectorAll("p.seg") || [])];
  if (segs.indexOf(selected) !== (up ? 0 : segs.length - 1)) {
    say(up ? "Only the first sentence of a link can move up." : "Only the last sentence of a link can move down.");
    return;
  }
  const row = /** @type {HTMLTableRowElement} */ (selected.closest("tr.link"));
  send({ op: up ? "move-up" : "move-down", position: position(row), lang: sentence(selected).lang });
}

/** @param {HTMLTableRowElement|null} row the row after or before, or row itself at an end */
const step = (row, forward) => /** @type {HTMLTableRowElement|null} */ (row && (forward ? row.nextElementSibling : row.previousElementSibling)) || row;

/** @type {Record<string, () => void>} */
const keys = {
  j: () => setCurrent(current ? step(current, true) : rows()[0]),
  k: () => setCurrent(current ? step(current, false) : rows()[0]),
  n: () => {
    const row = next((r) => !r.classList.contains("confirmed"));
    row ? setCurrent(row) : say("Every link is confirmed.");
  },
  l: () => {
    const row = next((r) => r.classList.contains("uncertain"));
    row ? setCurrent(row) : say("No link has a low confidence.");
  },
  m: () => { if (needCurrent() && current) send({ op: "merge", position: position(current) }); },
  s: split,
  "[": () => move(true),
  "]": () => move(false),
  x: splitSentence,
  g: () => { if (needSelected() && selected) send({ op: "join-sentences", ...sentence(selected) }); },
  c: () => { if (needCurrent() && current) send({ op: "confirm", position: position(current) }); },
  C: () => { if (needCurrent() && current) send({ op: "confirm", position: 1, to: position(current) }); },
  r: () => send({ op: "realign" }),
  u: () => send({ op: "undo" }),
  "?": () => {
    const help = /** @type {HTMLElement} */ (document.getElementById("align-help"));
    help.hidden = !help.hidden;
  },
};

/** The controls, by what they act on: [key, label]. */
const GROUPS = [
  ["Find", [["n", "Next unconfirmed"], ["l", "Next uncertain"]]],
  ["Link", [["m", "Merge with next"], ["s", "Split link"], ["c", "Confirm"], ["C", "Confirm up to here"]]],
  ["Sentence", [["[", "Move up"], ["]", "Move down"], ["x", "Split at cursor"], ["g", "Join with next"]]],
  ["Document", [["r", "Re-align the rest"], ["u", "Undo"], ["?", "Keys"]]],
];

/**
 * A button that does what a key does.
 * @param {string} key @param {string} label
 */
function button(key, label) {
  return el("button", { type: "button", "data-key": key, "aria-keyshortcuts": key === "?" ? "Shift+?" : key,
    onclick: () => keys[key]() }, label, " ", el("kbd", { "aria-hidden": "true" }, key));
}

/**
 * Whether a key press is for the editor: focus is in the table (not in a
 * field, not in the popover), and no popover or passage-picking is open.
 * @param {KeyboardEvent} ev
 */
function forEditor(ev) {
  const t = /** @type {HTMLElement} */ (ev.target);
  if (!table || !table.contains(t) || t.closest("input, textarea, select, button, [contenteditable]")) return false;
  return !document.querySelector(".anno-popover:not([hidden])");
}

/** Builds the controls, binds the keys, and tells the tests it is ready. */
function start() {
  if (!table || !article) return;
  table.tabIndex = 0;
  table.setAttribute("aria-describedby", "align-keys-hint");
  const bar = el("div", { class: "align-toolbar", role: "toolbar", "aria-label": "Alignment editor" },
    ...GROUPS.map(([name, buttons]) => el("div", { class: "align-group", role: "group", "aria-label": String(name) },
      el("span", { class: "align-group-name", "aria-hidden": "true" }, String(name)),
      ...(/** @type {string[][]} */ (buttons)).map(([k, l]) => button(k, l)))));
  rowTools.append(button("m", "Merge"), button("s", "Split"), button("c", "Confirm"));
  const help = el("pre", { id: "align-help", class: "align-help", hidden: true },
    GROUPS.flatMap(([, b]) => /** @type {string[][]} */ (b)).map(([k, l]) => `${k.padEnd(3)} ${l}`).join("\n") + "\nj/k next/previous link · u or Ctrl+Z undo");
  const hint = el("p", { id: "align-keys-hint", class: "hint" }, "Click a sentence to select it, then use the buttons, or the keys while the table has focus (press ? for the list).");
  const uncertain = table.querySelectorAll("tr.uncertain").length;
  say(`${uncertain} uncertain and ${rows().filter((r) => !r.classList.contains("confirmed")).length} unconfirmed links.`);
  table.before(el("section", { class: "align-editor", "aria-label": "Alignment editor" }, bar, hint, status, cutNote, help));

  table.addEventListener("click", (ev) => {
    const target = /** @type {HTMLElement} */ (ev.target);
    // The keys act on the table: clicking in it gives it focus (not away
    // from the popover, which opens after the click).
    if (!table.contains(document.activeElement)) table.focus({ preventScroll: true });
    const seg = /** @type {HTMLElement|null} */ (target.closest("p.seg"));
    if (target.closest("a, button")) {
      // A row number chooses its row (and goes to its permalink).
      if (target.closest("th.n > a")) setCurrent(/** @type {HTMLTableRowElement} */ (target.closest("tr.link")), false);
      return;
    }
    if (seg) select(seg);
    else setCurrent(/** @type {HTMLTableRowElement|null} */ (target.closest("tr.link")));
  });
  table.addEventListener("keydown", (ev) => {
    if (!forEditor(ev)) return;
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
  document.addEventListener("selectionchange", previewCut);
  // New rows (after an edit here or a colleague's): the current link and
  // the selected sentence are found again by position, or let go.
  article.addEventListener("sverka:rows", () => {
    const pos = current ? position(current) : 0;
    select(null);
    current = null;
    if (pos) setCurrent(rows()[Math.min(pos, rows().length) - 1], false);
  });
  document.body.dataset.alignEditor = "ready";
}

start();
