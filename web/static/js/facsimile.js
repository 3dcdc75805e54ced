// The facsimile pane of the reading view: the scan of the original (or of
// the translation, where it has one: a switch in the toolbar, or selecting
// words of the other text, shows it) beside the parallel text, served by
// Sverka's IIIF image service. Hovering a row or
// selecting words shows their boxes on the scan; clicking a box (or Enter on
// it) selects its word in the text, ready to annotate or correct; the
// correction form shows the crop of the words it corrects. The reading
// view (annotate.js) loads this module, and this module its stylesheet,
// only for a document with scans and only once the text is on the screen;
// a document without says so in the page itself.
//
// Data: GET /api/documents/{id}/facsimile?lang=L answers
//   {lang, role, scanned: [langs], pages: [{label, service, width, height}], words: [[start, end, page, x, y, w, h]]}
// with base-text code-point ranges and boxes in page pixels.

import { el } from "./dom.js";
import { failure, request } from "./api.js";
import { selectedRange } from "./text-range.js";

const SVG = "http://www.w3.org/2000/svg";

/** The page's article and its document's id. */
let article, doc;

/** @type {{lang: string, role: string, scanned: string[], pages: Array<{label: string, service: string, width: number, height: number}>, words: number[][]}} */
let data;
let page = 0; // index of the page shown
let zoom = 1; // 1: the page fits the pane's width
let cursor = -1; // index into data.words of the keyboard's word
let lastRange = null; // the last selection in the text, for the correction crop

const view = el("div", { class: "fx-view", tabindex: "0", role: "application",
  "aria-label": "Scan: arrow keys move between words, Enter selects the word in the text, + and − zoom, Page Up and Page Down turn pages" });
const sheet = el("div", { class: "fx-sheet" });
const img = el("img", { class: "fx-img", alt: "", loading: "lazy", decoding: "async" });
const svg = document.createElementNS(SVG, "svg");
const label = el("output", { class: "fx-label", "aria-live": "polite" });
const hint = el("p", { class: "fx-hint", role: "status" });
const pane = el("section", { class: "facsimile", "aria-label": "Scan of the original" });
const switcher = el("span", { class: "fx-langs", role: "group", "aria-label": "Which text's scan" });
const toggle = el("button", { type: "button", "aria-expanded": "false", onclick: () => showPane(pane.classList.contains("fx-closed")) }, "Show the scan");

/** Words whose range overlaps [start, end), as indexes into data.words. */
function wordsIn(start, end) {
  const out = [];
  data.words.forEach((w, i) => { if (w[0] < end && w[1] > start) out.push(i); });
  return out;
}

/** Shows page n (from 0) at the current zoom; only this page's image loads. */
function showPage(n) {
  page = Math.max(0, Math.min(data.pages.length - 1, n));
  const p = data.pages[page];
  label.textContent = `Page ${p.label} of ${data.pages.length}`;
  svg.setAttribute("viewBox", `0 0 ${p.width} ${p.height}`);
  svg.replaceChildren();
  data.words.forEach((w, i) => {
    if (w[2] !== page) return;
    const r = document.createElementNS(SVG, "rect");
    r.setAttribute("x", w[3]); r.setAttribute("y", w[4]); r.setAttribute("width", w[5]); r.setAttribute("height", w[6]);
    r.setAttribute("class", "fx-word");
    r.dataset.i = i;
    svg.append(r);
  });
  layout();
}

/** Sizes the sheet for the zoom and asks the image service for as many pixels as the screen shows. */
function layout() {
  const p = data.pages[page];
  const width = Math.max(100, view.clientWidth * zoom);
  sheet.style.width = `${width}px`;
  sheet.style.aspectRatio = `${p.width} / ${p.height}`;
  const want = Math.min(p.width, Math.ceil((width * devicePixelRatio) / 256) * 256);
  const src = `${p.service}/full/${want},/0/default.jpg`;
  if (img.getAttribute("src") !== src) img.src = src;
  img.alt = `Scan, page ${p.label}`;
}

/** Marks the given words as highlighted and brings the first into view. */
function highlight(indexes, scroll) {
  for (const r of svg.querySelectorAll(".fx-hl")) r.classList.remove("fx-hl");
  if (!indexes.length) return;
  const first = data.words[indexes[0]];
  if (first[2] !== page) showPage(first[2]);
  const set = new Set(indexes);
  for (const r of svg.querySelectorAll(".fx-word")) if (set.has(Number(r.dataset.i))) r.classList.add("fx-hl");
  hint.textContent = "";
  if (scroll) svg.querySelector(".fx-hl")?.scrollIntoView({ block: "nearest", inline: "nearest" });
}

/** The DOM point at code point k of a sentence's base text (corrections inserted in the marked reading are skipped). */
function domPoint(segtext, k) {
  const walker = document.createTreeWalker(segtext, NodeFilter.SHOW_TEXT);
  let last = null;
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t.parentElement.closest("[data-skip]")) continue;
    const cps = [...t.data];
    if (k <= cps.length) return [t, cps.slice(0, k).join("").length];
    k -= cps.length;
    last = t;
  }
  return last ? [last, last.data.length] : [segtext, 0];
}

/**
 * Word i with the other part of a word hyphenated across lines: the boxes
 * of its parts share their boundary in the text; other words' never touch.
 * @returns {number[]} indexes into data.words
 */
function wholeWord(i) {
  const out = [i];
  if (i > 0 && data.words[i - 1][1] === data.words[i][0]) out.unshift(i - 1);
  if (i + 1 < data.words.length && data.words[i + 1][0] === data.words[i][1]) out.push(i + 1);
  return out;
}

/** Selects word i (both parts of a hyphenated one) in the text and hands the selection to the annotation popover. */
function selectWord(i, byKeyboard) {
  const parts = wholeWord(i);
  const start = data.words[parts[0]][0], end = data.words[parts[parts.length - 1]][1];
  for (const p of article.querySelectorAll(`td[lang="${data.lang}"] .seg`)) {
    const s = Number(p.dataset.start), e = Number(p.dataset.end);
    if (start < s || start >= e) continue;
    const t = p.querySelector(".segtext");
    const r = document.createRange();
    r.setStart(...domPoint(t, start - s));
    r.setEnd(...domPoint(t, Math.min(end, e) - s));
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
    p.scrollIntoView({ block: "nearest" });
    highlight(parts, false);
    // annotate.js opens its popover on a mouse-up, or a shifted key-up, in the table.
    p.dispatchEvent(byKeyboard ? new KeyboardEvent("keyup", { bubbles: true, shiftKey: true }) : new MouseEvent("mouseup", { bubbles: true }));
    return;
  }
  hint.textContent = "This word is not in the rows shown here, or was dropped from the base text as page noise.";
}

/** Moves the keyboard's word on this page by delta. */
function moveCursor(delta) {
  const onPage = data.words.map((w, i) => [w, i]).filter(([w]) => w[2] === page).map(([, i]) => i);
  if (!onPage.length) return;
  const at = onPage.indexOf(cursor);
  cursor = onPage[at < 0 ? 0 : Math.max(0, Math.min(onPage.length - 1, at + delta))];
  for (const r of svg.querySelectorAll(".fx-cursor")) r.classList.remove("fx-cursor");
  const r = svg.querySelector(`[data-i="${cursor}"]`);
  r.classList.add("fx-cursor");
  r.scrollIntoView({ block: "nearest", inline: "nearest" });
  const [start, end] = data.words[cursor];
  hint.textContent = `Word ${onPage.indexOf(cursor) + 1} of ${onPage.length}: ${textOf(start, end)}`;
}

/** The base text of [start, end) as the page shows it. */
function textOf(start, end) {
  for (const p of article.querySelectorAll(`td[lang="${data.lang}"] .seg`)) {
    const s = Number(p.dataset.start), e = Number(p.dataset.end);
    if (start >= s && start < e) return [...(p.dataset.text || p.querySelector(".segtext").textContent)].slice(start - s, end - s).join("");
  }
  return "";
}

function setZoom(z) {
  zoom = Math.max(1, Math.min(8, z));
  layout();
}

/** Opens or closes the pane (a toggle at phone width). */
function showPane(open) {
  pane.classList.toggle("fx-closed", !open);
  toggle.setAttribute("aria-expanded", String(open));
  toggle.textContent = open ? "Hide the scan" : "Show the scan";
  if (open) layout();
}

/** The crop of the words under the current selection, shown in the correction form. */
function addCrop(form) {
  if (!lastRange || lastRange.lang !== data.lang || form.querySelector(".fx-crop")) return;
  const idx = wordsIn(lastRange.start, lastRange.end);
  if (!idx.length) return;
  const words = idx.map((i) => data.words[i]).filter((w) => w[2] === data.words[idx[0]][2]);
  const p = data.pages[words[0][2]];
  const pad = 6;
  const x0 = Math.max(0, Math.min(...words.map((w) => w[3])) - pad), y0 = Math.max(0, Math.min(...words.map((w) => w[4])) - pad);
  const x1 = Math.min(p.width, Math.max(...words.map((w) => w[3] + w[5])) + pad), y1 = Math.min(p.height, Math.max(...words.map((w) => w[4] + w[6])) + pad);
  const crop = el("img", { class: "fx-crop", alt: `The scan of “${lastRange.exact || "the selection"}”`, src: `${p.service}/${x0},${y0},${x1 - x0},${y1 - y0}/max/0/default.jpg` });
  form.prepend(el("figure", { class: "fx-crop-figure" }, crop, el("figcaption", {}, `Scan, page ${p.label}`)));
}

/** Fetches the scan of the lang text (the original's when lang is empty). */
async function fetchScan(lang) {
  const q = lang ? `?lang=${encodeURIComponent(lang)}` : "";
  const r = await request("GET", `/api/documents/${doc}/facsimile${q}`, undefined, { Accept: "application/json" });
  if (r.status !== 200) throw new Error(failure(r));
  return r.data;
}

/** Shows the scan of the lang text from its first page. */
async function showScan(lang) {
  if (data.lang === lang) return;
  data = await fetchScan(lang);
  cursor = -1;
  pane.setAttribute("aria-label", `Scan of the ${data.role}`);
  for (const b of switcher.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.lang === data.lang));
  showPage(0);
}

function toolbar() {
  const button = (text, title, onclick) => el("button", { type: "button", title, "aria-label": title, onclick }, text);
  return el("div", { class: "fx-tools" },
    button("‹", "Previous page", () => showPage(page - 1)), label, button("›", "Next page", () => showPage(page + 1)),
    button("−", "Zoom out", () => setZoom(zoom / 1.5)), button("+", "Zoom in", () => setZoom(zoom * 1.5)),
    button("Fit", "Fit the page to the pane", () => setZoom(1)), switcher);
}

function wire() {
  const table = article.querySelector("table.alignment");
  table.addEventListener("mouseover", (e) => {
    const tr = e.target.closest("tr.link");
    if (!tr || getSelection().toString()) return;
    const segs = [...tr.querySelectorAll(`td[lang="${data.lang}"] .seg`)];
    if (segs.length) highlight(wordsIn(Number(segs[0].dataset.start), Number(segs.at(-1).dataset.end)), false);
  });
  document.addEventListener("selectionchange", async () => {
    const r = selectedRange();
    if (!r || !data.scanned.includes(r.lang)) return;
    if (r.lang !== data.lang) await showScan(r.lang);
    lastRange = r;
    highlight(wordsIn(r.start, r.end), true);
  });
  svg.addEventListener("click", (e) => {
    const i = e.target.dataset?.i;
    if (i !== undefined) selectWord(Number(i), false);
  });
  view.addEventListener("keydown", (e) => {
    const keys = {
      ArrowRight: () => moveCursor(1), ArrowDown: () => moveCursor(1), ArrowLeft: () => moveCursor(-1), ArrowUp: () => moveCursor(-1),
      Enter: () => {}, "+": () => setZoom(zoom * 1.5), "=": () => setZoom(zoom * 1.5), "-": () => setZoom(zoom / 1.5),
      PageDown: () => showPage(page + 1), PageUp: () => showPage(page - 1),
    };
    if (keys[e.key] && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      keys[e.key]();
    }
  });
  // Enter selects on key-up, so that the key does not also press the
  // popover's first button, which takes the focus.
  view.addEventListener("keyup", (e) => {
    if (e.key === "Enter" && cursor >= 0) selectWord(cursor, true);
  });
  new MutationObserver(() => {
    const form = document.querySelector(".anno-popover form[data-kind=editing]");
    if (form) addCrop(form);
  }).observe(document.body, { childList: true, subtree: true });
  new ResizeObserver(() => layout()).observe(view);
}

/** Adds the pane's stylesheet to the page and waits until it has loaded. */
function paneStyle() {
  const link = el("link", { rel: "stylesheet", href: new URL("../css/facsimile.css", import.meta.url).href });
  const loaded = new Promise((resolve) => {
    link.addEventListener("load", resolve, { once: true });
    link.addEventListener("error", resolve, { once: true });
  });
  document.head.append(link);
  return loaded;
}

async function start() {
  article = document.querySelector("article.document[data-document]");
  doc = article?.dataset.document;
  if (!doc) return;
  const style = paneStyle();
  data = await fetchScan("");
  if (!data.scanned.length) return;
  if (!data.pages.length) data = await fetchScan(data.scanned[0]);
  pane.setAttribute("aria-label", `Scan of the ${data.role}`);
  if (data.scanned.length > 1) {
    for (const lang of data.scanned) {
      switcher.append(el("button", { type: "button", "data-lang": lang, "aria-pressed": String(lang === data.lang),
        title: `Show the scan of the ${lang} text`, onclick: () => showScan(lang) }, lang));
    }
  }
  await style;
  const tools = article.querySelector(".doc-tools");
  svg.setAttribute("class", "fx-boxes");
  svg.setAttribute("preserveAspectRatio", "none");
  sheet.append(img, svg);
  view.append(sheet);
  pane.append(toolbar(), view, hint);
  article.classList.add("with-facsimile");
  article.querySelector("table.alignment").before(pane);
  tools?.append(el("span", { class: "fx-toggle" }, toggle));
  showPane(!matchMedia("(max-width: 40rem)").matches);
  showPage(0);
  wire();
  article.dataset.facsimile = "ready";
}

function begin() {
  start().catch((e) => {
    article.querySelector(".doc-tools")?.append(el("span", { class: "error", role: "alert" }, ` · Could not load the scan: ${e.message}`));
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", begin, { once: true });
else begin();
