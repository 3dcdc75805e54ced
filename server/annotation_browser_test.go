package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka/browsertest"
	"sverka/store"
)

// selectJS selects phrase inside the sentence whose text contains it, in the
// column lang, with the Selection API, then releases the mouse there as a
// scholar would.
func selectJS(lang, phrase string) string {
	return `(() => {
		const lang = ` + jsString(lang) + `, phrase = ` + jsString(phrase) + `;
		for (const t of document.querySelectorAll("td[lang='" + lang + "'] .segtext")) {
			const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
			for (let n = walker.nextNode(); n; n = walker.nextNode()) {
				const i = n.data.indexOf(phrase);
				if (i < 0) continue;
				const r = document.createRange();
				r.setStart(n, i); r.setEnd(n, i + phrase.length);
				getSelection().removeAllRanges(); getSelection().addRange(r);
				t.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
				return true;
			}
		}
		return false;
	})()`
}

func jsString(s string) string { return mustJSON(s) }

// run evaluates expr and fails the test on an error or a false result.
func run(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
	if err != nil || !ok {
		t.Fatalf("%s: got %v, %v", what, ok, err)
	}
}

// wait polls expr until it is true.
func wait(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("%s: waited in vain for %s: %v", what, expr, err)
	}
}

// TestAnnotateInBrowser drives the reading view in a headless Chromium: a
// correction proposed and accepted from a selection, a note that survives a
// reload, a cross-reference to another row that is followed, and a note
// whose body is an XSS payload shown as text.
func TestAnnotateInBrowser(t *testing.T) {
	url, _, db := startTestServer(t)
	if _, err := db.CreateUser(context.Background(), "vera", store.RoleEditor, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t, 90*time.Second)
	err := chromedp.Do(ctx,
		chromedp.Navigate(url+"/login?next=/documents/117313"),
		chromedp.SetValue(chromedp.CSS(`input[name=name]`), "vera"),
		chromedp.SetValue(chromedp.CSS(`input[name=password]`), "correct horse battery"),
		chromedp.Submit(chromedp.CSS(`form.login`)),
		chromedp.WaitVisible(chromedp.CSS(`aside.anno-panel`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/documents/117313") {
		chromedp.Do(ctx, chromedp.Navigate(url+"/documents/117313"), chromedp.WaitVisible(chromedp.CSS(`aside.anno-panel`)))
	}
	wait(t, ctx, "annotations loaded", `document.querySelector("article").dataset.annotations === "ready"`)
	// XSS: if anything runs, it sets window.pwned.
	run(t, ctx, "arm", `(window.pwned = false, addEventListener("error", e => window.lastError = String(e.message)), addEventListener("unhandledrejection", e => window.lastError = String(e.reason && e.reason.stack || e.reason)), true)`)

	// A correction: select Баш, propose Ваш, accept it, read it corrected.
	run(t, ctx, "select Баш", selectJS("ru", "Баш"))
	wait(t, ctx, "popover", `!document.querySelector(".anno-popover").hidden`)
	run(t, ctx, "choose correction", `(document.querySelector(".anno-popover button[data-kind=editing]").click(), true)`)
	run(t, ctx, "type Ваш", `(() => { const t = document.querySelector(".anno-form textarea"); if (t.value !== "Баш") return false; t.value = "Ваш"; document.querySelector(".anno-form button[type=submit]").click(); return true; })()`)
	wait(t, ctx, "correction listed", `[...document.querySelectorAll(".anno-item.anno-editing")].some(li => li.textContent.includes("proposed"))`)
	run(t, ctx, "accept", `(document.querySelector(".anno-item.anno-editing button.accept").click(), true)`)
	wait(t, ctx, "accepted", `[...document.querySelectorAll(".anno-item.anno-editing")].some(li => li.textContent.includes("accepted"))`)
	run(t, ctx, "corrected reading", `(document.querySelector(".reading-switch input[value=corrected]").click(), true)`)
	wait(t, ctx, "Ваш shown", `[...document.querySelectorAll("td[lang=ru] .segtext")].some(t => t.textContent === "Ваш ответ получил.")`)
	run(t, ctx, "marked-up reading", `(document.querySelector(".reading-switch input[value=marked]").click(), true)`)
	wait(t, ctx, "struck and inserted", `[...document.querySelectorAll("td[lang=ru] .segtext")].some(t => t.querySelector("del")?.textContent === "Баш" && t.querySelector("ins")?.textContent === "Ваш")`)
	run(t, ctx, "back to OCR", `(document.querySelector(".reading-switch input[value=diplomatic]").click(), true)`)

	// A note on the English, tagged; it is there after a reload.
	run(t, ctx, "select reply", selectJS("en", "your reply"))
	wait(t, ctx, "popover", `!document.querySelector(".anno-popover").hidden`)
	run(t, ctx, "choose note", `(document.querySelector(".anno-popover button[data-kind=commenting]").click(), true)`)
	run(t, ctx, "write note", `(() => { document.querySelector(".anno-form textarea").value = "Mao's reply of *3 October*"; document.querySelector(".anno-form input[name=tags]").value = "chronology"; document.querySelector(".anno-form button[type=submit]").click(); return true; })()`)
	wait(t, ctx, "note listed", `[...document.querySelectorAll(".anno-item.anno-commenting em")].some(e => e.textContent === "3 October")`)
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "note after reload", `[...document.querySelectorAll(".anno-item.anno-commenting em")].some(e => e.textContent === "3 October")`)
	wait(t, ctx, "note highlighted", `[...document.querySelectorAll("td[lang=en] mark.anno-commenting")].some(m => m.textContent === "your reply")`)

	// A cross-reference from row 3 to a passage of another row, picked by selection.
	run(t, ctx, "select source", selectJS("ru", "Я считал возможным"))
	wait(t, ctx, "popover", `!document.querySelector(".anno-popover").hidden`)
	run(t, ctx, "choose link", `(document.querySelector(".anno-popover button[data-kind=linking]").click(), true)`)
	run(t, ctx, "pick", `(document.querySelector(".anno-form button[name=pick]").click(), true)`)
	run(t, ctx, "select target", selectJS("en", "Respectfully"))
	wait(t, ctx, "picked", `document.querySelector(".anno-form output").textContent.includes("Respectfully")`)
	run(t, ctx, "save link", `(document.querySelector(".anno-form button[type=submit]").click(), true)`)
	wait(t, ctx, "link listed", `[...document.querySelectorAll(".anno-item.anno-linking a.follow")].some(a => a.textContent.includes("Respectfully"))`)
	run(t, ctx, "follow", `([...document.querySelectorAll(".anno-item.anno-linking a.follow")].find(a => a.textContent.includes("Respectfully")).click(), true)`)
	wait(t, ctx, "target highlighted", `document.querySelector("mark.anno-focus")?.textContent === "Respectfully"`)
	wait(t, ctx, "target in view", `(() => { const r = document.querySelector("mark.anno-focus").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`)

	// A note whose body is an XSS payload is shown as text and runs nothing.
	payload := `<img src=x onerror="window.pwned=true"><script>window.pwned=true</script>[x](javascript:window.pwned=true)`
	run(t, ctx, "select for XSS", selectJS("ru", "ответ получил"))
	wait(t, ctx, "popover", `!document.querySelector(".anno-popover").hidden`)
	run(t, ctx, "choose note", `(document.querySelector(".anno-popover button[data-kind=commenting]").click(), true)`)
	run(t, ctx, "write payload", `(() => { document.querySelector(".anno-form textarea").value = `+jsString(payload)+`; document.querySelector(".anno-form button[type=submit]").click(); return true; })()`)
	wait(t, ctx, "payload listed as text", `[...document.querySelectorAll(".anno-item .body")].some(b => b.textContent.includes("<img src=x"))`)
	run(t, ctx, "nothing injected", `!document.querySelector(".anno-item .body img, .anno-item .body script, .anno-item .body a[href^='javascript']")`)
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "reloaded", `document.querySelector("article").dataset.annotations === "ready"`)
	run(t, ctx, "nothing ran", `window.pwned !== true`)
}
