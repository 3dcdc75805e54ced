package server

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka/internal/browsertest"
)

// TestPassagesAndCitationsInBrowser drives the stable addresses in
// Chromium, signed out: an old #link-N of a long document, after links N-1
// and N were merged, opens the merged row outside the first window with a
// note saying so; #char=S,E and ?char=S,E highlight exactly their words (an
// astral character before them counts one code point, as the W3C model
// counts); "Cite" on selected words and a row's Cite action, from the
// keyboard, show a citation carrying the passage's URL, copied by a button;
// axe finds nothing on any of it.
func TestPassagesAndCitationsInBrowser(t *testing.T) {
	base, _, db := startTestServer(t)
	d := importPair(t, db, "grain", 20)
	importLong(t, db, "long", 400)
	mergeLinks(t, db, "long", 350)
	ctx := browsertest.New(t, 2*time.Minute)
	axe := func(what string) {
		t.Helper()
		for _, v := range browsertest.Axe(t, ctx) {
			t.Errorf("%s: %v", what, v)
		}
	}
	navigate := func(path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
			t.Fatal(err)
		}
	}

	navigate("/documents/long#link-351")
	wait(t, ctx, "the window of the merged row", `location.search === "?from=350" && location.hash === "#link-351"`)
	wait(t, ctx, "the anchor in the merged row", `document.getElementById("link-351")?.closest("tr")?.dataset.ref === "350"`)
	run(t, ctx, "the note shown", `(() => { const n = document.querySelector("#link-351 + .ref-note");
		return getComputedStyle(n).display === "block" && n.textContent.includes("Link 351 was merged into this row (350)"); })()`)
	run(t, ctx, "the row on screen", `(() => { const r = document.getElementById("link-351").closest("tr").getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })()`)
	axe("a merged link's note")

	en := d.Text("en")
	cp := func(s string) int { return len([]rune(en.Text[:strings.Index(en.Text, s)])) }
	start := cp("row07")
	end := start + len("row07 about grain")
	marks := `[...document.querySelectorAll("mark.anno-focus")].map((m) => m.textContent).join("|")`
	navigate(fmt.Sprintf("/documents/grain?lang=en#char=%d,%d", start, end))
	wait(t, ctx, "annotations drawn", `document.querySelector("article").dataset.annotations === "ready"`)
	run(t, ctx, "#char highlights its words", marks+` === "row07 about grain"`)
	across := fmt.Sprintf("%d,%d", cp("grain.\n\nLine row08")+3, cp("row08")+5)
	navigate("/documents/grain?" + url.Values{"lang": {"en"}, "char": {across}}.Encode())
	wait(t, ctx, "annotations drawn", `document.querySelector("article").dataset.annotations === "ready"`)
	run(t, ctx, "?char across two sentences", marks+` === "in.|Line row08"`)

	navigate("/documents/grain")
	wait(t, ctx, "annotations drawn", `document.querySelector("article").dataset.annotations === "ready"`)
	run(t, ctx, "select", selectJS("en", "row07 about grain"))
	wait(t, ctx, "a reader's popover offers Cite alone", `!document.querySelector(".anno-popover").hidden && document.querySelectorAll(".anno-popover button[data-kind]").length === 1`)
	run(t, ctx, "Cite", `(document.querySelector(".anno-popover button[data-kind=cite]").click(), true)`)
	wait(t, ctx, "the dialog", `document.querySelector("dialog.cite-dialog")?.open === true && !!document.getElementById("cite-chicago")`)
	wantURL := fmt.Sprintf("%s/documents/grain?lang=en&char=%d,%d", base, start, end)
	run(t, ctx, "the citation carries the passage's URL", `(() => { const c = document.getElementById("cite-chicago").value;
		return c.includes(`+jsString(wantURL)+`) && c.includes("“A grain report,” March 7, 1951.") && c.includes("“row07 about grain”")
			&& document.getElementById("cite-bibtex").value.includes("url = {"+`+jsString(wantURL)+`+"}")
			&& JSON.parse(document.getElementById("cite-csl").value)[0].URL === `+jsString(wantURL)+`; })()`)
	keepScreenshot(t, ctx, "cite-passage.png")
	axe("the citation dialog")
	run(t, ctx, "Copy", `(document.querySelector("dialog.cite-dialog button[data-style=chicago]").click(), true)`)
	wait(t, ctx, "copied", `document.querySelector(".cite-status").textContent === "Copied."`)
	// The dialog's close event, which gives focus back to its opener, comes
	// a task after the dialog closes: the row is focused only after it.
	run(t, ctx, "listen for close", `(document.querySelector("dialog.cite-dialog").addEventListener("close", () => { window.citeClosed = true }, { once: true }), true)`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\x1b")); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "Escape closes it", `!document.querySelector("dialog.cite-dialog").open && window.citeClosed === true`)

	run(t, ctx, "focus a row's Cite", `(document.querySelector("#link-3 a.cite-row").focus(), document.activeElement.matches("a.cite-row"))`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	ru := d.Text("ru")
	wait(t, ctx, "the row's citation", `document.querySelector("dialog.cite-dialog")?.open && document.querySelector("dialog.cite-dialog blockquote")?.textContent === `+jsString(ru.Segments[2].Text))
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\x1b")); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "focus back on the row's Cite", `!document.querySelector("dialog.cite-dialog").open && `+activeIs("#link-3 a.cite-row"))
}
