/**
 * What the modules of the reading view share: the document, who is reading
 * it, the page's annotation state, and the hooks they call on one another.
 * The alignment editor tells the others that it replaced the table's rows
 * with a "sverka:rows" event on the article.
 *
 * @module page
 */

/** The document's article, or null on other pages. */
export const article = /** @type {HTMLElement|null} */ (document.querySelector("article.document[data-document]"));
/** The document's id. */
export const doc = article?.dataset.document || "";
/** The signed-in user's name, or "". */
export const user = document.body.dataset.user || "";
const rank = { reader: 1, annotator: 2, editor: 3, admin: 4 }[document.body.dataset.role || ""] || 0;
/** Whether the user may annotate, and review and edit the alignment. */
export const canAnnotate = rank >= 2, isEditor = rank >= 3;
/** What each motivation is called on the page. */
export const KINDS = { commenting: "Note", editing: "Correction", linking: "Cross-reference", replying: "Reply" };

/**
 * The page's annotation state. reading: which reading of the original is
 * shown; picking: a function waiting for a passage to be selected;
 * showDeleted: the panel also lists deleted annotations; history: the
 * annotations whose history is open; selected: the annotation whose card is
 * chosen (by its highlight or in the list).
 */
export const state = {
  /** @type {any[]} */ annotations: [],
  /** @type {any[]} */ backlinks: [],
  reading: "diplomatic",
  /** @type {{start:number,end:number,inserted:string}[]} */ edits: [],
  /** @type {Map<number,string>} */ corrected: new Map(),
  /** @type {null|((r: any) => void)} */ picking: null,
  showDeleted: false,
  history: new Set(),
  selected: "",
};

/** @returns {HTMLElement[]} every sentence of the table */
export const sentences = () => [...document.querySelectorAll("table.alignment .seg")];
/** @returns {string} the language of the original (the left column) */
export const originalLang = () => /** @type {HTMLElement|null} */ (document.querySelector("table.alignment td[lang]"))?.lang || "ru";

/**
 * What the modules call on one another, set by annotate.js at start:
 * reload fetches the annotations again and draws everything; render draws
 * the text and the panel from what is loaded; select opens the card of an
 * annotation (and the drawer on a narrow screen).
 */
export const hooks = {
  /** @type {() => Promise<void>} */ reload: async () => {},
  /** @type {() => void} */ render: () => {},
  /** @type {(id: string, focus?: boolean) => void} */ select: () => {},
};

/**
 * A date and time as a scholar reads it, in a <time> element.
 * @param {string} iso
 * @returns {string}
 */
export function when(iso) {
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}
