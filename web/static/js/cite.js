/**
 * "Cite this passage": selected words (from the popover) or a row (its
 * Cite action) are cited in a dialog, in the styles the server writes
 * (Chicago-like text, BibTeX, CSL-JSON), each with a Copy button. The
 * citation carries the passage's permanent URL (code points of the
 * immutable base text) and today's date as the access date.
 *
 * @module cite
 */

import { request, failure } from "./api.js";
import { el } from "./dom.js";
import { doc } from "./page.js";

/** The citation styles, in the order shown. */
const STYLES = [
  { key: "chicago", label: "Chicago (notes)" },
  { key: "bibtex", label: "BibTeX" },
  { key: "csl", label: "CSL-JSON (Zotero, Pandoc)" },
];

/** The dialog; one for the page. */
const dialog = /** @type {HTMLDialogElement} */ (el("dialog", { class: "cite-dialog", "aria-labelledby": "cite-title" }));
/** @type {HTMLElement|null} where focus goes back to */
let opener = null;

/**
 * Copies a style's text and says so.
 * @param {HTMLTextAreaElement} area @param {HTMLElement} status
 */
async function copy(area, status) {
  try {
    await navigator.clipboard.writeText(area.value);
  } catch {
    area.select(); // the clipboard API needs a secure context: the old way
    document.execCommand("copy");
  }
  status.textContent = "Copied.";
}

/**
 * Opens the citation of a passage.
 * @param {{lang: string, start: number, end: number}} p
 * @param {HTMLElement|null} from where focus goes back when the dialog closes
 */
export async function openCitation(p, from) {
  opener = from;
  const q = new URLSearchParams({ lang: p.lang, char: `${p.start},${p.end}` });
  const r = await request("GET", `/api/documents/${encodeURIComponent(doc)}/passage?${q}`);
  const status = el("p", { class: "cite-status", role: "status" });
  const close = el("button", { type: "button", class: "close", onclick: () => dialog.close() }, "Close");
  if (r.status !== 200) {
    dialog.replaceChildren(el("h2", { id: "cite-title" }, "Cite this passage"), el("p", {}, failure(r)), close);
  } else {
    const c = r.data.citation;
    const styles = STYLES.map((s, i) => {
      const text = s.key === "csl" ? JSON.stringify(c.csl, null, 2) : c[s.key];
      const area = /** @type {HTMLTextAreaElement} */ (el("textarea", { id: `cite-${s.key}`, readonly: true, rows: s.key === "chicago" ? 4 : 8 }));
      area.value = text;
      return el("div", { class: "cite-style" },
        el("label", { for: `cite-${s.key}` }, s.label),
        area,
        el("button", { type: "button", "data-style": s.key, onclick: () => copy(area, status) }, `Copy ${s.label.split(" ")[0]}`));
    });
    dialog.replaceChildren(
      el("h2", { id: "cite-title" }, "Cite this passage"),
      el("blockquote", { lang: r.data.lang }, r.data.text),
      el("p", {}, "Permanent address: ", el("a", { href: r.data.url, class: "cite-url" }, r.data.url)),
      ...styles, status, close);
  }
  if (!dialog.isConnected) document.body.append(dialog);
  dialog.showModal();
  /** @type {HTMLElement|null} */ (dialog.querySelector("textarea, button"))?.focus();
}

/**
 * Wires the rows' Cite actions (links to the passage's API answer that
 * open the dialog instead).
 * @param {HTMLElement} table
 */
export function mountCitations(table) {
  dialog.addEventListener("close", () => opener?.focus());
  table.addEventListener("click", (e) => {
    const a = /** @type {HTMLElement|null} */ (e.target instanceof Element ? e.target.closest("a.cite-row") : null);
    if (!a) return;
    e.preventDefault();
    openCitation({ lang: a.dataset.lang || "", start: Number(a.dataset.start), end: Number(a.dataset.end) }, a);
  });
}
