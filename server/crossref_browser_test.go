package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/store"
)

// TestCrossReferenceToAnotherDocument: a scholar keeps a passage of one
// document as a link target, goes to the letter, selects words and links
// them to the kept passage — no offsets typed; the other document then
// lists the backlink, and following the link opens the passage there.
// When the other document is replaced by a text with words before the
// passage (issue 12's scenario), the link follows its words: followed
// again, it opens the same words at their new place, and the backlink
// there is on them.
func TestCrossReferenceToAnotherDocument(t *testing.T) {
	url, db := crossRefServer(t)
	ctx := context.Background()
	b := signInBrowser(t, url, "vera", "correct horse battery")

	// Keep "send troops" of the other document as a link target.
	if err := chromedp.Do(b, chromedp.Navigate(url+"/documents/zhou-1950")); err != nil {
		t.Fatal(err)
	}
	wait(t, b, "annotations loaded", `document.querySelector("article").dataset.annotations === "ready"`)
	run(t, b, "select target", selectJS("en", "send troops"))
	wait(t, b, "popover", `!document.querySelector(".anno-popover").hidden`)
	run(t, b, "keep", `(document.querySelector(".anno-popover button[data-kind=keep]").click(), true)`)
	wait(t, b, "kept", `document.querySelector(".anno-popover [role=status]")?.textContent.includes("send troops")`)

	// Link words of the letter to it.
	if err := chromedp.Do(b, chromedp.Navigate(url+"/documents/117313")); err != nil {
		t.Fatal(err)
	}
	wait(t, b, "annotations loaded", `document.querySelector("article").dataset.annotations === "ready"`)
	run(t, b, "select source", selectJS("en", "five-six Chinese volunteer divisions"))
	wait(t, b, "popover", `!document.querySelector(".anno-popover").hidden`)
	run(t, b, "choose link", `(document.querySelector(".anno-popover button[data-kind=linking]").click(), true)`)
	run(t, b, "use kept", `(document.querySelector(".anno-form button[name=use-kept]").click(), true)`)
	wait(t, b, "shown", `document.querySelector(".anno-form output").textContent.includes("send troops")`)
	run(t, b, "save", `(document.querySelector(".anno-form button[type=submit]").click(), true)`)
	wait(t, b, "link listed", `[...document.querySelectorAll(".anno-item.anno-linking a.follow")].some(a => a.textContent.includes("send troops"))`)

	list, _, err := db.FindAnnotations(ctx, store.AnnotationFilter{LinkedDocumentID: "zhou-1950"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].DocumentID != "117313" || list[0].Link == nil || list[0].Link.Exact != "send troops" || list[0].Target.Exact != "five-six Chinese volunteer divisions" {
		t.Fatalf("got %+v, want one link from the letter's words to the kept passage", list)
	}

	// Follow it: the other document opens on the passage, highlighted, and
	// lists the letter's link back.
	run(t, b, "follow", `([...document.querySelectorAll(".anno-item.anno-linking a.follow")].find(a => a.textContent.includes("send troops")).click(), true)`)
	if err := chromedp.Do(b, chromedp.Sleep(700*time.Millisecond)); err != nil { // the page changes under the poll
		t.Fatal(err)
	}
	wait(t, b, "other document", `location.pathname === "/documents/zhou-1950"`)
	wait(t, b, "target highlighted", `document.querySelector("mark.anno-focus")?.textContent === "send troops"`)
	page, err := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector(".anno-panel").innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page, "five-six Chinese volunteer divisions") {
		t.Errorf("the other document's panel does not show the link back: %q", page)
	}

	zhou, err := db.FindDocumentByID(ctx, "zhou-1950")
	if err != nil {
		t.Fatal(err)
	}
	zhou.Texts[1].Text = "First we wait. We will send troops."
	zhou.Texts[1].Segments[0].End = len(zhou.Texts[1].Text)
	if _, err := db.ReplaceDocument(ctx, zhou, 0); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b, chromedp.Navigate(url+"/documents/117313")); err != nil {
		t.Fatal(err)
	}
	wait(t, b, "annotations loaded again", `document.querySelector("article").dataset.annotations === "ready"`)
	run(t, b, "follow after the replace", `([...document.querySelectorAll(".anno-item.anno-linking a.follow")].find(a => a.textContent.includes("send troops")).click(), true)`)
	if err := chromedp.Do(b, chromedp.Sleep(700*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	wait(t, b, "the same words at their new place", `location.pathname === "/documents/zhou-1950" && location.hash === "#passage=en:23-34" && document.querySelector("mark.anno-focus")?.textContent === "send troops"`)
	wait(t, b, "the backlink on them", `[...document.querySelectorAll("mark.anno-backlink")].map(m => m.textContent).join("") === "send troops"`)
}

// TestCrossReferenceFoundBySearch: in the cross-reference form a scholar
// finds the passage to link to with the archive's search (a form of a word
// the passage does not contain as such) and chooses the hit; the link
// points at that passage of the other document.
func TestCrossReferenceFoundBySearch(t *testing.T) {
	url, db := crossRefServer(t)
	ctx := context.Background()
	if err := db.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	b := signInBrowser(t, url, "vera", "correct horse battery")
	if err := chromedp.Do(b, chromedp.Navigate(url+"/documents/117313")); err != nil {
		t.Fatal(err)
	}
	wait(t, b, "annotations loaded", `document.querySelector("article").dataset.annotations === "ready"`)
	run(t, b, "select source", selectJS("en", "five-six Chinese volunteer divisions"))
	wait(t, b, "popover", `!document.querySelector(".anno-popover").hidden`)
	run(t, b, "choose link", `(document.querySelector(".anno-popover button[data-kind=linking]").click(), true)`)
	run(t, b, "find", `(document.querySelector(".anno-form input[name=find]").value = "войско", document.querySelector(".anno-form button[name=find-passage]").click(), true)`)
	wait(t, b, "hit listed", `[...document.querySelectorAll(".anno-form button[name=choose-hit]")].some(x => x.textContent.includes("Мы пошлём войска."))`)
	run(t, b, "choose hit", `([...document.querySelectorAll(".anno-form button[name=choose-hit]")].find(x => x.textContent.includes("Мы пошлём войска.")).click(), true)`)
	wait(t, b, "shown", `document.querySelector(".anno-form output").textContent.includes("Мы пошлём войска.")`)
	run(t, b, "save", `(document.querySelector(".anno-form button[type=submit]").click(), true)`)
	wait(t, b, "link listed", `[...document.querySelectorAll(".anno-item.anno-linking a.follow")].some(a => a.textContent.includes("войска"))`)

	list, _, err := db.FindAnnotations(ctx, store.AnnotationFilter{LinkedDocumentID: "zhou-1950"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Link == nil || list[0].Link.Exact != "Мы пошлём войска." || list[0].Link.Lang != "ru" {
		t.Fatalf("got %+v, want one link to the passage found", list)
	}
}

// crossRefServer starts a server holding the letter and a short second
// document to link to (zhou-1950), with an annotator vera.
func crossRefServer(t *testing.T) (string, *store.DB) {
	t.Helper()
	url, _, db := startTestServer(t)
	ctx := context.Background()
	if _, err := db.CreateUser(ctx, "vera", sverka.RoleAnnotator, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	other := &sverka.Document{ID: "zhou-1950", Title: "Zhou Enlai to Filippov", SourceFormat: "plain", Public: true,
		RawSource: "Мы пошлём войска.\n\nWe will send troops.",
		Texts: []sverka.BaseText{
			{Lang: "ru", Role: "original", Text: "Мы пошлём войска.", Segments: []sverka.Segment{{Start: 0, End: 17}}},
			{Lang: "en", Role: "translation", Text: "We will send troops.", Segments: []sverka.Segment{{Start: 0, End: 20}}},
		},
		Links: []sverka.Link{{Status: "auto", Segments: map[string][]int{"ru": {0}, "en": {0}}}},
	}
	if err := db.CreateDocument(ctx, other); err != nil {
		t.Fatal(err)
	}
	return url, db
}
