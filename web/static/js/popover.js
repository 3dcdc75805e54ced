/**
 * The popover by a selection of words: choose a kind (note, correction,
 * cross-reference, or keep the passage as a link target), then fill in its
 * form. Editing an annotation from the panel opens the same form. A change
 * someone else made meanwhile is shown, with the choice of keeping theirs
 * or saving yours over it.
 *
 * @module popover
 */

import { request, failure } from "./api.js";
import { textTarget, annotationETag, annotationHeaders, listVersions, editedBodies } from "./annotation-api.js";
import { el } from "./dom.js";
import { doc, state, canAnnotate, KINDS, sentences, originalLang, hooks } from "./page.js";
import { openCitation } from "./cite.js";

/** The popover; one for the page, appended to the body at start. */
export const popover = el("div", { class: "anno-popover", role: "dialog", "aria-label": "Annotate the selection", hidden: true });
/** @type {any} the selected range the popover is for */
let current = null;
/** @type {null|(() => HTMLElement|undefined)} where focus goes back to when the popover closes */
let returnFocus = null;
/** @type {null|{left:number,top:number,bottom:number}} the selection the popover is for, in page coordinates */
let anchor = null;

/**
 * The sentence a range starts in, made focusable so focus can return to the text.
 * @param {{lang:string,start:number}} range
 */
function sentenceOf(range) {
  const p = sentences().find((x) => /** @type {HTMLElement} */ (x.closest("td[lang]")).lang === range.lang &&
    Number(x.dataset.start) <= range.start && range.start < Number(x.dataset.end));
  if (p && !p.hasAttribute("tabindex")) p.tabIndex = -1;
  return p;
}

/**
 * Closes the popover. If focus was in it (or nowhere), it goes back to where
 * the popover was opened from: the annotated sentence or the panel's Edit.
 */
export function closePopover() {
  const active = document.activeElement;
  const hadFocus = popover.contains(active) || active === document.body || active === null;
  popover.hidden = true;
  popover.replaceChildren();
  current = null;
  const back = returnFocus;
  returnFocus = null;
  if (hadFocus && back) back()?.focus();
}

/**
 * Places the popover by the selection (by the last one when focus has left
 * it, as when a form replaces the kind buttons): below it, or above it when
 * there is no room below on screen, and never beyond the right edge, so that
 * on a phone it neither leaves the screen nor covers the selected words.
 */
function placePopover() {
  const sel = getSelection();
  const r = sel && sel.rangeCount ? sel.getRangeAt(0).getBoundingClientRect() : null;
  if (r && (r.width || r.height)) anchor = { left: r.left + scrollX, top: r.top + scrollY, bottom: r.bottom + scrollY };
  const a = anchor || { left: 20 + scrollX, top: 20 + scrollY, bottom: 20 + scrollY };
  const w = popover.offsetWidth, h = popover.offsetHeight, vw = document.documentElement.clientWidth;
  const left = Math.max(8, Math.min(a.left - scrollX, vw - w - 8));
  let top = a.bottom - scrollY + 6;
  if (top + h > innerHeight && a.top - scrollY - 6 - h >= 0) top = a.top - scrollY - 6 - h;
  popover.style.left = `${left + scrollX}px`;
  popover.style.top = `${top + scrollY}px`;
}

/**
 * Places the popover beside a node (an annotation's card), on screen.
 * @param {Element} node
 */
function placeAt(node) {
  const r = node.getBoundingClientRect();
  const vw = document.documentElement.clientWidth;
  const left = Math.max(8, Math.min(r.left - 340, vw - popover.offsetWidth - 8));
  popover.style.left = `${left + scrollX}px`;
  popover.style.top = `${Math.max(8, r.top) + scrollY}px`;
}

/**
 * Shows the kind buttons for a selection (to readers, only Cite), or hands
 * the selection to a cross-reference form that waits for its target.
 * @param {any} range a selectedRange()
 * @param {boolean} byKeyboard whether the selection was made with the keyboard
 */
export function openPopover(range, byKeyboard) {
  if (state.picking) {
    state.picking(range);
    return;
  }
  returnFocus = () => sentenceOf(range);
  if (state.reading === "corrected" && range.lang === originalLang()) {
    current = null;
    const close = el("button", { type: "button", class: "close", onclick: closePopover }, "Close");
    popover.replaceChildren(el("p", {}, "Switch to the OCR or marked-up reading to annotate or cite the original."), close);
    popover.hidden = false;
    placePopover();
    close.focus();
    return;
  }
  current = range;
  const buttons = [];
  if (canAnnotate) {
    buttons.push(el("button", { type: "button", "data-kind": "commenting", onclick: () => openForm("commenting") }, "Note"));
    if (range.lang === originalLang()) buttons.push(el("button", { type: "button", "data-kind": "editing", onclick: () => openForm("editing") }, "Correction"));
    buttons.push(el("button", { type: "button", "data-kind": "linking", onclick: () => openForm("linking") }, "Cross-reference"));
    buttons.push(el("button", { type: "button", "data-kind": "keep", title: "Keep this passage, to link to it from another document", onclick: () => keepTarget(range) }, "Keep as link target"));
  }
  buttons.push(el("button", { type: "button", "data-kind": "cite", title: "A citation of these words with their permanent address", onclick: () => {
    const back = sentenceOf(range) || null;
    returnFocus = null;
    closePopover();
    openCitation(range, back);
  } }, "Cite"));
  buttons.push(el("button", { type: "button", class: "close", "aria-label": "Close", onclick: closePopover }, "×"));
  popover.replaceChildren(el("p", { class: "quote" }, `“${range.exact || "selection"}”`), el("div", { class: "kinds" }, ...buttons));
  popover.hidden = false;
  placePopover();
  // Focus moves into the popover, so that Tab, Enter and Escape act on it
  // (and the alignment editor's keys do not).
  buttons[0].focus({ preventScroll: !byKeyboard });
}

/**
 * Opens the form to edit an annotation, beside its card.
 * @param {any} a the annotation
 * @param {Element} card where the popover goes
 * @param {() => HTMLElement|undefined} back where focus returns
 */
export function editAnnotation(a, card, back) {
  current = null;
  returnFocus = back;
  openForm(a.motivation === "replying" ? "commenting" : a.motivation, a);
  placeAt(card);
}

// ---- Link targets kept across documents --------------------------------

const KEPT = "sverka.linkTarget";

/**
 * Keeps a passage as the target of a cross-reference to be made from
 * another page (or this one), in the browser's storage: a scholar selects
 * the passage in one document, then links to it from another, with no
 * offsets to type.
 * @param {{lang: string, start: number, end: number, exact: string}} range
 */
function keepTarget(range) {
  const title = document.querySelector(".doc-head h1")?.textContent?.trim() || doc;
  localStorage.setItem(KEPT, JSON.stringify({ doc, title, lang: range.lang, start: range.start, end: range.end, exact: range.exact }));
  const close = el("button", { type: "button", class: "close", onclick: closePopover }, "Close");
  popover.replaceChildren(el("p", { role: "status" }, `Kept “${range.exact}” as a link target: select the passage to link from (here or in another document) and make a cross-reference.`), close);
  placePopover();
  close.focus();
}

/** The passage kept as a link target, or null. */
function keptTarget() {
  try {
    const k = JSON.parse(localStorage.getItem(KEPT) || "null");
    return k && typeof k.doc === "string" && typeof k.lang === "string" && Number.isInteger(k.start) && Number.isInteger(k.end) ? k : null;
  } catch {
    return null;
  }
}

/** The name of a language for a passage picked in this document. */
const langName = (lang) => /** @type {HTMLElement|null} */ (document.querySelector(`table.alignment thead th[lang="${lang}"]`))?.textContent || lang;

/**
 * A search of the archive for a passage to link to, the same search as the
 * search page's (/api/search): each hit is a button that chooses it.
 * @param {(hit: {doc: string, title: string, lang: string, start: number, end: number, exact: string}) => void} choose
 * @returns {HTMLElement}
 */
function finder(choose) {
  const query = /** @type {HTMLInputElement} */ (el("input", { name: "find", type: "search", placeholder: "words, names, prefix*", "aria-label": "Find a passage in the archive" }));
  const hits = el("ul", { class: "find-hits", "aria-live": "polite" });
  const find = async () => {
    if (!query.value.trim()) return;
    hits.replaceChildren(el("li", {}, "Searching…"));
    const r = await request("GET", `/api/search?q=${encodeURIComponent(query.value.trim())}&limit=8`);
    if (r.status !== 200) {
      hits.replaceChildren(el("li", { role: "alert" }, failure(r)));
      return;
    }
    const list = (r.data.hits || []).map((/** @type {any} */ h) => {
      const hit = { doc: h.documentId, title: h.title, lang: h.lang, start: h.start, end: h.end, exact: h.diplomatic || h.text };
      return el("li", {}, el("button", { type: "button", name: "choose-hit", onclick: () => { choose(hit); hits.replaceChildren(); } },
        `${h.title}, ${langName(h.lang)}: “${hit.exact}”`));
    });
    hits.replaceChildren(...(list.length ? list : [el("li", {}, "No passage found.")]));
  };
  query.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.ctrlKey && !ev.metaKey) {
      ev.preventDefault();
      find();
    }
  });
  return el("div", { class: "find" }, el("label", {}, "or find one ", query), " ",
    el("button", { type: "button", name: "find-passage", onclick: find }, "Find"), hits);
}

/**
 * The fields of a cross-reference: a passage (picked, kept or found), a document,
 * a URL, a citation.
 * @param {any} range
 * @param {HTMLTextAreaElement} text the comment
 * @returns {{fields: HTMLElement[], body: () => any[]}}
 */
function linkFields(range, text) {
  let linkTarget = null;
  const shown = el("output", { name: "target" }, "No passage picked");
  const pick = el("button", { type: "button", name: "pick", onclick: () => {
    shown.textContent = "Select the passage to link to, in any row…";
    state.picking = (r) => {
      state.picking = null;
      linkTarget = { ...r, doc };
      shown.textContent = `${langName(r.lang)}: “${r.exact || "…"}”`;
      current = range;
      popover.hidden = false;
      getSelection()?.removeAllRanges();
      pick.focus();
    };
    popover.hidden = true;
  } }, "Pick a passage");
  const found = finder((hit) => {
    linkTarget = hit;
    shown.textContent = `${hit.doc === doc ? "" : hit.title + ", "}“${hit.exact}”`;
  });
  const url = el("input", { name: "url", type: "url", placeholder: "https://…", "aria-label": "Outside source URL" });
  const cite = el("input", { name: "citation", placeholder: "Archive, fond, opis, delo, list", "aria-label": "Archival citation" });
  const other = el("input", { name: "document", placeholder: "document id", "aria-label": "Link to a whole document (its id)" });
  text.rows = 2;
  const kept = keptTarget();
  const useKept = kept && el("button", { type: "button", name: "use-kept", onclick: () => {
    linkTarget = kept;
    shown.textContent = `${kept.doc === doc ? "" : kept.title + ", "}“${kept.exact || "…"}”`;
  } }, kept.doc === doc ? "Use the kept passage" : `Use the passage kept in ${kept.title}`);
  const fields = [el("div", { class: "pick" }, pick, " ", useKept, " ", shown), found, el("label", {}, "or a document ", other),
    el("label", {}, "or a URL ", url), el("label", {}, "Citation ", cite), el("label", {}, "Comment ", text)];
  const body = () => {
    const out = [];
    if (linkTarget) out.push({ type: "SpecificResource", source: `${location.origin}/documents/${linkTarget.doc}/${linkTarget.lang}`,
      selector: [{ type: "TextPositionSelector", start: linkTarget.start, end: linkTarget.end }] });
    if (other.value.trim()) out.push({ id: `${location.origin}/documents/${other.value.trim()}`, type: "Text" });
    if (url.value.trim()) out.push(url.value.trim());
    if (cite.value.trim()) out.push({ type: "TextualBody", value: cite.value.trim(), purpose: "identifying" });
    return out;
  };
  return { fields, body };
}

/**
 * Shows the form for one kind of annotation on the current selection, or
 * for editing an existing annotation.
 * @param {string} kind
 * @param {any} [existing]
 */
function openForm(kind, existing) {
  const range = current;
  const err = el("p", { class: "error", role: "alert" });
  const text = /** @type {HTMLTextAreaElement} */ (el("textarea", { name: "text", rows: 4, "aria-label": kind === "editing" ? "Corrected reading" : "Text (Markdown)" }));
  const tags = /** @type {HTMLInputElement} */ (el("input", { name: "tags", "aria-label": "Tags, separated by commas", placeholder: "tags, comma separated" }));
  const priv = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", name: "private" }));
  /** @type {HTMLElement[]} */
  let fields = [];
  let extra = () => [];
  if (kind === "editing") {
    text.rows = 2;
    text.value = existing ? existing.text : range.exact;
    fields = [el("label", {}, "Corrected reading ", text)];
  } else if (kind === "commenting") {
    text.value = existing?.text || "";
    tags.value = existing?.tags.join(", ") || "";
    priv.checked = !!existing?.private;
    fields = [el("label", {}, "Note ", text), el("label", {}, "Tags ", tags), el("label", { class: "inline" }, priv, " Private (only you see it)")];
  } else if (kind === "linking") {
    const link = linkFields(range, text);
    fields = link.fields;
    extra = link.body;
  }
  const submit = el("button", { type: "submit" }, existing ? "Save" : "Add");
  const form = el("form", { class: "anno-form", "data-kind": kind, "aria-keyshortcuts": "Control+Enter" }, ...fields, err,
    el("div", { class: "actions" }, submit, el("button", { type: "button", onclick: closePopover }, "Cancel")));
  // Ctrl+Enter (⌘+Enter) saves from any field, as Enter does on the button.
  form.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      /** @type {HTMLFormElement} */ (form).requestSubmit(submit);
    }
  });
  const annotation = () => {
    const body = [];
    const textual = kind === "editing" ? { type: "TextualBody", value: text.value }
      : text.value.trim() ? { type: "TextualBody", value: text.value, format: "text/markdown" } : undefined;
    const tagList = kind === "commenting" ? tags.value.split(",").map((x) => x.trim()).filter(Boolean) : undefined;
    if (textual) body.push(textual);
    for (const t of tagList || []) body.push({ type: "TextualBody", value: t, purpose: "tagging" });
    body.push(...extra());
    // An edit keeps what the page does not show (canonical, via, a motivation
    // of the client's, targets outside the texts, further bodies, the keys of
    // a body…): only the text and the tags change, and the server keeps every
    // key it is sent back.
    const a = existing
      ? { ...existing.raw, motivation: existing.raw.motivation ?? kind, body: editedBodies(existing.raw.body, { text: textual, tags: tagList }) }
      : { "@context": "http://www.w3.org/ns/anno.jsonld", type: "Annotation", motivation: kind, body,
        target: textTarget(doc, range.lang, range.start, range.end, range.exact) };
    delete a.private;
    if (priv.checked) a.private = true;
    return a;
  };
  /** @param {string|null} etag */
  const save = (etag) => existing
    ? request("PUT", existing.id, annotation(), annotationHeaders({ "If-Match": etag || annotationETag(existing) }))
    : request("POST", `/api/documents/${doc}/annotations/`, annotation(), annotationHeaders());
  const done = async () => {
    closePopover();
    getSelection()?.removeAllRanges();
    await hooks.reload();
  };
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const r = await save(null);
    if (r.status === 412 && existing) {
      await conflict(existing, err, save, done);
      return;
    }
    if (r.status >= 400 || r.status === 0) {
      err.textContent = failure(r);
      return;
    }
    await done();
  });
  popover.replaceChildren(el("p", { class: "quote" }, `${KINDS[kind]} on “${range?.exact || existing?.exact || "selection"}”`), form);
  popover.hidden = false;
  // The form is taller than the buttons: place it again by the selection.
  if (!existing) placePopover();
  const first = /** @type {HTMLElement} */ (form.querySelector("textarea, input") || submit);
  first.focus();
  // Editing goes on from the end of what is there.
  if (first === text) text.setSelectionRange(text.value.length, text.value.length);
}

/**
 * Someone changed an annotation while it was being edited here: say who,
 * and offer to keep their version or to save this one over it.
 * @param {any} a the annotation as the page had it
 * @param {HTMLElement} err where to say it
 * @param {(etag: string|null) => Promise<any>} save sends this version
 * @param {() => Promise<void>} done closes the form and reloads
 */
async function conflict(a, err, save, done) {
  const now = await request("GET", a.id);
  let who = "Someone else";
  try {
    const [latest] = await listVersions(a.id);
    if (latest?.user) who = latest.user;
  } catch { /* who stays unnamed */ }
  const theirs = el("button", { type: "button", "data-action": "keep-theirs", onclick: done }, "Keep theirs");
  const mine = el("button", { type: "button", "data-action": "save-mine", onclick: async () => {
    const r = await save(now.etag);
    if (r.status >= 400 || r.status === 0) err.textContent = failure(r);
    else await done();
  } }, "Save mine over theirs");
  const theirText = now.data?.body ? [].concat(now.data.body).find((b) => b.type === "TextualBody" && !b.purpose)?.value : "";
  err.replaceChildren(`${who} changed this annotation meanwhile${theirText ? `; it now reads “${theirText}”` : ""}. `, theirs, " ", mine);
  theirs.focus();
}
