/**
 * Long documents are shown a window of links at a time. A permalink to a
 * row outside the window shown (#link-N, N a link's stable number) asks the
 * server for the window of that row (?link=N), and a passage address
 * (#char=S,E) for the window holding the passage.
 */
import { addressedPassage, passageSentences } from "./passage.js";
import { originalLang } from "./page.js";

const nav = document.querySelector("nav.window");
const m = /^#link-(\d+)$/.exec(location.hash);
const p = addressedPassage(originalLang());
if (nav && m && !document.getElementById(`link-${m[1]}`)) {
  location.replace(`${location.pathname}?link=${m[1]}${location.hash}`);
} else if (nav && p && !passageSentences(p).length && !new URLSearchParams(location.search).has("char")) {
  const q = new URLSearchParams({ lang: p.lang, char: `${p.start},${p.end === Infinity ? "" : p.end}` });
  location.replace(`${location.pathname}?${q}${location.hash}`);
}
