/**
 * The readings of the original: as the OCR has it ("OCR"), with accepted
 * corrections applied ("Corrected"), or with both shown, struck and
 * inserted ("Marked up"). The same three names are used everywhere, the
 * Download form included. The choice is remembered by the browser tab.
 *
 * @module readings
 */

import { request } from "./api.js";
import { el } from "./dom.js";
import { doc, state, originalLang, hooks } from "./page.js";

/** The readings, by the value the API knows them by, with their names on the page. */
export const READINGS = [["diplomatic", "OCR"], ["corrected", "Corrected"], ["marked", "Marked up"]];

const KEY = "sverka.reading";

/** Loads the accepted corrections (marked reading) of the original. */
export async function loadReading() {
  const r = await request("GET", `/api/documents/${doc}/readings/${originalLang()}?reading=marked`);
  state.edits = [];
  state.corrected = new Map();
  if (r.status !== 200) return;
  for (const s of r.data.segments) {
    state.corrected.set(s.start, s.text);
    for (const p of s.pieces || []) if (p.correction) state.edits.push({ start: p.start, end: p.end, inserted: p.inserted || "" });
  }
}

/**
 * The switch between the readings, shown above the text. Changing it
 * draws the text again ("render") and is remembered.
 * @param {() => void} onChange called before the text is drawn again
 * @returns {HTMLElement}
 */
export function readingSwitch(onChange) {
  const saved = sessionStorage.getItem(KEY);
  if (READINGS.some(([v]) => v === saved)) state.reading = /** @type {string} */ (saved);
  return el("fieldset", { class: "reading-switch" }, el("legend", {}, "Reading of the original"),
    ...READINGS.map(([v, label]) =>
      el("label", {}, el("input", { type: "radio", name: "anno-reading", value: v, checked: v === state.reading, onchange: () => {
        state.reading = v;
        sessionStorage.setItem(KEY, v);
        onChange();
        hooks.render();
      } }), " " + label)));
}
