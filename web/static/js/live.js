/**
 * Live colleagues: the page listens to the document's stream of changes
 * (server-sent events, GET /api/documents/{id}/events) and shows each
 * change someone else makes within a moment, without a reload: annotations
 * are fetched again, alignment rows replaced in place, and a line says who
 * did what. EventSource reconnects on its own after the interval the
 * server sets; after a reconnection the page fetches everything once, in
 * case it missed something. No polling.
 *
 * @module live
 */

import { clientID } from "./api.js";
import { el } from "./dom.js";
import { article, doc, hooks, when } from "./page.js";
import { reloadRows } from "./rows.js";

/** What each change is called in the line that tells of it. */
const SAYS = {
  "annotation create": "added an annotation",
  "annotation update": "edited an annotation",
  "annotation delete": "deleted an annotation",
  "annotation restore": "restored an annotation",
  "annotation review": "reviewed a correction",
  "alignment edit": "edited the alignment",
};

const notice = el("p", { class: "live-notice", role: "status", "aria-live": "polite" });

/**
 * Tells of a colleague's change and brings it onto the page.
 * @param {{kind: string, action: string, user: string, client?: string, at: string}} e
 */
async function apply(e) {
  if (e.client && e.client === clientID) return; // this page's own change, shown already
  if (e.kind === "alignment") await reloadRows().catch(() => {});
  await hooks.reload().catch(() => {});
  notice.replaceChildren(`${e.user || "Someone"} ${SAYS[`${e.kind} ${e.action}`] || "changed this document"}`, " · ",
    el("time", { datetime: e.at }, when(e.at)));
  if (article) article.dataset.liveSeen = String(Number(article.dataset.liveSeen || 0) + 1);
}

/**
 * Opens the stream; changes are applied one after another, in order. The
 * stream is closed when the page is left (pagehide) and opened again, with
 * everything fetched once, if the browser brings the page back from its
 * back-forward cache: a page kept there would otherwise hold its
 * connection, and browsers allow only six per server over HTTP/1.1, so
 * that a few pages later the next one waits for a free connection.
 */
export function startLive() {
  if (!article || !("EventSource" in window)) return;
  article.querySelector(".doc-head")?.append(notice);
  let queue = Promise.resolve();
  let dropped = false;
  /** @type {EventSource} */
  let source;
  const open = () => {
    source = new EventSource(`/api/documents/${encodeURIComponent(doc)}/events`);
    /** @type {Window & {sverkaLive?: EventSource}} */ (window).sverkaLive = source;
    source.addEventListener("change", (m) => {
      let e;
      try { e = JSON.parse(/** @type {MessageEvent} */ (m).data); } catch { return; }
      queue = queue.then(() => apply(e));
    });
    source.addEventListener("open", () => {
      article.dataset.live = "connected";
      if (dropped) queue = queue.then(() => hooks.reload().catch(() => {}));
      dropped = false;
    });
    source.addEventListener("error", () => {
      article.dataset.live = "reconnecting";
      dropped = true;
    });
  };
  open();
  addEventListener("pagehide", () => {
    source.close();
    article.dataset.live = "closed";
    dropped = true;
  });
  addEventListener("pageshow", (e) => {
    if (/** @type {PageTransitionEvent} */ (e).persisted) open();
  });
}
