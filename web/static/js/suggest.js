// OCR suggestions in the reading view: words Sverka thinks the OCR misread
// are underlined (a CSS highlight over the text, so the OCR reading is never
// hidden or changed), and clicking one, or pressing ";" to go to the next,
// opens a small card: propose a reading through the normal correction
// workflow (editors may accept it at once), propose it for every occurrence
// as one batch, or dismiss the suggestion for this document.

import { request, failure } from "./api.js";
import { article, doc, canAnnotate as canPropose, isEditor } from "./page.js";
import { el } from "./dom.js";

/** @type {{lang: string, start: number, end: number, form: string, readings: {text: string, confidence: number}[], occurrences: number}[]} */
let suggestions = [];
let current = -1;
let card = null;

/** Loads the document's suggestions and marks them. */
async function load() {
  const r = await request("GET", `/api/documents/${doc}/suggestions`);
  if (r.status !== 200) return;
  suggestions = r.data.suggestions || [];
  article.dataset.suggestions = String(suggestions.length);
  mark();
}

/**
 * The DOM range of base-text code points [start, end) inside a sentence, or
 * null when the sentence does not show the base text there (the corrected
 * reading, or an accepted correction over it).
 * @param {HTMLElement} p a .seg element
 */
function domRange(p, start, end) {
  const s = Number(p.dataset.start);
  const t = p.querySelector(".segtext");
  if (!t) return null;
  const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
  let n = s, from = null;
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("[data-skip]")) {
      if (from) return null; // an inserted correction inside the span
      continue;
    }
    const cps = [...node.data];
    for (let i = 0; i <= cps.length; i++) {
      const unit = cps.slice(0, i).join("").length;
      if (n + i === start && !from) { range.setStart(node, unit); from = node; }
      if (n + i === end && from) { range.setEnd(node, unit); return range; }
    }
    n += cps.length;
  }
  return null;
}

/** The original-language sentence holding base offset x. */
function sentenceAt(lang, x) {
  for (const p of document.querySelectorAll(`table.alignment td[lang="${lang}"] .seg`)) {
    if (Number(p.dataset.start) <= x && x < Number(p.dataset.end)) return p;
  }
  return null;
}

/** Marks every suggestion the page shows as it is. */
function mark() {
  if (!globalThis.CSS?.highlights || typeof Highlight === "undefined") return;
  const ranges = [];
  for (const sg of suggestions) {
    const p = sentenceAt(sg.lang, sg.start);
    const r = p && domRange(p, sg.start, sg.end);
    if (r) { sg.range = r; ranges.push(r); } else sg.range = null;
  }
  CSS.highlights.set("sverka-suggestion", new Highlight(...ranges));
}

/** Which suggestion, if any, a click at (x, y) falls on. */
function suggestionAt(x, y) {
  for (let i = 0; i < suggestions.length; i++) {
    const r = suggestions[i].range;
    if (!r) continue;
    for (const box of r.getClientRects()) {
      if (x >= box.left && x <= box.right && y >= box.top && y <= box.bottom) return i;
    }
  }
  return -1;
}

function closeCard() {
  card?.remove();
  card = null;
}

/** Opens the card of suggestion i beside its words. */
function open(i) {
  closeCard();
  current = i;
  const sg = suggestions[i];
  if (!sg?.range) return;
  const box = sg.range.getBoundingClientRect();
  const pct = (c) => `${Math.round(c * 100)} %`;
  card = el("div", { class: "suggestion-card", role: "dialog", "aria-label": `Suggested readings of ${sg.form}` },
    el("p", { class: "suggestion-form" }, "OCR: ", el("q", {}, sg.form)),
    el("ol", { class: "suggestion-readings" }, ...sg.readings.map((rd, k) =>
      el("li", {}, el("button", { type: "button", "data-key": String(k + 1), disabled: !canPropose, onclick: () => propose(sg, rd.text, false) },
        `${k + 1}. ${rd.text}`), " ", el("span", { class: "suggestion-confidence" }, pct(rd.confidence))))),
    canPropose && sg.occurrences > 0
      ? el("button", { type: "button", onclick: () => propose(sg, sg.readings[0].text, true) }, `e. Every occurrence (${sg.occurrences + 1})`) : "",
    canPropose ? el("button", { type: "button", onclick: () => dismiss(sg) }, "d. Dismiss") : "",
    canPropose ? "" : el("p", { class: "suggestion-note" }, "Sign in as an annotator to propose it."),
    el("p", { class: "suggestion-note" }, isEditor ? "An editor's choice is accepted at once." : "Proposed as a correction, suggested by Sverka, for an editor to review."));
  card.style.left = `${window.scrollX + box.left}px`;
  card.style.top = `${window.scrollY + box.bottom + 4}px`;
  document.body.append(card);
  card.querySelector("button:not([disabled])")?.focus();
}

/** Proposes a reading (for every occurrence, as one batch, if every). */
async function propose(sg, reading, every) {
  const r = await request("POST", `/api/documents/${doc}/suggestions/propose`,
    { lang: sg.lang, start: sg.start, end: sg.end, form: sg.form, reading, every, accept: isEditor });
  if (r.status !== 201) {
    card?.append(el("p", { class: "suggestion-error", role: "alert" }, failure(r)));
    return;
  }
  const row = sentenceAt(sg.lang, sg.start)?.closest("tr[id]");
  location.hash = row ? row.id : "";
  location.reload();
}

/** Dismisses a suggestion for this document. */
async function dismiss(sg) {
  const r = await request("POST", `/api/documents/${doc}/suggestions/dismiss`,
    { lang: sg.lang, start: sg.start, end: sg.end, form: sg.form, reading: sg.readings[0].text });
  if (r.status !== 204) {
    card?.append(el("p", { class: "suggestion-error", role: "alert" }, failure(r)));
    return;
  }
  suggestions.splice(suggestions.indexOf(sg), 1);
  closeCard();
  mark();
}

if (doc) {
  document.addEventListener("click", (ev) => {
    if (card?.contains(ev.target)) return;
    const i = suggestionAt(ev.clientX, ev.clientY);
    if (i >= 0 && !window.getSelection()?.toString()) open(i);
    else closeCard();
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.target.closest?.("input, textarea, [contenteditable]")) return;
    if (ev.key === ";" && suggestions.length) {
      const shown = suggestions.map((s, i) => (s.range ? i : -1)).filter((i) => i >= 0);
      if (!shown.length) return;
      const next = shown.find((i) => i > current) ?? shown[0];
      suggestions[next].range.startContainer.parentElement.closest(".seg")?.scrollIntoView({ block: "center" });
      open(next);
      ev.preventDefault();
    } else if (card && ev.key === "Escape") {
      closeCard();
    } else if (card && canPropose && /^[1-9]$/.test(ev.key)) {
      const rd = suggestions[current]?.readings[Number(ev.key) - 1];
      if (rd) propose(suggestions[current], rd.text, false);
    } else if (card && canPropose && ev.key === "e" && suggestions[current]?.occurrences > 0) {
      propose(suggestions[current], suggestions[current].readings[0].text, true);
    } else if (card && canPropose && ev.key === "d") {
      dismiss(suggestions[current]);
    }
  });
  // The annotation script renders the sentences again when the reading or
  // the annotations change: mark again, once per frame at most.
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; mark(); });
  }).observe(article, { childList: true, subtree: true });
  // Suggestions wait until the page has settled: they are a help, not the
  // page.
  (window.requestIdleCallback || ((f) => setTimeout(f, 500)))(() => load(), { timeout: 2000 });
}
