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
