package server

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/store"
)

// TestSuggestionsInBrowser drives the reading view in a headless Chromium:
// the suggestions are underlined over the OCR text (which stays as it
// was), ";" opens the next one's card, "1" proposes its first reading as a
// correction suggested by Sverka, and an editor accepts it from the review
// queue with the keyboard.
func TestSuggestionsInBrowser(t *testing.T) {
	needLexicon(t)
	url, srv, db := startTestServer(t)
	ctx0 := context.Background()
	// Load the checker and check the letter once, as a running server has
	// long done by the time a scholar opens the page.
	if _, _, err := srv.documentSuggestions(ctx0, letterDoc(t, db), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx0, "anna", sverka.RoleAnnotator, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx0, "vera", sverka.RoleEditor, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	ctx := signInBrowser(t, url, "anna", "correct horse battery")
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/documents/117313")); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "suggestions loaded", `Number(document.querySelector("article").dataset.suggestions) > 10`)
	wait(t, ctx, "underlined", `CSS.highlights.get("sverka-suggestion")?.size > 10`)
	run(t, ctx, "OCR text unchanged", `[...document.querySelectorAll("td[lang=ru] .segtext")].some(t => t.textContent === "Баш ответ получил." || t.textContent.includes("хорошо внал о ряде"))`)
	// Walk with ";" to the card of внал, then propose its first reading.
	found := false
	for range 12 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(";")); err != nil {
			t.Fatal(err)
		}
		form, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".suggestion-card q")?.textContent || ""`))
		if err != nil {
			t.Fatal(err)
		}
		if form == "внал" {
			found = true
			break
		}
	}
	if !found {
		t.Fatal(`";" never reached the suggestion for внал`)
	}
	run(t, ctx, "first reading is знал", `document.querySelector(".suggestion-card button[data-key='1']").textContent.includes("знал")`)
	run(t, ctx, "mark the page before it reloads itself", `window.proposing = true`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("1")); err != nil {
		t.Fatal(err)
	}
	var list []*sverka.Annotation
	for deadline := time.Now().Add(10 * time.Second); len(list) == 0 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		list, _ = db.FindCorrections(ctx0, store.CorrectionFilter{Form: "внал"})
	}
	if len(list) != 1 || !list[0].Suggested || list[0].CreatorName != "anna" || list[0].Body != "знал" {
		t.Fatalf("got %v; want one proposed correction внал → знал by anna, suggested", list)
	}
	// The page reloads itself after proposing; until the new page stands,
	// asking it may find its old context gone.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		again, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.proposing && Number(document.querySelector("article")?.dataset.suggestions) > 10`))
		if err == nil && again {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("page again with its suggestions: got %v, %v", again, err)
		}
	}
	run(t, ctx, "внал no longer suggested, its correction proposed", `!CSS.highlights.get("sverka-suggestion") || [...CSS.highlights.get("sverka-suggestion")].every(r => r.toString() !== "внал")`)

	// The editor accepts it from the review queue with "a".
	vctx := signInBrowser(t, url, "vera", "correct horse battery")
	if err := chromedp.Do(vctx, chromedp.Navigate(url+"/review")); err != nil {
		t.Fatal(err)
	}
	wait(t, vctx, "queue", `document.querySelector("tr.review-item")?.textContent.includes("suggested by Sverka")`)
	if err := chromedp.Do(vctx, chromedp.KeyEvent("a")); err != nil {
		t.Fatal(err)
	}
	wait(t, vctx, "accepted", `document.querySelector("tr.review-item .review-status")?.textContent === "accepted"`)
	a, err := db.FindAnnotationByID(ctx0, list[0].ID, 0)
	if err != nil || a.Status != sverka.StatusAccepted || a.ReviewerName != "vera" {
		t.Fatalf("got %+v, %v; want accepted by vera", a, err)
	}
}
