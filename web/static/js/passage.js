/**
 * Passage addresses. A passage is a range of code points (not UTF-16
 * units) of an immutable base text, so its address never drifts:
 * ?lang=L&char=S,E (the server opens the part of a long document holding
 * it), the RFC 5147 fragment #char=S,E (in ?lang=, else the original), and
 * #passage=L:S-E, which cross-references link to.
 *
 * @module passage
 */

/**
 * The passage the page's address names, or null.
 * @param {string} original the language of the original
 * @returns {{lang: string, start: number, end: number} | null}
 */
export function addressedPassage(original) {
  const m = /^#passage=([^:]+):(\d+)-(\d+)$/.exec(location.hash);
  if (m) return { lang: m[1], start: Number(m[2]), end: Number(m[3]) };
  const q = new URLSearchParams(location.search);
  const c = /^#char=(\d*),(\d*)$/.exec(location.hash) || /^(\d*),(\d*)$/.exec(q.get("char") || "");
  if (!c) return null;
  return { lang: q.get("lang") || original, start: c[1] ? Number(c[1]) : 0, end: c[2] ? Number(c[2]) : Infinity };
}

/**
 * The sentences of the page holding words of a passage, in order.
 * @param {{lang: string, start: number, end: number}} p
 * @returns {HTMLElement[]}
 */
export function passageSentences(p) {
  return [...document.querySelectorAll(`table.alignment td[lang="${CSS.escape(p.lang)}"] .seg`)].filter((s) => {
    const e = /** @type {HTMLElement} */ (s);
    return Number(e.dataset.start) < p.end && p.start < Number(e.dataset.end);
  }).map((s) => /** @type {HTMLElement} */ (s));
}
