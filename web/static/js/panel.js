/**
 * The annotation panel: every annotation of the document, with counts and
 * filters (kind, author, tag, status, orphaned), each card with its author,
 * date, passage (a link that jumps to it), replies, history and actions.
 * Choosing a highlight in the text chooses its card. On a wide screen the
 * panel stands beside the text; below 960 px it is a drawer that slides up
 * from the bottom and opens on the chosen annotation.
 *
 * @module panel
 */

import { request, failure } from "./api.js";
import { annotationETag } from "./annotation-api.js";
import { renderHistory } from "./annotation-history.js";
import { el } from "./dom.js";
import { article, doc, user, canAnnotate, isEditor, KINDS, state, sentences, hooks, when } from "./page.js";
import { editAnnotation } from "./popover.js";

/** The panel. */
export const panel = el("aside", { class: "anno-panel", id: "annotations", "aria-labelledby": "annotations-title", tabindex: "-1" });
const title = el("h2", { id: "annotations-title" }, "Annotations");
const counts = el("p", { class: "anno-counts" });
const list = el("ol", { class: "anno-list" });
const status = el("p", { class: "anno-status", role: "status", "aria-live": "polite" });

/**
 * A filter: a labelled select whose options are drawn again with counts.
 * @param {string} name
 * @param {string} label
 */
function select(name, label) {
  const s = /** @type {HTMLSelectElement} */ (el("select", { name, id: `anno-filter-${name}`, onchange: () => renderPanel() }));
  return { s, field: el("label", { for: s.id }, label + " ", s) };
}
const kind = select("kind", "Kind"), author = select("author", "Author"), tag = select("tag", "Tag"), reviewed = select("status", "Status");
const orphaned = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", name: "orphaned", onchange: () => renderPanel() }));
const orphanedLabel = el("span", {}, " Only orphaned");
const deleted = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", name: "deleted", onchange: () => {
  state.showDeleted = deleted.checked;
  hooks.reload().catch((e) => announce(`Could not load the annotations: ${e.message}`));
} }));

/** The drawer's handle on a narrow screen, and the query that says the screen is narrow. */
const narrow = matchMedia("(max-width: 60rem)");
const handle = el("button", { type: "button", class: "anno-handle", "aria-controls": "annotations", "aria-expanded": "false", onclick: () => toggleDrawer() }, "Annotations");
const closeDrawer = el("button", { type: "button", class: "anno-close", "aria-label": "Close the annotations", onclick: () => toggleDrawer(false) }, "Close");

/**
 * Opens or closes the drawer (narrow screens); on a wide screen the panel
 * is always shown.
 * @param {boolean} [open]
 * @param {boolean} [moveFocus] into the drawer when it opens, to its handle when it closes
 */
export function toggleDrawer(open = panel.classList.contains("closed"), moveFocus = true) {
  panel.classList.toggle("closed", !open);
  panel.hidden = narrow.matches && !open;
  handle.setAttribute("aria-expanded", String(open));
  if (!moveFocus || !narrow.matches) return;
  if (open) panel.focus({ preventScroll: true });
  else handle.focus();
}

/** Tells the user, through the panel's live region, what just happened. */
export function announce(message) {
  status.textContent = message;
}

/**
 * The link to a passage of a document.
 * @param {{doc:string, lang:string, start:number, end:number}} l
 */
function passageHref(l) {
  return `/documents/${l.doc}#passage=${l.lang}:${l.start}-${l.end}`;
}

/**
 * The table row an annotation's words are in: its position, for order, and
 * its stable number (the N of #link-N), the name the page gives a link; 0
 * for both when the words are not on the page.
 * @param {any} a
 * @returns {{position: number, ref: number}}
 */
function rowOf(a) {
  const none = { position: 0, ref: 0 };
  if (a.lang === undefined) return none;
  const p = sentences().find((x) => /** @type {HTMLElement} */ (x.closest("td[lang]")).lang === a.lang &&
    Number(x.dataset.start) <= a.start && a.start <= Number(x.dataset.end));
  const tr = /** @type {HTMLElement|null} */ (p?.closest("tr.link"));
  return tr ? { position: Number(tr.dataset.position), ref: Number(tr.dataset.ref) } : none;
}

/**
 * What an annotation says: a note's sanitized HTML, a correction's old and
 * new reading, a cross-reference's far ends, citation and tags.
 * @param {any} a
 * @returns {Node[]}
 */
export function bodyParts(a) {
  const parts = [];
  if (a.motivation === "editing") parts.push(el("p", { class: "reading" }, el("del", {}, a.exact), " → ", el("ins", {}, a.text || "(delete)")));
  else if (a.html) {
    const body = el("div", { class: "body" });
    body.innerHTML = a.html; // rendered and sanitized by the server (goldmark + bluemonday)
    parts.push(body);
  }
  for (const l of a.links) {
    if (l.orphaned) parts.push(el("p", { class: "orphaned-link" }, `→ ${l.doc === doc ? "" : l.doc + " "}${l.exact ? `“${l.exact}”` : `document ${l.doc}`} · orphaned: these words are gone (`,
      el("a", { href: `/documents/${a.doc || doc}/orphans` }, "attach it again"), ")"));
    else if (l.lang) parts.push(el("p", {}, "→ ", el("a", { href: passageHref(l), class: "follow" }, `${l.doc === doc ? "" : l.doc + " "}“${l.exact}”`)));
    else if (l.doc) parts.push(el("p", {}, "→ ", el("a", { href: `/documents/${l.doc}` }, `document ${l.doc}`)));
    else if (l.url) parts.push(el("p", {}, "→ ", el("a", { href: l.url, rel: "noopener noreferrer nofollow" }, l.url)));
  }
  if (a.citation) parts.push(el("p", { class: "citation" }, a.citation));
  for (const c of a.comments) {
    parts.push(el("div", { class: "comment" }, el("p", { class: "meta" }, c.by || "someone",
      c.at ? el("span", {}, " · ", el("time", { datetime: c.at }, when(c.at))) : ""), el("p", {}, c.text)));
  }
  if (a.tags.length) parts.push(el("p", { class: "tags" }, ...a.tags.map((t) => el("span", { class: "tag" }, t))));
  return parts;
}

/**
 * Sends a change made from a card, says what went wrong if it did, and
 * reloads the annotations.
 * @param {string} method @param {string} url @param {any} [body] @param {Record<string,string>} [headers]
 * @param {string} [done] what to announce when it worked
 */
async function act(method, url, body, headers, done) {
  const r = await request(method, url, body, headers);
  if (r.status === 412) {
    announce("Someone changed this annotation meanwhile, so nothing was done; its current state is shown now.");
  } else if (r.status >= 400 || r.status === 0) {
    announce(r.status === 409 && url.endsWith("/review")
      ? "This correction overlaps a correction already accepted; reject or change that one first."
      : failure(r));
  } else if (done) announce(done);
  await hooks.reload();
}

/**
 * Whether an annotation lost its words, or its cross-reference's far end did.
 * @param {any} a
 */
const isOrphan = (a) => a.orphaned || a.links.some((l) => l.orphaned);

/**
 * One annotation's card, with its replies.
 * @param {any} a
 * @param {any[]} replies
 */
function card(a, replies) {
  const mayEdit = canAnnotate && a.creator === user || isEditor;
  const dated = a.modified && a.modified !== a.created ? a.modified : a.created;
  const head = el("p", { class: "meta" }, el("span", { class: `badge anno-${a.motivation}` }, KINDS[a.motivation]), a.as ? ` · ${a.as}` : "",
    " ", el("span", { class: "author" }, a.creator || "someone"), a.suggested ? " · suggested by Sverka" : "",
    dated ? el("span", {}, " · ", el("time", { datetime: dated }, (dated === a.created ? "" : "edited ") + when(dated))) : null,
    a.writtenBy ? el("span", { class: "written" }, " · imported; written by ", el("span", { class: "written-by" }, a.writtenBy),
      a.written ? el("span", {}, " on ", el("time", { datetime: a.written }, when(a.written))) : "") : null,
    a.private ? " · private" : "", a.status ? ` · ${a.status}` : "", a.orphaned ? " · orphaned: its words are gone" : "",
    a.deleted ? el("span", { class: "deleted-mark" }, " · deleted") : null);
  const parts = [head];
  if (a.exact !== undefined && a.motivation !== "replying") {
    const { ref } = rowOf(a);
    parts.push(el("p", { class: "quote" }, a.orphaned || a.deleted || !ref ? `“${a.exact}”`
      : el("a", { href: passageHref({ doc, lang: a.lang, start: a.start, end: a.end }), class: "jump", "data-action": "jump",
        title: `Show the passage (link ${ref})` }, `“${a.exact}”`), ref ? el("span", { class: "row" }, ` link ${ref}`) : null));
  }
  if (a.outside) {
    parts.push(el("p", { class: "quote" }, "on ", /^https?:\/\//.test(a.outside) ? el("a", { href: a.outside, rel: "noopener noreferrer" }, a.outside) : a.outside));
  }
  parts.push(...bodyParts(a));
  const buttons = [];
  const live = !a.deleted;
  const etag = annotationETag(a);
  if (live && mayEdit && a.motivation !== "linking") buttons.push(el("button", { type: "button", "data-action": "edit",
    onclick: () => editAnnotation(a, head, () => control(a.id, "edit")) }, "Edit"));
  if (live && mayEdit) buttons.push(el("button", { type: "button", "data-action": "delete", onclick: () =>
    confirm("Delete this annotation? It can be restored from its history.") && act("DELETE", a.id, undefined, { "If-Match": etag }, "Deleted; it can be restored from its history.") }, "Delete"));
  if (live && canAnnotate && a.motivation !== "replying") buttons.push(el("button", { type: "button", "data-action": "reply", onclick: () => reply(a, li) }, "Reply"));
  if (live && isEditor && a.motivation === "editing" && a.status !== "accepted") buttons.push(el("button", { type: "button", class: "accept", "data-action": "accept",
    onclick: () => act("POST", a.id + "/review", { status: "accepted" }, { "If-Match": etag }, "Correction accepted.") }, "Accept"));
  if (live && isEditor && a.motivation === "editing" && a.status !== "rejected") buttons.push(el("button", { type: "button", class: "reject", "data-action": "reject",
    onclick: () => act("POST", a.id + "/review", { status: "rejected" }, { "If-Match": etag }, "Correction rejected.") }, "Reject"));
  const open = state.history.has(a.id);
  const history = el("div", { class: "history-view", id: `history-${a.id.split("/").pop()}`, hidden: !open });
  buttons.push(el("button", { type: "button", class: "history", "data-action": "history", "aria-expanded": String(open), "aria-controls": history.id,
    onclick: () => {
      if (state.history.has(a.id)) state.history.delete(a.id);
      else state.history.add(a.id);
      renderPanel();
    } }, open ? "Hide history" : "History"));
  parts.push(el("div", { class: "actions" }, ...buttons), history);
  if (open) renderHistory(history, a, { mayRestore: mayEdit, body: bodyParts, announce, reload: hooks.reload });
  const li = el("li", { class: `anno-item anno-${a.motivation}${a.deleted ? " anno-deleted" : ""}${state.selected === a.id ? " selected" : ""}`, "data-id": a.id }, ...parts);
  if (replies.length) li.append(el("ol", { class: "replies" }, ...replies.map((r) => card(r, []))));
  return li;
}

/**
 * A reply form under a card.
 * @param {any} a @param {HTMLElement} li
 */
function reply(a, li) {
  const text = el("textarea", { rows: 2, "aria-label": "Reply (Markdown)" });
  const err = el("p", { class: "error", role: "alert" });
  const form = el("form", { class: "reply-form" }, text, err, el("button", { type: "submit" }, "Reply"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const r = await request("POST", `/api/documents/${doc}/annotations/`, { type: "Annotation", motivation: "replying", target: a.id,
      body: { type: "TextualBody", value: /** @type {HTMLTextAreaElement} */ (text).value, format: "text/markdown" } });
    if (r.status >= 400 || r.status === 0) { err.textContent = failure(r); return; }
    await hooks.reload();
  });
  li.append(form);
  text.focus();
}

/**
 * Fills a filter's options with each value and how many annotations have it.
 * @param {HTMLSelectElement} s @param {string} all the name of no filter
 * @param {Map<string,number>} seen @param {(v: string) => string} [name]
 */
function fill(s, all, seen, name = (v) => v) {
  const chosen = s.value;
  s.replaceChildren(el("option", { value: "" }, all), ...[...seen].sort((x, y) => x[0].localeCompare(y[0]))
    .map(([v, n]) => el("option", { value: v }, `${name(v)} (${n})`)));
  s.value = seen.has(chosen) ? chosen : "";
}

/**
 * Counts the values of a property over annotations.
 * @param {any[]} items @param {(a: any) => string[]} values
 */
function tally(items, values) {
  const m = new Map();
  for (const a of items) for (const v of values(a)) if (v) m.set(v, (m.get(v) || 0) + 1);
  return m;
}

/** Whether an annotation passes the filters. */
function passes(a) {
  return (!kind.s.value || a.motivation === kind.s.value) && (!author.s.value || a.creator === author.s.value) &&
    (!tag.s.value || a.tags.includes(tag.s.value)) && (!reviewed.s.value || a.status === reviewed.s.value) && (!orphaned.checked || isOrphan(a));
}

/**
 * Draws the list. Focus inside it stays on the same control of the same
 * annotation when it is drawn again.
 */
export function renderPanel() {
  const focused = list.contains(document.activeElement) ? /** @type {HTMLElement} */ (document.activeElement) : null;
  const keep = focused && { id: /** @type {HTMLElement|null} */ (focused.closest("[data-id]"))?.dataset.id, action: focused.dataset.action };
  const top = state.annotations.filter((a) => !a.replyTo);
  fill(kind.s, "All kinds", tally(top, (a) => [a.motivation]), (v) => KINDS[v] + "s");
  fill(author.s, "All authors", tally(top, (a) => [a.creator]));
  fill(tag.s, "All tags", tally(top, (a) => a.tags));
  fill(reviewed.s, "Any status", tally(top, (a) => [a.status]));
  const orphans = top.filter(isOrphan).length;
  orphanedLabel.textContent = ` Only orphaned (${orphans})`;
  const replies = new Map();
  for (const a of state.annotations) if (a.replyTo) (replies.get(a.replyTo) || replies.set(a.replyTo, []).get(a.replyTo)).push(a);
  const shown = top.filter(passes).map((a) => ({ a, row: rowOf(a).position })).sort((x, y) => (x.row || 1e9) - (y.row || 1e9) || (x.a.start ?? 0) - (y.a.start ?? 0));
  list.replaceChildren(...shown.map(({ a }) => card(a, replies.get(a.id) || [])));
  const back = kind.s.value && kind.s.value !== "linking" ? [] : state.backlinks;
  if (back.length) {
    list.append(el("li", { class: "anno-backlinks" }, el("p", { class: "meta" }, "Linked from"),
      el("ul", {}, ...back.map((b) => el("li", {}, el("a", { href: passageHref(b), class: "follow" }, `${b.doc === doc ? "" : b.doc + " "}“${b.exact}”`), ` (${b.creator})`)))));
  }
  const n = top.length;
  counts.textContent = n === 0 ? "No annotations yet." : shown.length === n ? `${n} annotation${n === 1 ? "" : "s"}.` : `Showing ${shown.length} of ${n} annotations.`;
  handle.textContent = `Annotations (${n})`;
  if (!shown.length && n) list.append(el("li", { class: "empty" }, "No annotation matches these filters."));
  if (keep?.id) control(keep.id, keep.action)?.focus();
}

/**
 * A control of an annotation's card: the one named by action, else its
 * history button, else the card itself (made focusable).
 * @param {string} id
 * @param {string} [action]
 * @returns {HTMLElement | undefined}
 */
export function control(id, action) {
  const li = /** @type {HTMLElement[]} */ ([...list.querySelectorAll(".anno-item")]).find((x) => x.dataset.id === id);
  if (!li) return undefined;
  const target = /** @type {HTMLElement|null} */ ((action && li.querySelector(`[data-action="${action}"]`)) || li.querySelector('[data-action="history"]'));
  if (target) return target;
  li.tabIndex = -1;
  return li;
}

/**
 * Chooses an annotation: its card is marked, shown (the filters are
 * cleared if they hide it, the drawer opens on a narrow screen) and, if
 * asked, focused.
 * @param {string} id
 * @param {boolean} [focus]
 */
export function selectAnnotation(id, focus = false) {
  const a = state.annotations.find((x) => x.id === id);
  if (!a) return;
  state.selected = a.replyTo || id;
  if (!passes(a)) {
    for (const f of [kind, author, tag, reviewed]) f.s.value = "";
    orphaned.checked = false;
  }
  renderPanel();
  if (narrow.matches && panel.hidden) toggleDrawer(true, false);
  const li = /** @type {HTMLElement|null} */ (list.querySelector(".anno-item.selected"));
  if (!li) return;
  li.scrollIntoView({ block: "nearest" });
  if (focus) {
    li.tabIndex = -1;
    li.focus({ preventScroll: true });
  }
}

/**
 * Scrolls the page so that el (a highlight) stays visible above the open
 * drawer.
 * @param {Element|null} el
 */
export function keepAbove(el) {
  if (!el || !narrow.matches || panel.hidden) return;
  const r = el.getBoundingClientRect(), room = panel.getBoundingClientRect().top;
  if (r.bottom > room - 8 || r.top < 0) scrollBy(0, r.top - Math.max(8, (room - r.height) / 3));
}

/**
 * Builds the panel into the page.
 * @param {HTMLElement} readingSwitch shown above the text
 */
export function mountPanel(readingSwitch) {
  const filters = el("div", { class: "filters", role: "group", "aria-label": "Filter the annotations" }, kind.field, author.field, tag.field, reviewed.field,
    el("label", { class: "inline" }, orphaned, orphanedLabel), user ? el("label", { class: "inline show-deleted" }, deleted, " Show deleted") : null);
  panel.append(el("div", { class: "anno-panel-head" }, title, closeDrawer), counts, filters, status, list);
  if (!canAnnotate) panel.append(el("p", { class: "hint" }, user ? "Your role may read annotations only."
    : el("a", { href: `/login?next=${encodeURIComponent(location.pathname + location.search)}` }, "Sign in to annotate.")));
  else panel.append(el("p", { class: "hint" }, "Select words in either column to annotate them."));
  const table = /** @type {HTMLElement} */ (article?.querySelector("table.alignment"));
  table.before(readingSwitch);
  article?.classList.add("with-annotations");
  article?.append(panel, handle);
  const layout = () => {
    panel.classList.toggle("drawer", narrow.matches);
    if (narrow.matches) toggleDrawer(false, false);
    else {
      panel.hidden = false;
      panel.classList.remove("closed");
    }
  };
  narrow.addEventListener("change", layout);
  layout();
  // Escape closes the drawer (unless it closes the popover first).
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || !narrow.matches || panel.hidden || document.querySelector(".anno-popover:not([hidden])")) return;
    toggleDrawer(false, panel.contains(document.activeElement));
  });
}
