// Annotating the reading view: select words in either column, then add a
// note, propose an OCR correction or make a cross-reference from a small
// popover; annotated words are highlighted by kind, and a side panel lists
// the annotations of the rows in view, with filters, replies, editing,
// deletion, history and restoring (deleted annotations too) and (for
// editors) review. The Russian text can be read as the OCR has it,
// corrected, or marked up with both.

import { request, listAnnotations, textTarget, readAnnotation, annotationETag } from "./annotation-api.js";
import { selectedRange, renderSentence } from "./text-range.js";
import { renderHistory } from "./annotation-history.js";
import { el } from "./dom.js";

const article = document.querySelector("article.document[data-document]");
const doc = article?.dataset.document;
const user = document.body.dataset.user || "";
const role = document.body.dataset.role || "";
const rank = { reader: 1, annotator: 2, editor: 3, admin: 4 }[role] || 0;
const canAnnotate = rank >= 2, isEditor = rank >= 3;
const KINDS = { commenting: "Note", editing: "Correction", linking: "Cross-reference", replying: "Reply" };

/**
 * Page state. showDeleted: the panel also lists deleted annotations;
 * history: the annotations whose history is open in the panel.
 */
const state = { annotations: [], backlinks: [], reading: "diplomatic", edits: [], corrected: new Map(), visible: new Set(), picking: null,
  showDeleted: false, history: new Set() };

const sentences = () => [...document.querySelectorAll("table.alignment .seg")];
const originalLang = () => document.querySelector("table.alignment td[lang]")?.lang || "ru";

// ---- Readings ----------------------------------------------------------

/** Loads the accepted corrections (marked reading) of the original. */
async function loadReading() {
  const r = await request("GET", `/api/documents/${doc}/readings/${originalLang()}?reading=marked`);
  state.edits = [];
  state.corrected = new Map();
  if (r.status !== 200) return;
  for (const s of r.data.segments) {
    state.corrected.set(s.start, s.text);
    for (const p of s.pieces || []) if (p.correction) state.edits.push({ start: p.start, end: p.end, inserted: p.inserted || "" });
  }
}

/** Renders every sentence in the current reading with its highlights. */
function render() {
  const marks = { };
  for (const a of state.annotations) {
    if (a.lang === undefined || a.orphaned || a.deleted) continue;
    (marks[a.lang] ||= []).push({ start: a.start, end: a.end, kind: a.motivation, id: a.id });
  }
  for (const b of state.backlinks) for (const l of b.links) {
    if (l.doc === doc && l.lang) (marks[l.lang] ||= []).push({ start: l.start, end: l.end, kind: "backlink", id: b.id });
  }
  const orig = originalLang();
  for (const p of sentences()) {
    const lang = p.closest("td[lang]").lang;
    const t = p.querySelector(".segtext");
    if (lang === orig && state.reading === "corrected") {
      t.textContent = state.corrected.get(Number(p.dataset.start)) ?? p.dataset.text;
      continue;
    }
    const s = Number(p.dataset.start), e = Number(p.dataset.end);
    const mine = (marks[lang] || []).filter((m) => m.start <= e && m.end >= s);
    const edits = lang === orig && state.reading === "marked" ? state.edits.filter((d) => d.start >= s && d.end <= e) : [];
    renderSentence(p, mine, edits);
  }
  renderPanel();
  focusHash();
}

// ---- Popover ----------------------------------------------------------

const popover = el("div", { class: "anno-popover", role: "dialog", "aria-label": "Annotate the selection", hidden: true });
let current = null; // the selected range the popover is for
let returnFocus = null; // () => the element focus goes back to when the popover closes

/** The sentence a range starts in, made focusable so focus can return to the text. */
function sentenceOf(range) {
  const p = sentences().find((x) => x.closest("td[lang]").lang === range.lang &&
    Number(x.dataset.start) <= range.start && range.start < Number(x.dataset.end));
  if (p && !p.hasAttribute("tabindex")) p.tabIndex = -1;
  return p;
}

/**
 * Closes the popover. If focus was in it (or nowhere), it goes back to where
 * the popover was opened from: the annotated sentence or the panel's Edit.
 */
function closePopover() {
  const active = document.activeElement;
  const hadFocus = popover.contains(active) || active === document.body || active === null;
  popover.hidden = true;
  popover.replaceChildren();
  current = null;
  const back = returnFocus;
  returnFocus = null;
  if (hadFocus && back) back()?.focus();
}

let anchor = null; // the selection the popover is for, in page coordinates

/**
 * Places the popover by the selection (by the last one when focus has left
 * it, as when a form replaces the kind buttons): below it, or above it when
 * there is no room below on screen, and never beyond the right edge, so that
 * on a phone it neither leaves the screen nor covers the selected words.
 */
function placePopover() {
  const sel = getSelection();
  const r = sel.rangeCount ? sel.getRangeAt(0).getBoundingClientRect() : null;
  if (r && (r.width || r.height)) anchor = { left: r.left + scrollX, top: r.top + scrollY, bottom: r.bottom + scrollY };
  const a = anchor || { left: 20 + scrollX, top: 20 + scrollY, bottom: 20 + scrollY };
  const w = popover.offsetWidth, h = popover.offsetHeight, vw = document.documentElement.clientWidth;
  const left = Math.max(8, Math.min(a.left - scrollX, vw - w - 8));
  let top = a.bottom - scrollY + 6;
  if (top + h > innerHeight && a.top - scrollY - 6 - h >= 0) top = a.top - scrollY - 6 - h;
  popover.style.left = `${left + scrollX}px`;
  popover.style.top = `${top + scrollY}px`;
}

/** Shows the kind buttons for the selection. */
function openPopover(range, byKeyboard) {
  if (state.picking) {
    state.picking(range);
    return;
  }
  if (!canAnnotate) return;
  returnFocus = () => sentenceOf(range);
  if (state.reading === "corrected" && range.lang === originalLang()) {
    current = null;
    const close = el("button", { type: "button", class: "close", onclick: closePopover }, "Close");
    popover.replaceChildren(el("p", {}, "Switch to the OCR or marked-up reading to annotate the original."), close);
    popover.hidden = false;
    placePopover();
    close.focus();
    return;
  }
  current = range;
  const buttons = [el("button", { type: "button", "data-kind": "commenting", onclick: () => openForm("commenting") }, "Note")];
  if (range.lang === originalLang()) buttons.push(el("button", { type: "button", "data-kind": "editing", onclick: () => openForm("editing") }, "Correction"));
  buttons.push(el("button", { type: "button", "data-kind": "linking", onclick: () => openForm("linking") }, "Cross-reference"));
  buttons.push(el("button", { type: "button", "data-kind": "keep", title: "Keep this passage, to link to it from another document", onclick: () => keepTarget(range) }, "Keep as link target"));
  buttons.push(el("button", { type: "button", class: "close", "aria-label": "Close", onclick: closePopover }, "×"));
  popover.replaceChildren(el("p", { class: "quote" }, `“${range.exact || "selection"}”`), el("div", { class: "kinds" }, ...buttons));
  popover.hidden = false;
  placePopover();
  // Focus moves into the popover, so that Tab, Enter and Escape act on it.
  buttons[0].focus({ preventScroll: !byKeyboard });
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
  const title = document.querySelector(".doc-head h1")?.textContent.trim() || doc;
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

/** Shows the form for one kind of annotation on the current selection. */
function openForm(kind, existing) {
  const range = current;
  const err = el("p", { class: "error", role: "alert" });
  const text = el("textarea", { name: "text", rows: 4, "aria-label": kind === "editing" ? "Corrected reading" : "Text (Markdown)" });
  const fields = [];
  let linkTarget = null;
  const tags = el("input", { name: "tags", "aria-label": "Tags, separated by commas", placeholder: "tags, comma separated" });
  const priv = el("input", { type: "checkbox", name: "private" });
  if (kind === "editing") {
    text.rows = 2;
    text.value = existing ? existing.text : range.exact;
    fields.push(el("label", {}, "Corrected reading ", text));
  } else if (kind === "commenting") {
    text.value = existing?.text || "";
    tags.value = existing?.tags.join(", ") || "";
    priv.checked = !!existing?.private;
    fields.push(el("label", {}, "Note ", text), el("label", {}, "Tags ", tags), el("label", { class: "inline" }, priv, " Private (only you see it)"));
  } else if (kind === "linking") {
    const shown = el("output", { name: "target" }, "No passage picked");
    const pick = el("button", { type: "button", name: "pick", onclick: () => {
      shown.textContent = "Select the passage to link to, in any row…";
      state.picking = (r) => {
        state.picking = null;
        linkTarget = { ...r, doc };
        shown.textContent = `${r.lang} ${r.start}–${r.end}: “${r.exact || "…"}”`;
        current = range;
        popover.hidden = false;
        getSelection().removeAllRanges();
        pick.focus();
      };
      popover.hidden = true;
    } }, "Pick a passage");
    const url = el("input", { name: "url", type: "url", placeholder: "https://…", "aria-label": "Outside source URL" });
    const cite = el("input", { name: "citation", placeholder: "Archive, fond, opis, delo, list", "aria-label": "Archival citation" });
    const other = el("input", { name: "document", placeholder: "document id", "aria-label": "Link to a whole document (its id)" });
    text.rows = 2;
    const kept = keptTarget();
    const useKept = kept && el("button", { type: "button", name: "use-kept", onclick: () => {
      linkTarget = kept;
      shown.textContent = `${kept.doc === doc ? "" : kept.title + ", "}${kept.lang}: “${kept.exact || "…"}”`;
    } }, kept.doc === doc ? "Use the kept passage" : `Use the passage kept in ${kept.title}`);
    fields.push(el("div", { class: "pick" }, pick, " ", useKept, " ", shown), el("label", {}, "or a document ", other),
      el("label", {}, "or a URL ", url), el("label", {}, "Citation ", cite), el("label", {}, "Comment ", text));
    fields.linkInputs = { url, cite, other };
  }
  const submit = el("button", { type: "submit" }, existing ? "Save" : "Add");
  const form = el("form", { class: "anno-form", "data-kind": kind, "aria-keyshortcuts": "Control+Enter" }, ...fields, err,
    el("div", { class: "actions" }, submit, el("button", { type: "button", onclick: closePopover }, "Cancel")));
  // Ctrl+Enter (⌘+Enter) saves from any field, as Enter does on the button.
  form.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      form.requestSubmit(submit);
    }
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = [];
    if (kind === "editing") body.push({ type: "TextualBody", value: text.value });
    else if (text.value.trim()) body.push({ type: "TextualBody", value: text.value, format: "text/markdown" });
    if (kind === "commenting") for (const t of tags.value.split(",").map((x) => x.trim()).filter(Boolean)) body.push({ type: "TextualBody", value: t, purpose: "tagging" });
    if (kind === "linking") {
      const { url, cite, other } = fields.linkInputs;
      if (linkTarget) body.push({ type: "SpecificResource", source: `${location.origin}/documents/${linkTarget.doc}/${linkTarget.lang}`,
        selector: [{ type: "TextPositionSelector", start: linkTarget.start, end: linkTarget.end }] });
      if (other.value.trim()) body.push({ id: `${location.origin}/documents/${other.value.trim()}`, type: "Text" });
      if (url.value.trim()) body.push(url.value.trim());
      if (cite.value.trim()) body.push({ type: "TextualBody", value: cite.value.trim(), purpose: "identifying" });
    }
    const a = { "@context": "http://www.w3.org/ns/anno.jsonld", type: "Annotation", motivation: kind, body,
      target: existing ? existing.raw.target : textTarget(doc, range.lang, range.start, range.end, range.exact) };
    if (priv.checked) a.private = true;
    const r = existing
      ? await request("PUT", existing.id, a, { "If-Match": annotationETag(existing) })
      : await request("POST", `/api/documents/${doc}/annotations/`, a);
    if (r.status >= 400) {
      err.textContent = r.status === 412 ? "Someone else changed this annotation meanwhile; it was reloaded. Make your change again." : r.data?.error || `Error ${r.status}`;
      if (r.status === 412) await refresh();
      return;
    }
    closePopover();
    getSelection().removeAllRanges();
    await refresh();
  });
  popover.replaceChildren(el("p", { class: "quote" }, `${KINDS[kind]} on “${range?.exact || existing?.exact || "selection"}”`), form);
  popover.hidden = false;
  // The form is taller than the buttons: place it again by the selection.
  if (!existing) placePopover();
  const first = form.querySelector("textarea, input") || submit;
  first.focus();
  // Editing goes on from the end of what is there.
  if (first === text) text.setSelectionRange(text.value.length, text.value.length);
}

// ---- Side panel ---------------------------------------------------------

const panel = el("aside", { class: "anno-panel", "aria-label": "Annotations" });
const kindFilter = el("select", { name: "kind", "aria-label": "Show kind", onchange: () => renderPanel() },
  el("option", { value: "" }, "All kinds"), ...Object.entries(KINDS).filter(([k]) => k !== "replying").map(([k, v]) => el("option", { value: k }, v + "s")));
const authorFilter = el("select", { name: "author", "aria-label": "Show author", onchange: () => renderPanel() }, el("option", { value: "" }, "All authors"));
const readingSwitch = el("fieldset", { class: "reading-switch" }, el("legend", {}, "Original"),
  ...[["diplomatic", "OCR"], ["corrected", "Corrected"], ["marked", "Marked up"]].map(([v, label]) =>
    el("label", {}, el("input", { type: "radio", name: "anno-reading", value: v, checked: v === "diplomatic", onchange: async () => {
      state.reading = v;
      closePopover();
      render();
    } }), " " + label)));
const list = el("ol", { class: "anno-list" });
const status = el("p", { class: "anno-status", role: "status", "aria-live": "polite" });
const deletedFilter = el("label", { class: "inline show-deleted" }, el("input", { type: "checkbox", name: "deleted", onchange: (e) => {
  state.showDeleted = e.target.checked;
  refresh().catch((err) => announce(`Could not load annotations: ${err.message}`));
} }), " Show deleted");

/** Whether a range lies in a row that is on screen. */
function inView(a) {
  for (const p of sentences()) {
    if (p.closest("td[lang]").lang !== a.lang) continue;
    const s = Number(p.dataset.start), e = Number(p.dataset.end);
    if (a.start <= e && a.end >= s && state.visible.has(p.closest("tr"))) return true;
  }
  return false;
}

function passageHref(l) {
  return `/documents/${l.doc}#passage=${l.lang}:${l.start}-${l.end}`;
}

/**
 * What an annotation says: a note's sanitized HTML, a correction's old and
 * new reading, a cross-reference's far ends, citation and tags.
 * @param {object} a
 * @returns {Node[]}
 */
function bodyParts(a) {
  const parts = [];
  if (a.motivation === "editing") parts.push(el("p", { class: "reading" }, el("del", {}, a.exact), " → ", el("ins", {}, a.text || "(delete)")));
  else if (a.html) {
    const body = el("div", { class: "body" });
    body.innerHTML = a.html; // rendered and sanitized by the server (goldmark + bluemonday)
    parts.push(body);
  }
  for (const l of a.links) {
    if (l.lang) parts.push(el("p", {}, "→ ", el("a", { href: passageHref(l), class: "follow" }, `${l.doc === doc ? "" : l.doc + " "}“${l.exact}”`)));
    else if (l.doc) parts.push(el("p", {}, "→ ", el("a", { href: `/documents/${l.doc}` }, `document ${l.doc}`)));
    else if (l.url) parts.push(el("p", {}, "→ ", el("a", { href: l.url, rel: "noopener noreferrer nofollow" }, l.url)));
  }
  if (a.citation) parts.push(el("p", { class: "citation" }, a.citation));
  if (a.tags.length) parts.push(el("p", { class: "tags" }, ...a.tags.map((t) => el("span", { class: "tag" }, t))));
  return parts;
}

/** Tells the user, through the panel's live region, what just happened. */
function announce(message) {
  status.textContent = message;
}

/** One annotation in the panel, with its replies. */
function item(a, replies) {
  const mine = a.creator === user;
  const mayEdit = canAnnotate && mine || isEditor;
  const etag = annotationETag(a);
  const head = el("p", { class: "meta" }, el("span", { class: `badge anno-${a.motivation}` }, KINDS[a.motivation]),
    " ", a.creator, a.private ? " · private" : "", a.status ? ` · ${a.status}` : "", a.orphaned ? " · orphaned: its words are gone" : "",
    a.deleted ? el("span", { class: "deleted-mark" }, " · deleted") : null);
  const parts = [head];
  if (a.exact !== undefined && a.motivation !== "replying") parts.push(el("p", { class: "quote" }, `“${a.exact}”`));
  parts.push(...bodyParts(a));
  const act = async (method, url, body, headers) => {
    const r = await request(method, url, body, headers);
    if (r.status >= 400) alert(r.data?.error || `Error ${r.status}`);
    await refresh();
  };
  const buttons = [];
  const live = !a.deleted;
  if (live && mayEdit && a.motivation !== "linking") buttons.push(el("button", { type: "button", "data-action": "edit", onclick: () => {
    current = null;
    returnFocus = () => control(a.id, "edit");
    openForm(a.motivation === "replying" ? "commenting" : a.motivation, a);
    placeAt(head);
  } }, "Edit"));
  if (live && mayEdit) buttons.push(el("button", { type: "button", "data-action": "delete", onclick: () => confirm("Delete this annotation? It can be restored from its history.") && act("DELETE", a.id, undefined, { "If-Match": etag }) }, "Delete"));
  if (live && canAnnotate && a.motivation !== "replying") buttons.push(el("button", { type: "button", "data-action": "reply", onclick: () => reply(a, li) }, "Reply"));
  if (live && isEditor && a.motivation === "editing" && a.status !== "accepted") buttons.push(el("button", { type: "button", class: "accept", "data-action": "accept", onclick: () => act("POST", a.id + "/review", { status: "accepted" }, { "If-Match": etag }) }, "Accept"));
  if (live && isEditor && a.motivation === "editing" && a.status !== "rejected") buttons.push(el("button", { type: "button", class: "reject", "data-action": "reject", onclick: () => act("POST", a.id + "/review", { status: "rejected" }, { "If-Match": etag }) }, "Reject"));
  const open = state.history.has(a.id);
  const history = el("div", { class: "history-view", id: `history-${a.id.split("/").pop()}`, hidden: !open });
  buttons.push(el("button", { type: "button", class: "history", "data-action": "history", "aria-expanded": String(open), "aria-controls": history.id,
    onclick: () => {
      if (state.history.has(a.id)) state.history.delete(a.id);
      else state.history.add(a.id);
      renderPanel();
    } }, open ? "Hide history" : "History"));
  parts.push(el("div", { class: "actions" }, ...buttons), history);
  if (open) renderHistory(history, a, { mayRestore: mayEdit, body: bodyParts, announce, reload: refresh });
  const li = el("li", { class: `anno-item anno-${a.motivation}${a.deleted ? " anno-deleted" : ""}`, "data-id": a.id }, ...parts);
  if (replies.length) li.append(el("ol", { class: "replies" }, ...replies.map((r) => item(r, []))));
  return li;
}

function placeAt(node) {
  const r = node.getBoundingClientRect();
  popover.style.left = `${Math.max(8, r.left + scrollX - 340)}px`;
  popover.style.top = `${r.top + scrollY}px`;
}

/** A reply form under an item. */
function reply(a, li) {
  const text = el("textarea", { rows: 2, "aria-label": "Reply (Markdown)" });
  const form = el("form", { class: "reply-form" }, text, el("button", { type: "submit" }, "Reply"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const r = await request("POST", `/api/documents/${doc}/annotations/`, { type: "Annotation", motivation: "replying", target: a.id, body: { type: "TextualBody", value: text.value, format: "text/markdown" } });
    if (r.status >= 400) { alert(r.data?.error || `Error ${r.status}`); return; }
    await refresh();
  });
  li.append(form);
  text.focus();
}

/**
 * Lists the annotations of the rows in view. Focus inside the list stays on
 * the same control of the same annotation when the list is drawn again.
 */
function renderPanel() {
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  const keep = focused && { id: focused.closest("[data-id]")?.dataset.id, action: focused.dataset.action };
  const authors = [...new Set(state.annotations.map((a) => a.creator))].sort();
  const chosen = authorFilter.value;
  authorFilter.replaceChildren(el("option", { value: "" }, "All authors"), ...authors.map((n) => el("option", { value: n }, n)));
  authorFilter.value = chosen;
  const replies = new Map();
  for (const a of state.annotations) if (a.replyTo) (replies.get(a.replyTo) || replies.set(a.replyTo, []).get(a.replyTo)).push(a);
  const shown = state.annotations.filter((a) => !a.replyTo && (!kindFilter.value || a.motivation === kindFilter.value) &&
    (!authorFilter.value || a.creator === authorFilter.value) && (a.orphaned || inView(a)));
  list.replaceChildren(...shown.map((a) => item(a, replies.get(a.id) || [])));
  const back = state.backlinks.filter((b) => !kindFilter.value || kindFilter.value === "linking");
  if (back.length) {
    list.append(el("li", { class: "anno-backlinks" }, el("p", { class: "meta" }, "Linked from"),
      el("ul", {}, ...back.map((b) => el("li", {}, el("a", { href: passageHref(b), class: "follow" }, `${b.doc === doc ? "" : b.doc + " "}“${b.exact}”`), ` (${b.creator})`)))));
  }
  if (!list.children.length) list.append(el("li", { class: "empty" }, "No annotations in the rows in view."));
  if (keep?.id) refocus(keep.id, keep.action);
}

/**
 * Focuses a control of an annotation in the panel (its history button if
 * that control is gone, else the annotation itself).
 * @param {string} id
 * @param {string} [action]
 */
function refocus(id, action) {
  control(id, action)?.focus();
}

/**
 * A control of an annotation in the panel: the one named by action, else its
 * history button, else the item itself (made focusable).
 * @param {string} id
 * @param {string} [action]
 * @returns {HTMLElement | undefined}
 */
function control(id, action) {
  const li = [...list.querySelectorAll(".anno-item")].find((x) => x.dataset.id === id);
  if (!li) return undefined;
  const target = (action && li.querySelector(`[data-action="${action}"]`)) || li.querySelector('[data-action="history"]');
  if (target) return target;
  li.tabIndex = -1;
  return li;
}

// ---- Following a passage -------------------------------------------------

/** Scrolls to and highlights the passage named by #passage=lang:start-end. */
function focusHash() {
  const m = location.hash.match(/^#passage=([^:]+):(\d+)-(\d+)$/);
  document.querySelectorAll(".anno-focus").forEach((e) => e.classList.remove("anno-focus"));
  if (!m) return;
  const [lang, start, end] = [m[1], Number(m[2]), Number(m[3])];
  for (const p of document.querySelectorAll(`td[lang="${lang}"] .seg`)) {
    const s = Number(p.dataset.start), e = Number(p.dataset.end);
    if (start < e && end > s) {
      renderSentence(p, [{ start, end, kind: "focus", id: "focus" }], []);
      p.querySelector("mark")?.classList.add("anno-focus");
      p.classList.add("anno-focus");
      p.scrollIntoView({ block: "center" });
      break;
    }
  }
}

// ---- Start -----------------------------------------------------------

async function refresh() {
  const [items, back] = await Promise.all([
    listAnnotations(doc, { deleted: state.showDeleted }),
    request("GET", `/api/documents/${doc}/backlinks`),
    loadReading(),
  ]);
  state.annotations = items;
  state.backlinks = back.status === 200 ? back.data.items.map(readAnnotation).map((b) => ({ ...b, creator: b.creator, links: b.links }))
    .flatMap((b) => b.links.filter((l) => l.doc === doc && l.lang).map((l) => ({ id: b.id, doc: b.doc, lang: b.lang, start: b.start, end: b.end, exact: b.exact, creator: b.creator, links: [l] }))) : [];
  render();
  article.dataset.annotations = "ready";
}

function start() {
  if (!doc) return;
  for (const p of sentences()) p.dataset.text = p.querySelector(".segtext").textContent;
  panel.append(el("h2", {}, "Annotations"), readingSwitch,
    el("div", { class: "filters" }, kindFilter, " ", authorFilter, user ? " " : null, user ? deletedFilter : null), status, list);
  if (!canAnnotate) panel.append(el("p", { class: "hint" }, user ? "Your role may read annotations only." : "Sign in to annotate."));
  else panel.append(el("p", { class: "hint" }, "Select words in either column to annotate them."));
  article.classList.add("with-annotations");
  article.append(panel);
  document.body.append(popover);
  const table = article.querySelector("table.alignment");
  const onSelect = (byKeyboard) => {
    const r = selectedRange();
    if (r && table.contains(r.cell)) openPopover(r, byKeyboard);
  };
  table.addEventListener("mouseup", () => setTimeout(() => onSelect(false), 0));
  table.addEventListener("keyup", (e) => { if (e.shiftKey) onSelect(true); });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && (!popover.hidden || state.picking)) { state.picking = null; closePopover(); }
    // Alt+A opens the popover for a selection made any other way (e.code:
    // on some layouts Alt+A types another letter).
    if (e.altKey && !e.ctrlKey && !e.metaKey && (e.code === "KeyA" || e.key.toLowerCase() === "a")) { e.preventDefault(); onSelect(true); }
  });
  const io = new IntersectionObserver((entries) => {
    for (const en of entries) en.isIntersecting ? state.visible.add(en.target) : state.visible.delete(en.target);
    renderPanel();
  });
  for (const tr of table.querySelectorAll("tbody tr")) io.observe(tr);
  addEventListener("hashchange", () => render());
  refresh().catch((e) => { list.replaceChildren(el("li", { class: "error" }, `Could not load annotations: ${e.message}`)); });
}

start();
