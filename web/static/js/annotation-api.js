/**
 * Sverka's annotation API: W3C Web Annotations in JSON-LD, read into the
 * plain objects the page works with.
 *
 * @module annotation-api
 */

import { request, ANNOTATION_MEDIA } from "./api.js";

/** The headers of a request that sends an annotation. */
export const annotationHeaders = (extra = {}) => ({ "Content-Type": ANNOTATION_MEDIA, ...extra });

/**
 * A W3C target on a base text of this server.
 * @param {string} doc @param {string} lang @param {number} start @param {number} end @param {string} exact
 */
export function textTarget(doc, lang, start, end, exact) {
  return {
    type: "SpecificResource",
    source: `${location.origin}/documents/${doc}/${lang}`,
    selector: exact
      ? [{ type: "TextPositionSelector", start, end }, { type: "TextQuoteSelector", exact }]
      : [{ type: "TextPositionSelector", start, end }],
  };
}

/**
 * Names who wrote an annotation that came from elsewhere (an archive's author, a client's
 * creator): an agent's name or nickname, or its IRI.
 * @param {any} w the annotation's writtenBy
 */
function writer(w) {
  const one = Array.isArray(w) ? w[0] : w;
  return typeof one === "string" ? one : one?.name || one?.nickname || one?.id || "";
}

/** @param {any} v a value the model allows once or as a list */
const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The body that is an annotation's text: its first TextualBody that is not a tag or a
 * citation. The others (Recogito's replies) are kept, and shown as further comments.
 * @param {any} body a served annotation's body
 */
const textBody = (body) => list(body).find((b) => b?.type === "TextualBody" && b.purpose !== "tagging" && b.purpose !== "identifying");

/**
 * The bodies of an annotation edited in the page: the served ones with the text changed
 * and the tags the form names, so that every other body (replies, bodies the page does not
 * read) and every key of a body stays as it was.
 * @param {any} body the served annotation's body
 * @param {{text?: any, tags?: string[]}} form the text body the form makes (undefined: none), the tags
 */
export function editedBodies(body, form) {
  const text = textBody(body);
  const tags = new Set(form.tags || []);
  const out = [];
  for (const b of list(body)) {
    if (b === text) {
      if (!form.text) continue;
      const edited = { ...b, value: form.text.value };
      delete edited.html; // the server's rendering of the old text
      out.push(edited);
    } else if (b?.type === "TextualBody" && b.purpose === "tagging" && form.tags) {
      if (tags.delete(b.value)) out.push(b);
    } else out.push(b);
  }
  if (form.text && !text) out.unshift(form.text);
  for (const t of tags) out.push({ type: "TextualBody", value: t, purpose: "tagging" });
  return out;
}

/**
 * Reads the parts of a served annotation the page needs.
 * @param {object} a a served annotation
 */
export function readAnnotation(a) {
  const out = { raw: a, id: a.id, motivation: a.motivation, creator: a.creator?.name || "", status: a.status || "",
    suggested: !!a.suggested, private: !!a.private, created: a.created || "", modified: a.modified || "", orphaned: !!a.orphaned, deleted: a.deleted || "", version: a.version, tags: [], text: "", html: "", links: [], citation: "",
    writtenBy: writer(a.writtenBy), written: typeof a.writtenAt === "string" ? a.writtenAt : "",
    /** @type {{text: string, by: string, at: string}[]} further comments, such as Recogito's replies */
    comments: [], as: "" };
  for (const b of list(a.body)) {
    if (typeof b === "string") { out.links.push({ url: b }); continue; }
    if (b.type === "TextualBody") {
      if (b.purpose === "tagging") out.tags.push(b.value);
      else if (b.purpose === "identifying") out.citation = b.value;
      else if (b === textBody(a.body)) { out.text = b.value; out.html = b.html || ""; }
      else out.comments.push({ text: b.value, by: writer(b.creator), at: typeof b.created === "string" ? b.created : "" });
    } else if (b.type === "SpecificResource") {
      const p = b.selector?.find((s) => s.type === "TextPositionSelector");
      const q = b.selector?.find((s) => s.type === "TextQuoteSelector");
      const m = new URL(b.source).pathname.match(/^\/documents\/([^/]+)\/([^/]+)$/);
      if (m && p) out.links.push({ doc: m[1], lang: m[2], start: p.start, end: p.end, exact: q?.exact || "", orphaned: !!b.orphaned });
    } else if (b.id) {
      const m = new URL(b.id).pathname.match(/^\/documents\/([^/]+)$/);
      out.links.push(m ? { doc: m[1], orphaned: !!b.orphaned } : { url: b.id });
    }
  }
  if (!["commenting", "editing", "linking", "replying"].includes(out.motivation)) {
    out.as = typeof a.motivation === "string" ? a.motivation : list(a.motivation).join(", "); // a client's, such as highlighting
    out.motivation = "commenting";
  }
  const t = list(a.target)[0];
  const iri = typeof t === "string" ? t : t?.source || t?.id || "";
  const m = iri.startsWith(location.origin) && new URL(iri).pathname.match(/^\/documents\/([^/]+)\/([^/]+)$/);
  if (a.motivation === "replying") {
    out.replyTo = iri;
  } else if (m && typeof t === "object") {
    const p = list(t.selector).find((s) => s.type === "TextPositionSelector");
    const q = list(t.selector).find((s) => s.type === "TextQuoteSelector");
    out.doc = m[1]; out.lang = m[2]; out.start = p?.start; out.end = p?.end; out.exact = q?.exact || "";
  } else {
    out.outside = iri; // a web page or any IRI outside the archive's texts
  }
  return out;
}

/**
 * All annotations of a document, following the container's pages.
 * @param {string} doc
 * @param {{deleted?: boolean}} [opts] deleted: also the deleted ones (signed-in users only)
 */
export async function listAnnotations(doc, opts = {}) {
  let r = await request("GET", `/api/documents/${doc}/annotations/${opts.deleted ? "?include=deleted" : ""}`);
  if (r.status !== 200) throw new Error(r.data?.error || `status ${r.status}`);
  let page = r.data.first;
  const items = [...page.items];
  while (page.next) {
    r = await request("GET", page.next);
    if (r.status !== 200) break;
    page = r.data;
    items.push(...page.items);
  }
  return items.map(readAnnotation);
}

/**
 * The ETag of the version of an annotation the page holds, for If-Match.
 * @param {{id: string, version: number}} a
 */
export const annotationETag = (a) => `"a${a.id.split("/").pop()}-v${a.version}"`;

/**
 * Every version of an annotation, newest first: {version, action, at, user, annotation}.
 * @param {string} id the annotation's IRI
 */
export async function listVersions(id) {
  const r = await request("GET", `${id}/versions`);
  if (r.status !== 200) throw new Error(r.data?.error || `status ${r.status}`);
  return r.data.versions.map((v) => ({ version: v.version, action: v.action, at: v.at, user: v.user?.name || "", state: readAnnotation(v.annotation), changes: v.changes || [] }));
}
