package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/internal/browsertest"
)

// TestLifecycleInBrowser: a cross-reference from the letter into another
// document whose text is replaced (the words gone) is shown as orphaned in
// the letter's panel, counted in the list and on the page, and re-attached from the Orphans
// view to the place it offers, the words most like the old ones; then the other document is moved to the trash
// from its page, restored from the trash, moved there again and purged
// (after a mistyped id is refused): the letter's Orphans view lists the
// cross-reference again; the details form makes the letter private, and
// /changes tells it all in words.
func TestLifecycleInBrowser(t *testing.T) {
	url, db := crossRefServer(t)
	ctx := context.Background()
	ada, err := db.CreateUser(ctx, "ada", sverka.RoleAdmin, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	ref := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationLink, CreatorID: ada.ID,
		Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "I received your reply."},
		Link:   &sverka.CrossReference{DocumentID: "zhou-1950", Lang: "en", Start: 8, End: 19, Exact: "send troops"}}
	if err := db.CreateAnnotation(ctx, ref); err != nil {
		t.Fatal(err)
	}
	zhou, err := db.FindDocumentByID(ctx, "zhou-1950")
	if err != nil {
		t.Fatal(err)
	}
	zhou.Texts[1].Text = "We will wait and see. We will send the troops."
	zhou.Texts[1].Segments[0].End = len(zhou.Texts[1].Text)
	if _, err := db.ReplaceDocument(ctx, zhou, ada.ID); err != nil {
		t.Fatal(err)
	}
	b := signInBrowser(t, url, "ada", "correct horse battery")
	go_ := func(path string) {
		t.Helper()
		if err := chromedp.Do(b, chromedp.Navigate(url+path)); err != nil {
			t.Fatal(err)
		}
	}
	// submit sends a form, and lets the page it leads to load.
	submit := func(what, form string) {
		t.Helper()
		run(t, b, what, `(document.querySelector(`+jsString(form)+`).requestSubmit(), true)`)
		if err := chromedp.Do(b, chromedp.Sleep(700*time.Millisecond), chromedp.WaitReady("body")); err != nil {
			t.Fatal(err)
		}
	}

	// The letter's panel shows the link's far end as orphaned, not on
	// other words; the orphan is counted in the list and on the page, and
	// listed.
	wait(t, b, "shown orphaned in the panel", `document.querySelector(".anno-panel .orphaned-link")?.textContent.includes("“send troops” · orphaned")`)
	go_("/")
	wait(t, b, "orphan counted in the list", `document.querySelector("a[href='/documents/117313/orphans']")?.textContent === "1"`)
	go_("/documents/117313")
	wait(t, b, "orphan counted on the page", `document.querySelector(".doc-manage a[href$='/orphans']")?.textContent === "Orphans (1)"`)
	go_("/documents/117313/orphans")
	wait(t, b, "orphan listed", `document.querySelector(".orphan .orphan-end")?.textContent.includes("send troops")`)

	// Re-attached to the place offered: the words most like its own.
	wait(t, b, "place offered", `document.querySelector(".orphan-place mark")?.textContent === "send the troops"`)
	for _, v := range browsertest.Axe(t, b) {
		t.Errorf("the Orphans view: %v", v)
	}
	submit("attach here", ".orphan-place")
	wait(t, b, "re-attached", `document.querySelector(".done")?.textContent.includes("reattached") && !document.querySelector(".orphan")`)
	a, err := db.FindAnnotationByID(ctx, ref.ID, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if l := a.Link; l.Orphaned || l.Exact != "send the troops" || l.Start != 30 {
		t.Fatalf("got link %+v, want it on “send the troops” at 30", *l)
	}

	// To the trash from its page; restored; to the trash again; purged.
	go_("/documents/zhou-1950")
	submit("move to the trash", `.doc-manage form[action$="/delete"]`)
	wait(t, b, "in the trash", `location.pathname === "/trash" && !!document.querySelector("#trashed-zhou-1950")`)
	if code := get(t, url+"/documents/zhou-1950"); code != http.StatusNotFound {
		t.Errorf("a document in the trash: got %d, want 404", code)
	}
	submit("restore", `form[action="/trash/zhou-1950/restore"]`)
	wait(t, b, "restored", `location.pathname === "/documents/zhou-1950"`)
	submit("move to the trash again", `.doc-manage form[action$="/delete"]`)
	wait(t, b, "in the trash again", `!!document.querySelector("#trashed-zhou-1950")`)
	run(t, b, "mistype the id", `(document.querySelector("form[action='/trash/zhou-1950/purge'] input[name=confirm]").value = "zhou-1951", true)`)
	submit("purge, mistyped", `form[action="/trash/zhou-1950/purge"]`)
	wait(t, b, "refused", `document.body.textContent.includes("type the document id")`)
	go_("/trash")
	run(t, b, "type the id", `(document.querySelector("form[action='/trash/zhou-1950/purge'] input[name=confirm]").value = "zhou-1950", true)`)
	submit("purge", `form[action="/trash/zhou-1950/purge"]`)
	wait(t, b, "purged, the orphan listed", `document.querySelector(".purged")?.textContent.includes("send the troops")`)
	go_("/documents/117313/orphans")
	wait(t, b, "orphaned again", `document.querySelector(".orphan .orphan-end")?.textContent.includes("send the troops")`)

	// The letter made private in its details form.
	go_("/documents/117313/edit")
	run(t, b, "language", `(document.querySelector("#doc-language").value = "ru", true)`)
	run(t, b, "not public", `(document.querySelector(".doc-edit input[name=public]").checked = false, true)`)
	submit("save the details", ".doc-edit")
	wait(t, b, "back on the page", `location.pathname === "/documents/117313"`)
	if code := get(t, url+"/documents/117313"); code != http.StatusNotFound {
		t.Errorf("anonymous, the letter made private: got %d, want 404", code)
	}

	// /changes says it all in words.
	go_("/changes")
	page, err := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"purged “Zhou Enlai to Filippov” (zhou-1950) for good", "moved “Zhou Enlai to Filippov” (zhou-1950) to the trash",
		"restored “Zhou Enlai to Filippov” (zhou-1950) from the trash", "public: “true” → “false”", "edited the cross-reference on “I received your reply.”"} {
		if !strings.Contains(page, want) {
			t.Errorf("/changes does not say %q", want)
		}
	}
}

// get answers the status of an anonymous GET.
func get(t *testing.T, url string) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
