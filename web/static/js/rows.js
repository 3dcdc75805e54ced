/**
 * The rows of the alignment table, fetched again after an edit (one's own
 * or a colleague's) and put in place without reloading the page: the other
 * modules hear of it through a "sverka:rows" event on the article and draw
 * the new rows (highlights, reading) before the reader's place is
 * restored, so the first row on screen stays where it was.
 *
 * @module rows
 */

const article = /** @type {HTMLElement|null} */ (document.querySelector("article.document[data-document]"));
const table = /** @type {HTMLTableElement|null} */ (article && article.querySelector("table.alignment"));

/** @returns {HTMLTableRowElement[]} the rows, one per link, in order */
export function rows() {
  return table ? [...table.querySelectorAll("tbody tr.link")] : [];
}

/**
 * Fetches the rows shown (the same window of a long document) again and
 * puts them in place of the table's.
 * @param {() => void} [then] what to do once the rows are in and drawn, before the place is restored
 */
export async function reloadRows(then) {
  const resp = await fetch(location.pathname + location.search, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } });
  if (!resp.ok) throw new Error(`status ${resp.status}`);
  const fresh = new DOMParser().parseFromString(await resp.text(), "text/html");
  const freshArticle = fresh.querySelector("article.document[data-document]");
  const body = freshArticle?.querySelector("table.alignment tbody");
  if (!article || !table || !freshArticle || !body) throw new Error("the page has no alignment table");
  const anchorRow = rows().find((r) => r.getBoundingClientRect().bottom > 0);
  const anchorPos = anchorRow?.dataset.position;
  const anchorTop = anchorRow ? anchorRow.getBoundingClientRect().top : 0;
  const hadFocus = table.contains(document.activeElement);
  table.tBodies[0].replaceWith(document.importNode(body, true));
  const caption = freshArticle.querySelector("table.alignment caption");
  if (caption && table.caption) table.caption.textContent = caption.textContent;
  article.dataset.revision = freshArticle.getAttribute("data-revision") || article.dataset.revision;
  article.dataset.etag = freshArticle.getAttribute("data-etag") || article.dataset.etag;
  article.dispatchEvent(new CustomEvent("sverka:rows"));
  then?.();
  const again = rows().find((r) => r.dataset.position === anchorPos);
  if (again) scrollBy(0, again.getBoundingClientRect().top - anchorTop);
  // Focus was on a replaced row: it goes back to the table, where the keys work.
  if (hadFocus && !table.contains(document.activeElement)) table.focus({ preventScroll: true });
}
