package server

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/internal/browsertest"
	"sverka/store"
)

// TestAlignmentEditorInBrowser drives the alignment editor as an editor
// would, with the mouse and the keyboard, in a real headless Chromium: merge,
// split, move, confirm, re-align and undo, each reloading the page with the
// server's answer; a note on the English words stays on them throughout.
func TestAlignmentEditorInBrowser(t *testing.T) {
	base, _, db := startTestServer(t)
	ctx := context.Background()
	vera, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := db.CreateSession(ctx, vera.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	en := d.Text("en").Text
	const words = "I received your reply."
	start := len([]rune(en[:strings.Index(en, words)]))
	note := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, Body: "the reply of 1 October",
		Target: sverka.TextTarget{Lang: "en", Start: start, End: start + len([]rune(words))}, CreatorID: vera.ID}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}

	bctx := browsertest.New(t, 120*time.Second)
	if _, err := chromedp.Call(bctx, network.SetCookie, network.SetCookieParams{Name: sessionCookie, Value: sess.Token, URL: base + "/"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/documents/117313")); err != nil {
		t.Fatal(err)
	}
	// waitFor polls expr, a JavaScript boolean, across page reloads.
	waitFor := func(t *testing.T, what, expr string) {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			ok, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.body && document.body.dataset.alignEditor === "ready" && (`+expr+`)`))
			if err == nil && ok {
				return
			}
		}
		msg, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`(document.querySelector(".align-status") || {}).textContent || ""`))
		t.Fatalf("%s: timed out waiting for %s (status %q)", what, expr, msg)
	}
	linkCount := `document.querySelectorAll("table.alignment tbody tr.link").length`
	// cell is the text of a side of the row at position pos (#link-N names
	// a link by its own number, which a split does not move).
	cell := func(pos int, lang string) string {
		return `document.querySelector("tr.link[data-position='` + itoa(pos) + `'] td[lang=` + lang + `]").innerText`
	}
	rowsNow := func() []string {
		rs, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("table.alignment tbody tr.link")].map(r => r.querySelector("td[lang=ru]").innerText + " <> " + r.querySelector("td[lang=en]").innerText)`))
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	revision := func() int {
		rev, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector("article.document").dataset.revision`))
		if err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.Atoi(rev)
		return n
	}
	// key presses k and waits for the page to come back with a new
	// revision on which expr holds.
	key := func(t *testing.T, k, expr string) {
		t.Helper()
		rev := revision()
		if err := chromedp.Do(bctx, chromedp.KeyEvent(k)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "key "+k, `Number(document.querySelector("article.document").dataset.revision) > `+strconv.Itoa(rev)+` && (`+expr+`)`)
	}
	click := func(t *testing.T, id string) {
		t.Helper()
		if err := chromedp.Do(bctx, chromedp.Click(chromedp.ID(id))); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "editor", linkCount+` === 22`)
	original := rowsNow()
	uncertain, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("tr.link.uncertain").length`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of 22 links marked uncertain", uncertain)

	t.Run("merge", func(t *testing.T) {
		click(t, "ru-s3") // link 2, "Баш ответ получил."
		key(t, "m", linkCount+` === 21 && `+cell(2, "en")+`.includes("I received your reply.") && document.querySelector("#link-2").classList.contains("confirmed")`)
	})
	t.Run("undo", func(t *testing.T) {
		key(t, "u", linkCount+` === 22 && !document.querySelector("#link-2").classList.contains("confirmed")`)
	})
	t.Run("split", func(t *testing.T) {
		// Link 1 is 2-1: split before its second Russian sentence.
		click(t, "ru-s2")
		key(t, "s", linkCount+` === 23 && `+cell(2, "ru")+`.includes("МАО") && `+cell(2, "en")+`.includes("no counterpart")`)
	})
	t.Run("move", func(t *testing.T) {
		// Move "для МАО ЦЗЕ-ДУНА." back up into link 1.
		click(t, "ru-s2")
		key(t, "[", linkCount+` === 22 && `+cell(1, "ru")+`.includes("МАО")`)
	})
	t.Run("confirm up to link 5", func(t *testing.T) {
		click(t, "link-5")
		key(t, "C", `document.querySelectorAll("tr.link.confirmed").length === 5`)
	})
	t.Run("re-align the rest", func(t *testing.T) {
		key(t, "r", `document.querySelectorAll("tr.link.confirmed").length === 5`)
		if got := rowsNow(); strings.Join(got, "\n") != strings.Join(original, "\n") {
			t.Errorf("after re-aligning got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(original, "\n"))
		}
	})
	t.Run("undo everything", func(t *testing.T) {
		for range 4 { // re-align, confirm, move, split (the merge is undone already)
			key(t, "u", `true`)
		}
		waitFor(t, "undone", `document.querySelectorAll("tr.link.confirmed").length === 0 && `+linkCount+` === 22`)
		if got := rowsNow(); strings.Join(got, "\n") != strings.Join(original, "\n") {
			t.Errorf("after undoing everything got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(original, "\n"))
		}
		// Nothing is left to undo: the editor says so and changes nothing.
		if err := chromedp.Do(bctx, chromedp.KeyEvent("u")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "nothing to undo", `document.querySelector(".align-status").textContent.includes("no alignment edit to undo")`)
	})

	// The note is still on its words.
	got, err := db.FindAnnotationByID(ctx, note.ID, vera.ID)
	if err != nil {
		t.Fatal(err)
	}
	after, err := db.FindDocumentByID(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Target != note.Target || string([]rune(after.Text("en").Text)[got.Target.Start:got.Target.End]) != words {
		t.Errorf("got the note on %+v, want %+v (%q)", got.Target, note.Target, words)
	}
	// And every edit is in the audit trail under vera's name.
	changes, err := db.FindChanges(ctx, store.ChangeFilter{DocumentID: d.ID, Entity: "alignment", UserID: vera.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) < 10 { // 5 edits and 5 undos
		t.Errorf("got %d alignment changes by vera, want every edit and undo", len(changes))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
