// An outside client of Sverka's Web Annotation Protocol, as a page of another
// origin would write it with @recogito/text-annotator (its UMD build, global
// RecogitoJS): it shows one base text of a Sverka server, loads the text's
// annotations from the server's container into the annotator through the
// package's W3C adapter, and posts each annotation the reader makes there
// back to the container. The query names the server (sverka), the document
// (doc), the language (lang) and a Bearer token (token).
"use strict";

const query = new URLSearchParams(location.search);
const sverka = query.get("sverka"), doc = query.get("doc"), lang = query.get("lang"), token = query.get("token");
const source = `${sverka}/documents/${doc}/${lang}`;
const container = `${sverka}/api/documents/${doc}/annotations/`;
const media = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';
const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** What the server answered to the annotations made here. */
window.posted = [];

window.client = (async () => {
  const text = document.getElementById("text");
  text.textContent = await (await fetch(source)).text();
  const items = [];
  let page = (await (await fetch(container, { headers: { Accept: media } })).json()).first;
  for (;;) {
    items.push(...page.items);
    if (!page.next) break;
    page = await (await fetch(page.next, { headers: { Accept: media } })).json();
  }
  const here = items.filter((a) => list(a.target).some((t) => t.source === source))
    // The annotator's W3C adapter reads every annotation's body as a list and
    // fails on one without a body (a highlight), which the model allows.
    .map((a) => (a.body === undefined ? { ...a, body: [] } : a));
  const annotator = RecogitoJS.createTextAnnotator(text, { adapter: RecogitoJS.W3CTextFormat(source, text), renderer: "SPANS" });
  annotator.setAnnotations(here);
  annotator.on("createAnnotation", async (a) => {
    const r = await fetch(container, { method: "POST", headers: { "Content-Type": media, Authorization: `Bearer ${token}` }, body: JSON.stringify(a) });
    window.posted.push({ status: r.status, location: r.headers.get("Location") || "", sent: a, answer: await r.json() });
  });
  window.annotator = annotator;
  return here.map((a) => a.id);
})();
