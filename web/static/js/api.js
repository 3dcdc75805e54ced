/**
 * The one way the page talks to Sverka's API: same-origin fetch with the
 * page's CSRF token, JSON in and out, and errors turned into sentences.
 *
 * @module api
 */

/** The media type of W3C Web Annotations. */
export const ANNOTATION_MEDIA = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

/**
 * A random name of this page, sent with every change so that the page can
 * tell its own changes from a colleague's when they come back as live events.
 */
export const clientID = crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2);

/**
 * @typedef {object} Answer
 * @property {number} status the HTTP status (0: the server could not be reached)
 * @property {string|null} etag
 * @property {any} data the JSON answer, or {error: text} for another answer
 */

/**
 * Sends a request; resolves to {status, etag, data} and never rejects: a
 * network failure is status 0 with a sentence in data.error.
 * @param {string} method
 * @param {string} url
 * @param {object} [body] sent as JSON
 * @param {Record<string, string>} [headers] e.g. If-Match, or Content-Type to override JSON
 * @returns {Promise<Answer>}
 */
export async function request(method, url, body, headers = {}) {
  const h = { Accept: "application/ld+json, application/json", ...headers };
  if (method !== "GET") {
    h["X-CSRF-Token"] = document.body.dataset.csrf || "";
    h["X-Sverka-Client"] = clientID;
  }
  if (body !== undefined && !h["Content-Type"]) h["Content-Type"] = "application/json";
  let resp;
  try {
    resp = await fetch(url, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  } catch {
    return { status: 0, etag: null, data: { error: "The server cannot be reached; nothing was changed. Check the connection and try again." } };
  }
  let data = null;
  const text = await resp.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = { error: text }; }
  }
  return { status: resp.status, etag: resp.headers.get("ETag"), data };
}

/**
 * A sentence saying why a request failed, for people rather than logs: the
 * server's message without its trailing error classes (": stale version:
 * conflict"), or
 * what the status means.
 * @param {Answer} r
 * @returns {string}
 */
export function failure(r) {
  if (r.status === 0) return r.data.error;
  if (r.status === 401) return "You are signed out; sign in again, then repeat the change.";
  if (r.status === 403) return "Your role does not allow this change.";
  let msg = String(r.data?.error || "").replace(/(: (stale version|conflict|not found|invalid|bad request))+$/i, "");
  if (!msg) return `The server refused the change (error ${r.status}).`;
  msg = msg[0].toUpperCase() + msg.slice(1);
  return /[.!?]$/.test(msg) ? msg : msg + ".";
}
