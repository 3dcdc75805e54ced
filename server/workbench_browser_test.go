package server

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/internal/browsertest"
	"sverka/store"
)

// browserAs starts a headless Chromium signed in as a new user with role,
// showing path.
func browserAs(t *testing.T, base string, db *store.DB, name string, role sverka.Role, path string) (context.Context, *sverka.User) {
	t.Helper()
	ctx := context.Background()
	u, err := db.CreateUser(ctx, name, role, "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := db.CreateSession(ctx, u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	bctx := browsertest.New(t, 60*time.Second)
	if _, err := chromedp.Call(bctx, network.SetCookie, network.SetCookieParams{Name: sessionCookie, Value: sess.Token, URL: base + "/"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(base+path)); err != nil {
		t.Fatal(err)
	}
	return bctx, u
}

// evalInt evaluates a JavaScript number.
func evalInt(t *testing.T, ctx context.Context, expr string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[float64](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return int(math.Round(n))
}

// keepScreenshot saves what the browser shows as dir/name when
// SVERKA_SCREENSHOTS names a directory (the README's pictures: docs/img).
func keepScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SVERKA_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

const revisionJS = `Number(document.querySelector("article.document").dataset.revision)`

// TestAlignmentEditorKeysInBrowser: the editor's one-letter keys act only
// when focus is in the alignment table, so a note typed in the popover is
// never lost to a "c"; an edit answers in place (no reload: the reading,
// the scroll position and a marker set in the page survive) with a message
// and Undo; a row number chooses its row; "split at cursor" snaps to the
// nearest word and says where it will cut.
func TestAlignmentEditorKeysInBrowser(t *testing.T) {
	base, _, db := startTestServer(t)
	ctx, vera := browserAs(t, base, db, "vera", sverka.RoleEditor, "/documents/117313")
	wait(t, ctx, "ready", `document.body.dataset.alignEditor === "ready" && document.querySelector("article").dataset.annotations === "ready"`)
	rev := evalInt(t, ctx, revisionJS)

	// Popover open, focus in it: "c" does nothing to the alignment.
	run(t, ctx, "select words", selectJS("en", "your reply"))
	wait(t, ctx, "popover has focus", `!document.querySelector(".anno-popover").hidden && document.activeElement.closest(".anno-popover") !== null`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("c")); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "choose note", `(document.querySelector(".anno-popover button[data-kind=commenting]").click(), true)`)
	wait(t, ctx, "note form focused", activeIs(".anno-form textarea"))
	if err := chromedp.Do(ctx, chromedp.KeyEvent("cms x u")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // an edit, had one been sent, would be back by now
	run(t, ctx, "typed into the note", `document.querySelector(".anno-form textarea").value === "cms x u"`)
	if got := evalInt(t, ctx, revisionJS); got != rev {
		t.Fatalf("keys typed in the popover changed the alignment: revision %d, want %d", got, rev)
	}
	if n := evalInt(t, ctx, `document.querySelectorAll("tr.link.confirmed").length`); n != 0 {
		t.Fatalf("got %d confirmed links after typing in the popover, want 0", n)
	}
	run(t, ctx, "save the note", `(document.querySelector(".anno-form button[type=submit]").click(), true)`)
	wait(t, ctx, "note saved", `[...document.querySelectorAll(".anno-item.anno-commenting .body")].some(b => b.textContent.includes("cms x u"))`)

	// An edit in place: the marked-up reading and the scroll position stay.
	run(t, ctx, "marked-up reading", `(document.querySelector(".reading-switch input[value=marked]").click(), window.sameP = true, true)`)
	run(t, ctx, "scroll to row 8", `(document.querySelector("#link-8").scrollIntoView({block: "start"}), scrollBy(0, -200), true)`)
	time.Sleep(100 * time.Millisecond)
	row := 8
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#link-`+strconv.Itoa(row)+` td[lang=en] .segtext`))); err != nil {
		t.Fatal(err)
	}
	const rowTop = `document.querySelector("#link-8").getBoundingClientRect().top`
	time.Sleep(100 * time.Millisecond)
	y := evalInt(t, ctx, rowTop)
	rev = evalInt(t, ctx, revisionJS)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("c")); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "confirmed in place", revisionJS+` > `+strconv.Itoa(rev)+` && document.querySelector("#link-8").classList.contains("confirmed")`)
	run(t, ctx, "not reloaded", `window.sameP === true`)
	run(t, ctx, "reading kept", `document.querySelector(".reading-switch input[value=marked]").checked`)
	run(t, ctx, "says what happened", `document.querySelector(".align-status").textContent.includes("Confirmed link 8") && !document.querySelector(".align-status .undo-last").hidden`)
	if dy := evalInt(t, ctx, rowTop) - y; dy < -4 || dy > 4 {
		t.Errorf("the edited row moved by %d px on the screen, want it to stay", dy)
	}
	keepScreenshot(t, ctx, "alignment-editor.png")
	run(t, ctx, "Undo", `(document.querySelector(".align-status .undo-last").click(), true)`)
	wait(t, ctx, "undone in place", `!document.querySelector("#link-8").classList.contains("confirmed") && document.querySelector(".align-status").textContent.includes("Undid")`)
	run(t, ctx, "still not reloaded", `window.sameP === true`)

	// A row number chooses its row.
	run(t, ctx, "click row number 3", `(document.querySelector("#link-3 th.n > a").click(), true)`)
	wait(t, ctx, "row 3 current", `document.querySelector("#link-3").classList.contains("current")`)

	// Split at cursor: the cursor in the middle of a word cuts before the
	// nearest word start, and the page says where first.
	sentence, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const p = [...document.querySelectorAll("td[lang=en] p.seg")].find(p => p.dataset.text.trim().split(/\s+/).length >= 6);
		return [p.id, p.dataset.text];
	})()`))
	if err != nil || len(sentence) != 2 {
		t.Fatalf("no English sentence of six words: %v", err)
	}
	words := []rune(sentence[1])
	// The cursor goes two letters into the fourth word.
	at, seen := 0, 0
	for i := 1; i < len(words); i++ {
		if unicode.IsSpace(words[i-1]) && !unicode.IsSpace(words[i]) {
			if seen++; seen == 3 {
				at = i
				break
			}
		}
	}
	end := at
	for end < len(words) && !unicode.IsSpace(words[end]) {
		end++
	}
	if end-at < 4 {
		t.Skipf("the fourth word of %q is too short to put the cursor inside it", sentence[1])
	}
	want := strings.TrimSpace(string(words[at:]))
	run(t, ctx, "select and place the cursor", `(() => {
		const p = document.getElementById(`+jsString(sentence[0])+`);
		p.click();
		const t = p.querySelector(".segtext"), w = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
		let left = `+strconv.Itoa(at+2)+`;
		for (let n = w.nextNode(); n; n = w.nextNode()) {
			const cps = [...n.data];
			if (left <= cps.length) { getSelection().collapse(n, cps.slice(0, left).join("").length); return true; }
			left -= cps.length;
		}
		return false;
	})()`)
	wait(t, ctx, "says where it cuts", `document.querySelector(".align-cut").textContent.includes(`+jsString("“"+string(words[at:end]))+`)`)
	rev = evalInt(t, ctx, revisionJS)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("x")); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "split in place", revisionJS+` > `+strconv.Itoa(rev))
	run(t, ctx, "a sentence starts at the word", `[...document.querySelectorAll("td[lang=en] p.seg")].some(p => p.dataset.text.trim() === `+jsString(want)+`)`)
	changes, err := db.FindChanges(context.Background(), store.ChangeFilter{DocumentID: "117313", Entity: "alignment", UserID: vera.ID, Limit: 10})
	if err != nil || len(changes) != 3 { // confirm, undo, split
		t.Errorf("got %d alignment changes by vera (%v), want 3", len(changes), err)
	}
}

// noteOn makes a note by u on the first occurrence of words in lang.
func noteOn(t *testing.T, db *store.DB, d *sverka.Document, u *sverka.User, lang, words, body string, tags ...string) *sverka.Annotation {
	t.Helper()
	text := d.Text(lang).Text
	i := strings.Index(text, words)
	if i < 0 {
		t.Fatalf("%q is not in the %s text", words, lang)
	}
	start := len([]rune(text[:i]))
	a := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, Body: body, Tags: tags,
		Target: sverka.TextTarget{Lang: lang, Start: start, End: start + len([]rune(words))}, CreatorID: u.ID}
	if err := db.CreateAnnotation(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestAnnotationsAtEveryWidthInBrowser: at 900 px, at the top of a
// document whose notes are far down, the panel is a closed drawer whose
// handle counts every note; choosing a highlight (by click, or by Tab and
// Enter) opens the drawer on its card, with author and date; the list
// covers the whole document, with filters that count; Escape closes it.
func TestAnnotationsAtEveryWidthInBrowser(t *testing.T) {
	base, _, db := startTestServer(t)
	ctx := context.Background()
	d, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	anna, err := db.CreateUser(ctx, "anna", sverka.RoleAnnotator, "")
	if err != nil {
		t.Fatal(err)
	}
	boris, err := db.CreateUser(ctx, "boris", sverka.RoleAnnotator, "")
	if err != nil {
		t.Fatal(err)
	}
	// Three notes on the last sentences of the English text, by two people.
	segs := d.Text("en").Segments
	en := []rune(d.Text("en").Text)
	var notes []*sverka.Annotation
	for k, who := range []*sverka.User{anna, boris, anna} {
		s := segs[len(segs)-1-2*k]
		words := strings.Fields(string(en[s.Start:s.End]))
		if len(words) < 2 {
			t.Fatalf("sentence %d is too short", len(segs)-2*k)
		}
		notes = append(notes, noteOn(t, db, d, who, "en", words[0]+" "+words[1], "note "+strconv.Itoa(k+1), "tag"+strconv.Itoa(k%2)))
	}

	bctx := browsertest.New(t, 60*time.Second)
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(900, 800), chromedp.Navigate(base+"/documents/117313")); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "loaded", `document.querySelector("article").dataset.annotations === "ready"`)
	run(t, bctx, "drawer closed, handle counts all", `document.querySelector(".anno-panel").hidden && document.querySelector(".anno-handle").textContent === "Annotations (3)" && getComputedStyle(document.querySelector(".anno-handle")).display !== "none"`)
	run(t, bctx, "the notes are below the first screen", `document.querySelector("td[lang=en] mark.anno-commenting").getBoundingClientRect().top > innerHeight`)
	run(t, bctx, "the first screen shows text", `document.querySelector("table.alignment tbody tr").getBoundingClientRect().top < innerHeight * 0.6`)

	// Click the last note's highlight.
	last := `[...document.querySelectorAll("td[lang=en] mark.anno-commenting")].pop()`
	run(t, bctx, "scroll to it", `(`+last+`.scrollIntoView({block: "start"}), true)`)
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`#link-`+strconv.Itoa(len(d.Links))+` mark.anno-commenting`))); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "drawer opens on the card", `!document.querySelector(".anno-panel").hidden && document.querySelector(".anno-item.selected")?.textContent.includes("note 1")`)
	run(t, bctx, "card on screen", `(() => { const r = document.querySelector(".anno-item.selected").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight + 1 && r.left >= 0 && r.right <= innerWidth; })()`)
	keepScreenshot(t, bctx, "notes-drawer.png")
	run(t, bctx, "author and date", `(() => { const c = document.querySelector(".anno-item.selected"); return c.querySelector(".author").textContent === "anna" && !!c.querySelector("time[datetime]"); })()`)
	run(t, bctx, "whole document listed", `document.querySelectorAll(".anno-item").length === 3 && document.querySelector(".anno-counts").textContent === "3 annotations."`)
	run(t, bctx, "filter by author", `(() => { const s = document.querySelector("select[name=author]"); s.value = "boris"; s.dispatchEvent(new Event("change")); return true; })()`)
	run(t, bctx, "one of three", `document.querySelectorAll(".anno-item").length === 1 && document.querySelector(".anno-counts").textContent === "Showing 1 of 3 annotations." && [...document.querySelectorAll("select[name=author] option")].some(o => o.textContent === "anna (2)")`)
	run(t, bctx, "filter by tag", `(() => { const a = document.querySelector("select[name=author]"); a.value = ""; a.dispatchEvent(new Event("change")); const s = document.querySelector("select[name=tag]"); s.value = "tag0"; s.dispatchEvent(new Event("change")); return document.querySelectorAll(".anno-item").length === 2; })()`)

	// Keyboard: Escape closes the drawer; Tab onto a highlight, Enter opens its card.
	if err := chromedp.Do(bctx, chromedp.KeyEvent("\u001b")); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "drawer closed", `document.querySelector(".anno-panel").hidden`)
	run(t, bctx, "focus the first highlight", `(document.querySelector("td[lang=en] mark.anno-commenting").focus(), true)`)
	if err := chromedp.Do(bctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "card focused in the drawer", `!document.querySelector(".anno-panel").hidden && document.activeElement.matches(".anno-item.selected")`)

	// The same page at 1280 px: the panel stands beside the text and lists all three.
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 900), chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "wide", `document.querySelector("article").dataset.annotations === "ready" && !document.querySelector(".anno-panel").hidden && document.querySelectorAll(".anno-item").length === 3`)
	keepScreenshot(t, bctx, "annotating.png")
	run(t, bctx, "sign-in link returns here", `document.querySelector(".anno-panel .hint a").getAttribute("href") === "/login?next=%2Fdocuments%2F117313"`)
	_ = notes
}

// TestSignInReturnsInBrowser: a page that needs an account says so with a
// link to sign in, and signing in comes back to it; so does the header's
// "Sign in" link from a document.
func TestSignInReturnsInBrowser(t *testing.T) {
	base, _, db := startTestServer(t)
	if _, err := db.CreateUser(context.Background(), "vera", sverka.RoleEditor, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t, 60*time.Second)
	signIn := []chromedp.Action[chromedp.Void]{
		chromedp.WaitVisible(chromedp.CSS(`form.login`)),
		chromedp.SetValue(chromedp.CSS(`input[name=name]`), "vera"),
		chromedp.SetValue(chromedp.CSS(`input[name=password]`), "correct horse battery"),
		chromedp.Submit(chromedp.CSS(`form.login`)),
	}
	for _, tc := range []struct{ name, start, link, want, ready string }{
		{"import needs an account", "/import", `main a[href^="/login"]`, "/import", `form.import`},
		{"header link on a document", "/documents/117313?x=1", `header.site a[href^="/login"]`, "/documents/117313?x=1", `aside.anno-panel`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
				t.Fatal(err)
			}
			steps := append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(base + tc.start), chromedp.Click(chromedp.CSS(tc.link))}, signIn...)
			if err := chromedp.Do(ctx, append(steps, chromedp.WaitVisible(chromedp.CSS(tc.ready)))...); err != nil {
				t.Fatal(err)
			}
			loc, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil || loc != base+tc.want {
				t.Errorf("after signing in got %s, want %s", loc, base+tc.want)
			}
		})
	}
}

// TestPagesFitAPhoneInBrowser: no page is wider than a 390 px screen, as
// an admin sees them.
func TestPagesFitAPhoneInBrowser(t *testing.T) {
	base, _, db := startTestServer(t)
	ctx, _ := browserAs(t, base, db, "ada", sverka.RoleAdmin, "/")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/documents/117313", "/documents/117313/source", "/changes", "/import", "/users", "/account", "/search?q=ответ", "/login", "/documents/none"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
			t.Fatal(err)
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if wide > 1 {
			t.Errorf("%s is %d px wider than a 390 px screen", path, wide)
		}
	}
}
