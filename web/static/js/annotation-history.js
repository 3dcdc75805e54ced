// An annotation's history in the side panel: every version with its number,
// what was done, by whom and when, what it changed in words (the server's
// "changes": text taken out and put in, words moved with the text or
// orphaned, status) and what the annotation said then; users
// who may change the annotation can restore any earlier version (restoring a
// version from before a deletion brings a deleted annotation back).

import { request } from "./api.js";
import { listVersions, annotationETag } from "./annotation-api.js";
import { el } from "./dom.js";

/** What each recorded action is called in the history. */
const ACTIONS = {
  create: "created", update: "edited", delete: "deleted", restore: "restored", accept: "accepted",
  reject: "rejected", reopen: "reopened for review", reanchor: "moved with the text",
};

/** Versions already fetched, by "IRI@version" of the annotation they end with. */
const cache = new Map();

/**
 * The versions of annotation a as it is now, fetched once per version.
 * @param {{id: string, version: number}} a
 */
function versionsOf(a) {
  const key = `${a.id}@${a.version}`;
  if (!cache.has(key)) cache.set(key, listVersions(a.id).catch((e) => { cache.delete(key); throw e; }));
  return cache.get(key);
}

/**
 * Fills container with the history of annotation a.
 * @param {HTMLElement} container
 * @param {object} a the annotation as the page holds it (readAnnotation)
 * @param {object} opts
 * @param {boolean} opts.mayRestore whether the user may change a
 * @param {(a: object) => Node[]} opts.body renders what a version says
 * @param {(message: string) => void} opts.announce tells the user what happened
 * @param {() => Promise<void>} opts.reload reloads the page's annotations
 */
export async function renderHistory(container, a, { mayRestore, body, announce, reload }) {
  container.replaceChildren(el("p", { class: "loading" }, "Loading the history…"));
  let versions;
  try {
    versions = await versionsOf(a);
  } catch (e) {
    container.replaceChildren(el("p", { class: "error" }, `Could not load the history: ${e.message}`));
    return;
  }
  const restore = async (v, button) => {
    button.disabled = true;
    const r = await request("POST", `${a.id}/versions/${v.version}/restore`, undefined, { "If-Match": annotationETag(a) });
    if (r.status === 200) announce(`Restored version ${v.version}.`);
    else if (r.status === 412) announce("Someone changed this annotation meanwhile, so nothing was restored; its current state is shown now.");
    else announce(`Could not restore version ${v.version}: ${r.data?.error || `error ${r.status}`}`);
    button.disabled = false;
    await reload();
  };
  const items = versions.map((v) => {
    const when = new Date(v.at);
    const head = el("p", { class: "meta" }, el("strong", {}, `Version ${v.version}`), ` · ${ACTIONS[v.action] || v.action}`,
      ` · ${v.user || "Sverka"} · `, el("time", { datetime: v.at }, isNaN(when) ? v.at : when.toLocaleString()),
      v.version === a.version ? " · current" : "");
    const parts = [head];
    if (v.changes.length) parts.push(el("ul", { class: "version-changes", "aria-label": `What version ${v.version} changed` }, ...v.changes.map((c) => el("li", {}, c))));
    if (v.state.deleted) parts.push(el("p", { class: "deleted-note" }, "Deleted."));
    else parts.push(...body(v.state));
    if (mayRestore && v.version !== a.version && !v.state.deleted) {
      const button = el("button", { type: "button", class: "restore", "data-action": `restore-${v.version}`,
        "aria-label": `Restore version ${v.version}` }, "Restore this version");
      button.addEventListener("click", () => restore(v, button));
      parts.push(el("div", { class: "actions" }, button));
    }
    return el("li", { class: "anno-version", "data-version": v.version }, ...parts);
  });
  container.replaceChildren(el("ol", { class: "anno-history", reversed: true, "aria-label": "Versions, newest first" }, ...items));
}
