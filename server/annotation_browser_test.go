package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/internal/browsertest"
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

// wait polls expr until it is true, for up to 10 s. A poll runs in the
// page's JavaScript context of the moment: one begun as a reload or a
// navigation is still replacing the page fails when its context goes
// ("Cannot find context with specified id"; seen once in CI right after
// chromedp.Reload), and is begun again in the new page's.
func wait(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			return
		}
		if !contextGone(err) || time.Now().After(deadline) {
			t.Fatalf("%s: waited in vain for %s: %v", what, expr, err)
		}
	}
}

// contextGone says a JavaScript evaluation failed because its page was
// being replaced.
func contextGone(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Cannot find context with specified id") || strings.Contains(msg, "Execution context was destroyed")
}

// TestAnnotateInBrowser drives the reading view in a headless Chromium: a
// correction proposed and accepted from a selection, a note that survives a
// reload, a cross-reference to another row that is followed, and a note
// whose body is an XSS payload shown as text.
func TestAnnotateInBrowser(t *testing.T) {
	url, _, db := startTestServer(t)
	if _, err := db.CreateUser(context.Background(), "vera", sverka.RoleEditor, "correct horse battery"); err != nil {
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

// signInBrowser starts a headless Chromium signed in as name and showing the
// seed letter with its annotations loaded.
func signInBrowser(t *testing.T, url, name, password string) context.Context {
	t.Helper()
	ctx := browsertest.New(t, 120*time.Second)
	err := chromedp.Do(ctx,
		chromedp.Navigate(url+"/login?next=/documents/117313"),
		chromedp.SetValue(chromedp.CSS(`input[name=name]`), name),
		chromedp.SetValue(chromedp.CSS(`input[name=password]`), password),
		chromedp.Submit(chromedp.CSS(`form.login`)),
		chromedp.WaitVisible(chromedp.CSS(`aside.anno-panel`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/documents/117313") {
		if err := chromedp.Do(ctx, chromedp.Navigate(url+"/documents/117313"), chromedp.WaitVisible(chromedp.CSS(`aside.anno-panel`))); err != nil {
			t.Fatal(err)
		}
	}
	wait(t, ctx, "annotations loaded", `document.querySelector("article").dataset.annotations === "ready"`)
	return ctx
}

// apiCall sends one request to the test server with an API token and
// returns the status, the ETag and the decoded body.
func apiCall(t *testing.T, method, url, token, body string, header ...string) (int, string, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if len(b) > 0 {
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s %s: got %q: %v", method, url, b, err)
		}
	}
	return resp.StatusCode, resp.Header.Get("ETag"), m
}

// noteText is the Markdown source of a served note.
func noteText(a map[string]any) string {
	bodies, ok := a["body"].([]any)
	if !ok {
		bodies = []any{a["body"]}
	}
	for _, b := range bodies {
		if m, ok := b.(map[string]any); ok && m["purpose"] != "tagging" {
			s, _ := m["value"].(string)
			return s
		}
	}
	return ""
}

// TestAnnotationHistoryInBrowser writes a note, edits it twice and deletes
// it in the page, finds it again with "Show deleted", reads its history and
// restores version 2 by clicking, after which the note is highlighted in
// the text again. Then the note is changed through the API behind the
// page's back: restoring from the stale page is refused, the page says so
// and shows the current state, and the change made elsewhere is kept.
func TestAnnotationHistoryInBrowser(t *testing.T) {
	url, _, db := startTestServer(t)
	u, err := db.CreateUser(context.Background(), "anna", sverka.RoleAnnotator, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	token, err := db.CreateToken(context.Background(), u.ID, "behind the page's back")
	if err != nil {
		t.Fatal(err)
	}
	ctx := signInBrowser(t, url, "anna", "correct horse battery")
	run(t, ctx, "arm", `(window.confirm = () => true, true)`)
	const item = `document.querySelector(".anno-item.anno-commenting")`

	run(t, ctx, "select", selectJS("en", "your reply"))
	wait(t, ctx, "popover", `!document.querySelector(".anno-popover").hidden`)
	run(t, ctx, "choose note", `(document.querySelector(".anno-popover button[data-kind=commenting]").click(), true)`)
	run(t, ctx, "write v1", `(() => { document.querySelector(".anno-form textarea").value = "First *reading*"; document.querySelector(".anno-form button[type=submit]").click(); return true; })()`)
	wait(t, ctx, "v1 listed", item+`?.querySelector(".body")?.textContent.includes("First reading")`)
	for _, text := range []string{"Second *reading*", "Third reading"} {
		run(t, ctx, "edit", `(`+item+`.querySelector("button[data-action=edit]").click(), true)`)
		run(t, ctx, "write "+text, `(() => { const t = document.querySelector(".anno-form textarea"); t.value = `+jsString(text)+`; document.querySelector(".anno-form button[type=submit]").click(); return true; })()`)
		want := strings.ReplaceAll(text, "*", "")
		wait(t, ctx, "edited", item+`?.querySelector(".body")?.textContent.includes(`+jsString(want)+`)`)
	}
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](item+`.dataset.id`))
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "delete", `(`+item+`.querySelector("button[data-action=delete]").click(), true)`)
	wait(t, ctx, "gone from the panel", `!`+item)
	wait(t, ctx, "gone from the text", `![...document.querySelectorAll("td[lang=en] mark.anno-commenting")].length`)

	// Show deleted: the note is back in the panel, marked, with its history.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.anno-panel input[name=deleted]`))); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "listed as deleted", item+`?.classList.contains("anno-deleted") && `+item+`.textContent.includes("deleted")`)
	run(t, ctx, "no edit on a deleted note", `!`+item+`.querySelector("button[data-action=edit], button[data-action=delete]")`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.anno-item.anno-commenting button[data-action=history]`))); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "four versions", item+`.querySelectorAll(".anno-version").length === 4`)
	run(t, ctx, "history expanded", item+`.querySelector("button[data-action=history]").getAttribute("aria-expanded") === "true"`)
	run(t, ctx, "version 2 reads", `(() => {
		const v = [...`+item+`.querySelectorAll(".anno-version")].find(v => v.dataset.version === "2");
		return v.querySelector(".meta").textContent.includes("Version 2 · edited · anna") && v.querySelector(".body em")?.textContent === "reading"
			&& v.querySelector(".body").textContent.trim() === "Second reading" && !!v.querySelector("time[datetime]")
			&& v.querySelector(".version-changes").textContent === "text taken out: “First”text put in: “Second”";
	})()`)
	run(t, ctx, "version 1 says what was made", `[...`+item+`.querySelectorAll(".anno-version")].find(v => v.dataset.version === "1")
		.querySelector(".version-changes li").textContent === "a note on “your reply”"`)
	run(t, ctx, "version 4 is the deletion", `(() => {
		const v = [...`+item+`.querySelectorAll(".anno-version")].find(v => v.dataset.version === "4");
		return v.querySelector(".meta").textContent.includes("deleted") && v.textContent.includes("current") && !v.querySelector("button.restore");
	})()`)

	// Restore version 2 by clicking: the note is back, in place.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.anno-item.anno-commenting button[data-action=restore-2]`))); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "announced", `document.querySelector(".anno-status").textContent.includes("Restored version 2")`)
	wait(t, ctx, "restored in the panel", item+` && !`+item+`.classList.contains("anno-deleted") && `+item+`.querySelector(":scope > .body")?.textContent.trim() === "Second reading"`)
	wait(t, ctx, "highlighted again", `[...document.querySelectorAll("td[lang=en] mark.anno-commenting")].some(m => m.textContent === "your reply")`)
	wait(t, ctx, "history shows the restore", item+`.querySelectorAll(".anno-version").length === 5 && `+item+`.querySelector(".anno-version[data-version='5'] .meta").textContent.includes("restored")`)
	if status, _, a := apiCall(t, http.MethodGet, id, token, ""); status != http.StatusOK || noteText(a) != "Second *reading*" || a["version"] != 5.0 {
		t.Fatalf("after restore: got %d %q v%v, want 200 %q v5", status, noteText(a), a["version"], "Second *reading*")
	}

	// Someone changes the note through the API; the page still holds version 5
	// (its live updates are switched off, as if the change had come just
	// before the click, faster than they travel).
	run(t, ctx, "live updates off", `(window.sverkaLive.close(), true)`)
	status, etag, a := apiCall(t, http.MethodGet, id, token, "")
	if status != http.StatusOK {
		t.Fatalf("get: got %d", status)
	}
	a["body"] = map[string]any{"type": "TextualBody", "value": "Changed elsewhere", "format": "text/markdown"}
	if status, _, _ := apiCall(t, http.MethodPut, id, token, mustJSON(a), "If-Match", etag, "Content-Type", "application/ld+json"); status != http.StatusOK {
		t.Fatalf("put behind the page's back: got %d, want 200", status)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.anno-item.anno-commenting button[data-action=restore-1]`))); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "says it changed", `document.querySelector(".anno-status").textContent.includes("changed this annotation meanwhile")`)
	wait(t, ctx, "shows the current state", item+`.querySelector(":scope > .body")?.textContent.trim() === "Changed elsewhere"`)
	if status, _, a := apiCall(t, http.MethodGet, id, token, ""); status != http.StatusOK || noteText(a) != "Changed elsewhere" || a["version"] != 6.0 {
		t.Fatalf("after the refused restore: got %d %q v%v, want 200 %q v6", status, noteText(a), a["version"], "Changed elsewhere")
	}
}

// activeIs is a JavaScript test of the focused element.
func activeIs(selector string) string {
	return `document.activeElement?.matches(` + jsString(selector) + `) === true`
}

// TestAnnotateWithKeyboardOnly selects words with the Selection API (a
// headless browser has no caret browsing) and does everything else with
// keys: Alt+A opens the popover with focus in it, Escape closes it and
// focus goes back to the sentence; Tab, Shift+Tab and Enter pick Note,
// Markdown is typed and Ctrl+Enter saves; Tab reaches the note in the side
// panel with a visible focus ring, Enter edits it, and Enter on Save saves.
func TestAnnotateWithKeyboardOnly(t *testing.T) {
	url, _, db := startTestServer(t)
	if _, err := db.CreateUser(context.Background(), "kira", sverka.RoleAnnotator, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	ctx := signInBrowser(t, url, "kira", "correct horse battery")
	key := func(what, keys string, mods ...chromedp.Modifier) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(keys, chromedp.KeyModifiers(mods...))); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	selectOnly := func(lang, phrase string) string {
		return strings.Replace(selectJS(lang, phrase), `t.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));`, "", 1)
	}
	const inSentence = `document.activeElement?.matches(".seg") && document.activeElement.textContent.includes("Zhou Enlai")`

	// Alt+A opens the popover with focus on its first button; Escape closes it.
	run(t, ctx, "select", selectOnly("en", "Zhou Enlai"))
	run(t, ctx, "no popover yet", `document.querySelector(".anno-popover").hidden`)
	key("Alt+A", "a", chromedp.ModifierAlt)
	wait(t, ctx, "popover with focus", `!document.querySelector(".anno-popover").hidden && `+activeIs(".anno-popover button[data-kind=commenting]"))
	key("Escape", "\u001b")
	wait(t, ctx, "closed", `document.querySelector(".anno-popover").hidden`)
	wait(t, ctx, "focus back in the text", inSentence)

	// Alt+A again; Tab, Shift+Tab and Enter choose Note; type; Ctrl+Enter saves.
	run(t, ctx, "select again", selectOnly("en", "Zhou Enlai"))
	key("Alt+A", "a", chromedp.ModifierAlt)
	wait(t, ctx, "popover", activeIs(".anno-popover button[data-kind=commenting]"))
	key("Tab", "\t")
	wait(t, ctx, "Tab to Cross-reference", activeIs(".anno-popover button[data-kind=linking]"))
	key("Shift+Tab", "\t", chromedp.ModifierShift)
	wait(t, ctx, "back to Note", activeIs(".anno-popover button[data-kind=commenting]"))
	key("Enter on Note", "\r")
	wait(t, ctx, "note form focused", activeIs(".anno-form[data-kind=commenting] textarea"))
	key("type", "Met *Zhou* and Lin")
	run(t, ctx, "typed", `document.activeElement.value === "Met *Zhou* and Lin"`)
	key("Ctrl+Enter", "\r", chromedp.ModifierCtrl)
	wait(t, ctx, "saved", `[...document.querySelectorAll(".anno-item.anno-commenting .body")].some(b => b.textContent.trim() === "Met Zhou and Lin" && b.querySelector("em")?.textContent === "Zhou")`)
	run(t, ctx, "popover closed", `document.querySelector(".anno-popover").hidden`)
	wait(t, ctx, "focus back in the text after saving", inSentence)
	wait(t, ctx, "highlighted", `[...document.querySelectorAll("td[lang=en] mark.anno-commenting")].some(m => m.textContent === "Zhou Enlai")`)

	// Tab reaches the note's Edit button in the side panel, with a visible focus ring.
	const onEdit = `document.activeElement?.matches(".anno-item.anno-commenting button[data-action=edit]") === true`
	reached := false
	for range 80 {
		key("Tab", "\t")
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](onEdit)); err == nil && ok {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatal("80 presses of Tab did not reach the note's Edit button in the side panel")
	}
	run(t, ctx, "focus visible", `getComputedStyle(document.activeElement).outlineStyle !== "none" && parseFloat(getComputedStyle(document.activeElement).outlineWidth) >= 2`)
	key("Enter on Edit", "\r")
	wait(t, ctx, "edit form focused", activeIs(".anno-form[data-kind=commenting] textarea")+` && document.activeElement.value === "Met *Zhou* and Lin"`)
	key("type more", " in Moscow")
	run(t, ctx, "typed at the end", `document.activeElement.value === "Met *Zhou* and Lin in Moscow"`)
	for range 3 { // tags, private, Save
		key("Tab", "\t")
	}
	wait(t, ctx, "on Save", activeIs(".anno-form button[type=submit]"))
	key("Enter on Save", "\r")
	wait(t, ctx, "edited", `[...document.querySelectorAll(".anno-item.anno-commenting .body")].some(b => b.textContent.trim() === "Met Zhou and Lin in Moscow")`)
	wait(t, ctx, "focus back on Edit", onEdit)
}
