// The review queue (/review): accept or reject proposed corrections one by
// one or a whole batch at once, with buttons or from the keyboard (j/k to
// move, a accept, r reject, s skip, A/R the whole batch).

import { request, failure } from "./api.js";

const rows = () => [...document.querySelectorAll("tr.review-item:not(.reviewed)")];
let current = 0;

/** Moves the keyboard focus to row i of the rows still to review. */
function focus(i) {
  const list = rows();
  if (!list.length) return;
  current = Math.max(0, Math.min(i, list.length - 1));
  list[current].focus();
  list[current].scrollIntoView({ block: "nearest" });
}

/**
 * Reviews the correction of a row (action "accepted" or "rejected"), or
 * its whole batch ("batch-accepted", "batch-rejected").
 * @param {HTMLElement} row
 * @param {string} action
 */
async function review(row, action) {
  const status = row.querySelector(".review-status");
  let r;
  if (action.startsWith("batch-")) {
    r = await request("POST", `/api/batches/${row.dataset.batch}/review`, { status: action.slice(6) });
  } else {
    r = await request("POST", `/api/annotations/${row.dataset.id}/review`, { status: action },
      { "If-Match": `"a${row.dataset.id}-v${row.dataset.version}"` });
  }
  if (r.status !== 200) {
    status.textContent = failure(r);
    return;
  }
  const done = action.startsWith("batch-")
    ? [...document.querySelectorAll(`tr.review-item[data-batch="${row.dataset.batch}"]`)] : [row];
  for (const d of done) {
    d.classList.add("reviewed");
    d.querySelector(".review-status").textContent = action.endsWith("accepted") ? "accepted" : "rejected";
    for (const b of d.querySelectorAll("button")) b.disabled = true;
  }
  focus(current);
}

document.addEventListener("click", (ev) => {
  const b = ev.target.closest("tr.review-item button[data-action]");
  if (b) review(b.closest("tr"), b.dataset.action);
});

document.addEventListener("keydown", (ev) => {
  if (ev.target.closest?.("input, textarea") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const row = rows()[current];
  const keys = { j: () => focus(current + 1), k: () => focus(current - 1), s: () => focus(current + 1),
    a: () => row && review(row, "accepted"), r: () => row && review(row, "rejected"),
    A: () => row?.dataset.batch && review(row, "batch-accepted"), R: () => row?.dataset.batch && review(row, "batch-rejected") };
  if (keys[ev.key]) {
    keys[ev.key]();
    ev.preventDefault();
  }
});

focus(0);
