/**
 * Long documents are shown a window of links at a time. A permalink to a
 * link outside the window shown (#link-N) asks the server for the window
 * around that link instead.
 */
const nav = document.querySelector("nav.window");
const m = /^#link-(\d+)$/.exec(location.hash);
if (nav && m && !document.getElementById(`link-${m[1]}`)) {
  location.replace(`${location.pathname}?from=${m[1]}${location.hash}`);
}
