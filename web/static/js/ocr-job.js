// The details page's "OCR the scan" progress: while the job is queued or
// running, asks its status URL every two seconds and says how far it has
// got; once it has ended, reloads the page, which then shows the result
// (and no longer offers to start a job when the words have their boxes).

import { failure, request } from "./api.js";

const status = document.querySelector(".ocr-job[data-ocr-status]");

async function poll() {
  const r = await request("GET", status.dataset.ocrStatus, undefined, { Accept: "application/json" });
  if (r.status !== 200) throw new Error(failure(r));
  const job = r.data;
  status.textContent = job.message;
  status.dataset.state = job.state;
  if (job.state === "done" || job.state === "failed") {
    location.reload();
    return;
  }
  setTimeout(() => poll().catch(fail), 2000);
}

function fail(e) {
  status.textContent += ` (could not ask how far it has got: ${e.message})`;
}

if (status && (status.dataset.state === "queued" || status.dataset.state === "running")) {
  setTimeout(() => poll().catch(fail), 2000);
}
