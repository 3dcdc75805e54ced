// Mapping between the page's sentences and code-point ranges of a base text.
// Each sentence is <span class="segtext"> inside <p class="seg" data-start
// data-end>; text inside [data-skip] (an inserted correction) is not part of
// the base text.

/**
 * Code points of the base text in el before (node, offset): text inside
 * [data-skip] (an inserted correction) is not counted.
 * @param {Element} el @param {Node} node @param {number} offset
 */
export function pointOffset(el, node, offset) {
  let n = 0;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const skip = t.parentElement.closest("[data-skip]");
    if (t === node) return n + (skip ? 0 : [...t.data.slice(0, offset)].length);
    if (!skip) n += [...t.data].length;
  }
  // The point is an element boundary: count whole children before it.
  if (node.nodeType === Node.ELEMENT_NODE) {
    let m = 0;
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = w.nextNode(); t; t = w.nextNode()) {
      if (node.childNodes[offset] && (node.childNodes[offset] === t || node.childNodes[offset].contains(t))) return m;
      if (!t.parentElement.closest("[data-skip]")) m += [...t.data].length;
    }
    return m;
  }
  return n;
}

/**
 * The selection as a base-text range, or null when it is empty or spans
 * both languages.
 * @returns {{lang: string, start: number, end: number, exact: string, cell: Element} | null}
 */
export function selectedRange() {
  const sel = getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  const segOf = (node) => (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest(".seg");
  const a = segOf(r.startContainer), b = segOf(r.endContainer);
  if (!a || !b) return null;
  const cellA = a.closest("td[lang]"), cellB = b.closest("td[lang]");
  if (!cellA || cellA.lang !== cellB?.lang) return null;
  const ta = a.querySelector(".segtext"), tb = b.querySelector(".segtext");
  const start = Number(a.dataset.start) + (ta.contains(r.startContainer) ? pointOffset(ta, r.startContainer, r.startOffset) : 0);
  const end = Number(b.dataset.start) + (tb.contains(r.endContainer) ? pointOffset(tb, r.endContainer, r.endOffset) : Number(b.dataset.end) - Number(b.dataset.start));
  if (end <= start) return null;
  // Between sentences the base text has separators the page does not show:
  // the server completes the quote of a selection across sentences.
  return { lang: cellA.lang, start, end, exact: a === b ? baseText(cellA.lang, start, end) : "", cell: cellA };
}

/** The base text of [start, end) as the page shows it (diplomatic). */
export function baseText(lang, start, end) {
  let out = "";
  for (const p of document.querySelectorAll(`td[lang="${lang}"] .seg`)) {
    const s = Number(p.dataset.start), e = Number(p.dataset.end);
    if (e <= start || s >= end) continue;
    const cps = [...p.dataset.text];
    out += cps.slice(Math.max(0, start - s), Math.min(cps.length, end - s)).join("");
  }
  return out;
}

/**
 * Renders a sentence's text with highlights and, in the marked-up reading,
 * struck originals and inserted corrections.
 * @param {HTMLElement} p the .seg element
 * @param {Array<{start:number,end:number,kind:string,id:string}>} marks
 * @param {Array<{start:number,end:number,inserted:string}>} edits
 */
export function renderSentence(p, marks, edits) {
  const s = Number(p.dataset.start), e = Number(p.dataset.end);
  const cps = [...p.dataset.text];
  const points = new Set([s, e]);
  for (const m of marks) { points.add(Math.max(s, Math.min(e, m.start))); points.add(Math.max(s, Math.min(e, m.end))); }
  for (const d of edits) { points.add(d.start); points.add(d.end); }
  const sorted = [...points].filter((x) => x >= s && x <= e).sort((x, y) => x - y);
  const frag = document.createDocumentFragment();
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i], b = sorted[i + 1];
    for (const d of edits) {
      if (d.end === a && d.inserted) {
        const ins = document.createElement("ins");
        ins.dataset.skip = "";
        ins.textContent = d.inserted;
        frag.append(ins);
      }
    }
    if (b === undefined) break;
    const text = cps.slice(a - s, b - s).join("");
    let node = document.createTextNode(text);
    const over = marks.filter((m) => m.start < b && m.end > a || m.start === m.end && m.start === a);
    if (over.length) {
      const mark = document.createElement("mark");
      mark.className = "anno " + [...new Set(over.map((m) => "anno-" + m.kind))].join(" ");
      mark.dataset.ids = over.map((m) => m.id).join(" ");
      mark.append(node);
      node = mark;
    }
    if (edits.some((d) => d.start <= a && b <= d.end && d.start < d.end)) {
      const del = document.createElement("del");
      del.append(node);
      node = del;
    }
    frag.append(node);
  }
  const t = p.querySelector(".segtext");
  t.replaceChildren(frag);
}

/**
 * The DOM point (text node and UTF-16 offset) at a code-point offset of
 * the base text in el, skipping [data-skip] text as pointOffset does.
 * @param {Element} el @param {number} cp
 * @returns {{node: Text, offset: number} | null}
 */
export function domPoint(el, cp) {
  let n = 0;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let t = /** @type {Text|null} */ (walker.nextNode()); t; t = /** @type {Text|null} */ (walker.nextNode())) {
    if (t.parentElement?.closest("[data-skip]")) continue;
    const cps = [...t.data];
    if (cp <= n + cps.length) return { node: t, offset: cps.slice(0, cp - n).join("").length };
    n += cps.length;
  }
  return null;
}

/**
 * Where a sentence can be split near a code-point offset of its text: the
 * start of the nearest word (after the spaces before it), never the very
 * start or end. Returns -1 when the sentence has a single word.
 * @param {string} text the sentence
 * @param {number} at a code-point offset in it
 */
export function wordBoundary(text, at) {
  const cps = [...text];
  const space = (/** @type {number} */ i) => /\s/u.test(cps[i] || "");
  /** @type {number[]} */
  const starts = [];
  for (let i = 1; i < cps.length; i++) if (space(i - 1) && !space(i)) starts.push(i);
  if (!starts.length) return -1;
  return starts.reduce((best, s) => (Math.abs(s - at) < Math.abs(best - at) ? s : best));
}
