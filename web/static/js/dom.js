// Building the DOM of the annotation views without innerHTML: text is always
// text, and styles come from classes (the page's CSP allows no inline style).

/**
 * Makes an element. Attributes named on… add event listeners; false and
 * undefined attributes are left out, true ones are set empty.
 * @param {string} tag
 * @param {Object<string, *>} [attrs]
 * @param {...(Node|string|null|undefined)} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== false && v !== undefined) e.setAttribute(k, v === true ? "" : v);
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

/**
 * Calls fn once the page has first painted its content (at once if it
 * has), so that what fn builds never holds the text back; where the browser
 * does not tell of paints, once the page has loaded.
 * @param {() => void} fn
 */
export function afterFirstPaint(fn) {
  if (!PerformanceObserver.supportedEntryTypes?.includes("paint")) {
    if (document.readyState === "complete") fn();
    else addEventListener("load", fn, { once: true });
    return;
  }
  const observer = new PerformanceObserver((list) => {
    if (!list.getEntriesByName("first-contentful-paint").length) return;
    observer.disconnect();
    fn();
  });
  observer.observe({ type: "paint", buffered: true });
}
