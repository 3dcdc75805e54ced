/**
 * Annotating the reading view, the entry point: select words in either
 * column to annotate them from a popover (popover.js); annotated words are
 * highlighted by kind, and choosing a highlight (click, or Tab to it) opens
 * its card in the panel (panel.js); the original can be read in three
 * readings (readings.js). This module draws the text and wires the parts.
 *
 * @module annotate
 */

import { request } from "./api.js";
import { listAnnotations, readAnnotation } from "./annotation-api.js";
import { selectedRange, renderSentence } from "./text-range.js";
import { article, doc, state, sentences, originalLang, hooks, KINDS } from "./page.js";
import { loadReading, readingSwitch } from "./readings.js";
import { popover, openPopover, closePopover } from "./popover.js";
import { mountPanel, renderPanel, selectAnnotation, keepAbove } from "./panel.js";
import { startLive } from "./live.js";
import { addressedPassage, passageSentences } from "./passage.js";
import { mountCitations } from "./cite.js";
import { afterFirstPaint, el } from "./dom.js";

/** Draws every sentence in the current reading with its highlights, then the panel. */
function render() {
  /** @type {Record<string, any[]>} */
  const marks = {};
  for (const a of state.annotations) {
    if (a.lang === undefined || a.orphaned || a.deleted) continue;
    (marks[a.lang] ||= []).push({ start: a.start, end: a.end, kind: a.motivation, id: a.id });
  }
  for (const b of state.backlinks) for (const l of b.links) {
    if (l.doc === doc && l.lang) (marks[l.lang] ||= []).push({ start: l.start, end: l.end, kind: "backlink", id: b.id });
  }
  const orig = originalLang();
  const focus = addressedPassage(orig);
  if (focus) (marks[focus.lang] ||= []).push({ ...focus, kind: "focus", id: "focus" });
  for (const p of sentences()) {
    const lang = /** @type {HTMLElement} */ (p.closest("td[lang]")).lang;
    const t = /** @type {HTMLElement} */ (p.querySelector(".segtext"));
    if (lang === orig && state.reading === "corrected") {
      t.textContent = state.corrected.get(Number(p.dataset.start)) ?? p.dataset.text ?? "";
      continue;
    }
    const s = Number(p.dataset.start), e = Number(p.dataset.end);
    const mine = (marks[lang] || []).filter((m) => m.start <= e && m.end >= s);
    const edits = lang === orig && state.reading === "marked" ? state.edits.filter((d) => d.start >= s && d.end <= e) : [];
    renderSentence(p, mine, edits);
  }
  labelHighlights();
  renderPanel();
  focusHash();
}

/**
 * Makes each highlight a control: focusable, named by what it holds, and
 * marked when its annotation is the chosen one.
 */
function labelHighlights() {
  const byID = new Map(state.annotations.map((a) => [a.id, a]));
  for (const m of /** @type {NodeListOf<HTMLElement>} */ (article.querySelectorAll("mark.anno"))) {
    const found = (m.dataset.ids || "").split(" ").map((id) => byID.get(id)).filter(Boolean);
    if (!found.length) continue;
    m.tabIndex = 0;
    m.setAttribute("role", "button");
    m.setAttribute("aria-label", found.map((a) => `${KINDS[a.motivation]} by ${a.creator}`).join(", ") + ` on “${m.textContent}”`);
    m.classList.toggle("chosen", found.some((a) => a.id === state.selected));
  }
}

/**
 * The annotation a highlight stands for (the first of several).
 * @param {EventTarget|null} target
 */
function highlighted(target) {
  const m = /** @type {HTMLElement|null} */ (target instanceof Element ? target.closest("mark.anno[tabindex]") : null);
  return m?.dataset.ids?.split(" ").find((id) => state.annotations.some((a) => a.id === id));
}

/** The address last scrolled to, so that a redraw does not scroll again. */
let scrolledTo = "";

/**
 * Marks the sentences of the passage the address names (drawn highlighted
 * by render) and scrolls to its first words once.
 */
function focusHash() {
  document.querySelectorAll(".seg.anno-focus").forEach((e) => e.classList.remove("anno-focus"));
  const p = addressedPassage(originalLang());
  if (!p) return;
  const found = passageSentences(p);
  found.forEach((s) => s.classList.add("anno-focus"));
  const address = location.search + location.hash;
  if (found.length && scrolledTo !== address) {
    scrolledTo = address;
    (found[0].querySelector("mark.anno-focus") || found[0]).scrollIntoView({ block: "center" });
  }
}

/** Fetches the annotations, backlinks and corrections again, and draws everything. */
async function refresh() {
  const [items, back] = await Promise.all([
    listAnnotations(doc, { deleted: state.showDeleted }),
    request("GET", `/api/documents/${doc}/backlinks`),
    loadReading(),
  ]);
  state.annotations = items;
  state.backlinks = back.status === 200 ? back.data.items.map(readAnnotation)
    .flatMap((b) => b.links.filter((l) => l.doc === doc && l.lang).map((l) => ({ id: b.id, doc: b.doc, lang: b.lang, start: b.start, end: b.end, exact: b.exact, creator: b.creator, links: [l] }))) : [];
  render();
  if (article) article.dataset.annotations = "ready";
}

/** Keeps each sentence's base text, which render draws from. */
function keepTexts() {
  for (const p of sentences()) p.dataset.text = p.querySelector(".segtext")?.textContent || "";
}

function start() {
  if (!article) return;
  hooks.reload = refresh;
  hooks.render = render;
  hooks.select = selectAnnotation;
  keepTexts();
  mountPanel(readingSwitch(closePopover));
  document.body.append(popover);
  const table = /** @type {HTMLElement} */ (article.querySelector("table.alignment"));
  mountCitations(table);
  const onSelect = (/** @type {boolean} */ byKeyboard) => {
    const r = selectedRange();
    if (r && table.contains(r.cell)) openPopover(r, byKeyboard);
  };
  table.addEventListener("mouseup", () => setTimeout(() => onSelect(false), 0));
  table.addEventListener("keyup", (e) => { if (e.shiftKey) onSelect(true); });
  // A highlight chosen by click (not by selecting words across it), by Enter, or by Tab.
  table.addEventListener("click", (e) => {
    const id = highlighted(e.target);
    if (id && getSelection()?.isCollapsed !== false) {
      selectAnnotation(id, false);
      keepAbove(/** @type {Element} */ (e.target));
    }
  });
  table.addEventListener("focusin", (e) => {
    const id = highlighted(e.target);
    if (id) selectAnnotation(id, false);
  });
  table.addEventListener("keydown", (e) => {
    const id = highlighted(e.target);
    if (id && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      selectAnnotation(id, true);
      keepAbove(/** @type {Element} */ (e.target));
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && (!popover.hidden || state.picking)) { state.picking = null; closePopover(); }
    // Alt+A opens the popover for a selection made any other way (e.code:
    // on some layouts Alt+A types another letter).
    if (e.altKey && !e.ctrlKey && !e.metaKey && (e.code === "KeyA" || e.key.toLowerCase() === "a")) { e.preventDefault(); onSelect(true); }
  });
  // The alignment editor replaced the rows: draw them at once in the
  // reading shown, with their highlights, then fetch what may have moved.
  article.addEventListener("sverka:rows", () => {
    keepTexts();
    render();
    refresh().catch(() => {});
  });
  addEventListener("hashchange", () => render());
  startLive();
  // A document with a scan shows it in a pane beside the text, built once
  // the text is on the screen: the page itself loads nothing of it.
  if (article.dataset.scanned !== undefined) {
    afterFirstPaint(() => import("./facsimile.js").catch((e) => {
      article.querySelector(".doc-tools")?.append(el("span", { class: "error", role: "alert" }, ` · Could not load the scan: ${e.message}`));
    }));
  }
  refresh().catch((e) => { renderPanel(); article.querySelector(".anno-status")?.replaceChildren(`Could not load the annotations: ${e.message}`); });
}

start();
