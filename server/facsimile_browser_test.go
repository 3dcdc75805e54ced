package server

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"sverka"
	"sverka/internal/browsertest"
)

// TestFacsimileInBrowser drives the facsimile pane in a headless Chromium:
// a row hovered and words selected in the text show their boxes on the scan; a box clicked on
// the scan selects its word in the text; a correction proposed from there
// shows the crop of the word and is saved; the keyboard walks the words;
// at 390 px the pane is a toggle. Set SVERKA_FACSIMILE_SCREENSHOT to a file
// name to keep a screenshot (the README's).
func TestFacsimileInBrowser(t *testing.T) {
	url, _, db := startTestServer(t)
	importScan(t, db, "scan-b", true)
	ctx := context.Background()
	if _, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	token := strings.TrimPrefix(tokenFor(t, db, "rita", sverka.RoleReader), "Bearer ")
	bctx := browsertest.New(t, 90*time.Second)
	err := chromedp.Do(bctx,
		chromedp.Navigate(url+"/login?next=/documents/scan-b"),
		chromedp.SetValue(chromedp.CSS(`input[name=name]`), "vera"),
		chromedp.SetValue(chromedp.CSS(`input[name=password]`), "correct horse battery"),
		chromedp.Submit(chromedp.CSS(`form.login`)),
		chromedp.WaitVisible(chromedp.CSS(`aside.anno-panel`)),
		chromedp.Navigate(url+"/documents/scan-b"),
	)
	if err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "pane ready", `document.querySelector("article").dataset.facsimile === "ready"`)
	wait(t, bctx, "annotations ready", `document.querySelector("article").dataset.annotations === "ready"`)
	wait(t, bctx, "scan loaded", `(() => { const i = document.querySelector(".fx-img"); return i.complete && i.naturalWidth > 0; })()`)

	// Hover a row: the boxes of its words light up on the scan.
	run(t, bctx, "hover the first row", `(document.querySelector("tr.link td[lang=ru] .seg").dispatchEvent(new MouseEvent("mouseover", {bubbles: true})), true)`)
	wait(t, bctx, "the row's boxes", `document.querySelectorAll(".fx-word.fx-hl").length >= 3`)

	// Select a word in the text: its box lights up on the scan.
	run(t, bctx, "select товарищ", selectJS("ru", "товарищ"))
	wait(t, bctx, "box of товарищ", `[...document.querySelectorAll(".fx-word.fx-hl")].map(r => r.getAttribute("x")).join() === "630"`)
	if err := chromedp.Do(bctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}

	// Click a word on the scan: it is selected in the text, and the
	// popover offers to annotate it.
	if err := chromedp.Do(bctx, chromedp.ScrollIntoView(`rect.fx-word[x="872"]`), chromedp.Click(`rect.fx-word[x="872"]`)); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "word selected", `getSelection().toString() === "редактор!"`)
	wait(t, bctx, "popover", `!document.querySelector(".anno-popover").hidden`)

	// Propose a correction from the scan: the form shows the word's crop.
	run(t, bctx, "choose correction", `(document.querySelector(".anno-popover button[data-kind=editing]").click(), true)`)
	wait(t, bctx, "crop shown", `(() => { const i = document.querySelector(".anno-form .fx-crop"); return !!i && i.complete && i.naturalWidth > 100 && i.src.includes("/iiif/scan-b/1/866,477,"); })()`)
	// Zoomed in, the box of the word sits on the word in the scan.
	run(t, bctx, "zoom in", `(document.querySelector(".fx-tools button[title='Zoom in']").click(), document.querySelector(".fx-tools button[title='Zoom in']").click(), document.querySelector(".fx-word.fx-hl").scrollIntoView({block: "center", inline: "center"}), true)`)
	wait(t, bctx, "sharper scan", `(() => { const i = document.querySelector(".fx-img"); return i.complete && i.naturalWidth >= 700; })()`)
	png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if name := os.Getenv("SVERKA_FACSIMILE_SCREENSHOT"); name != "" {
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(t, bctx, "type the reading", `(() => { const t = document.querySelector(".anno-form textarea"); if (t.value !== "редактор!") return false; t.value = "Редактор!"; document.querySelector(".anno-form button[type=submit]").click(); return true; })()`)
	wait(t, bctx, "correction listed", `[...document.querySelectorAll(".anno-item.anno-editing")].some(li => li.textContent.includes("proposed"))`)
	status, _, list := apiCall(t, http.MethodGet, url+"/api/documents/scan-b/annotations?motivation=editing", token, "")
	first, _ := list["first"].(map[string]any)
	items, _ := first["items"].([]any)
	if status != http.StatusOK || len(items) != 1 || !strings.Contains(fmt.Sprint(items[0]), "value:Редактор!") || !strings.Contains(fmt.Sprint(items[0]), "exact:редактор!") {
		t.Fatalf("got %d %v, want one correction of редактор! to Редактор!", status, list)
	}

	// The keyboard walks the words of the page and selects one.
	run(t, bctx, "focus the scan", `(document.querySelector(".fx-view").focus(), true)`)
	if err := chromedp.Do(bctx, chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "second word", `document.querySelector(".fx-hint").textContent.startsWith("Word 2 of")`)
	if err := chromedp.Do(bctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "selected by keyboard", `getSelection().toString() === "14" && !document.querySelector(".anno-popover").hidden`)

	// At 390 px the pane is closed until asked for.
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(390, 844), chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "pane ready", `document.querySelector("article").dataset.facsimile === "ready"`)
	run(t, bctx, "closed at phone width", `getComputedStyle(document.querySelector(".facsimile")).display === "none"`)
	run(t, bctx, "open it", `(document.querySelector(".fx-toggle button").click(), true)`)
	run(t, bctx, "open at phone width", `(() => { const r = document.querySelector(".facsimile").getBoundingClientRect(); return r.width >= document.documentElement.clientWidth - 1 && r.height > 300; })()`)
	run(t, bctx, "no sideways scroll", `document.documentElement.scrollWidth <= innerWidth + 1`)
}
