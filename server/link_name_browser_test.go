package server

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"sverka"
)

// TestLinksNamedByNumberInBrowser: after links 1 and 2 were merged, every
// place the reading view names a link uses its stable number (the N of
// #link-N), not its position: the row's number, its Cite action, a note's
// card in the panel, and what the alignment editor says it did.
func TestLinksNamedByNumberInBrowser(t *testing.T) {
	base, _, db := startTestServer(t)
	d := importPair(t, db, "grain", 20)
	mergeLinks(t, db, "grain", 1)
	en := d.Text("en").Text
	const words = "row07 about grain"
	start := len([]rune(en[:strings.Index(en, words)]))
	ctx, vera := browserAs(t, base, db, "vera", sverka.RoleEditor, "/documents/grain")
	note := &sverka.Annotation{DocumentID: "grain", Motivation: sverka.MotivationNote, Body: "seventh", CreatorID: vera.ID,
		Target: sverka.TextTarget{Lang: "en", Start: start, End: start + len([]rune(words))}}
	if err := db.CreateAnnotation(context.Background(), note); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "annotations drawn", `document.querySelector("article").dataset.annotations === "ready" && document.body.dataset.alignEditor === "ready"`)
	run(t, ctx, "link 7 is the row at position 6", `document.getElementById("link-7").dataset.position === "6"`)
	run(t, ctx, "the row's number", `document.querySelector("#link-7 th.n > a").textContent === "7"`)
	run(t, ctx, "its Cite action", `document.querySelector("#link-7 a.cite-row").getAttribute("aria-label") === "Cite link 7"`)
	run(t, ctx, "the note's card", `(() => { const q = document.querySelector(".anno-item.anno-commenting .quote");
		return q.querySelector(".row").textContent.trim() === "link 7" && q.querySelector("a.jump").title === "Show the passage (link 7)"; })()`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#link-7 td[lang=en] .segtext`))); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "link 7 is current", `document.querySelector("#link-7").classList.contains("current")`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("m")); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "merged", `document.querySelector(".align-status").textContent.includes("Merged link 7 with the next one (link 8).")`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#link-10 td[lang=en] .segtext`))); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "link 10 is current", `document.querySelector("#link-10").classList.contains("current")`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("c")); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "confirmed", `document.querySelector(".align-status").textContent.includes("Confirmed link 10.")`)
}
