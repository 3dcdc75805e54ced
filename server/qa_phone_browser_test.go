package server

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"sverka"
)

// TestPhonePopoverInBrowser annotates on a 390 px wide phone as an editor:
// words selected at the end of a line low on the screen must stay visible
// (not under the alignment toolbar), and the popover and its form must sit
// wholly on screen without covering the selected words.
func TestPhonePopoverInBrowser(t *testing.T) {
	url, _, db := startTestServer(t)
	if _, err := db.CreateUser(context.Background(), "vera", sverka.RoleEditor, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	ctx := signInBrowser(t, url, "vera", "correct horse battery")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile), chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "annotations loaded", `document.querySelector("article").dataset.annotations === "ready"`)

	// The last word of the first line of a long English sentence, that line
	// scrolled near the bottom of the screen.
	run(t, ctx, "select the end of a line near the bottom", `(() => {
		const t = [...document.querySelectorAll("td[lang=en] .segtext")].find(t => t.textContent.includes("I considered it possible"));
		const n = t.firstChild, r = document.createRange();
		let end = 0;
		r.setStart(n, 0);
		for (let i = 1; i <= n.data.length; i++) { r.setEnd(n, i); if (r.getClientRects().length > 1) break; end = i; }
		const word = n.data.slice(0, end).trimEnd(), start = word.lastIndexOf(" ") + 1;
		r.setStart(n, start); r.setEnd(n, word.length);
		const line = r.getBoundingClientRect();
		scrollBy(0, line.bottom - (innerHeight - 60));
		getSelection().removeAllRanges(); getSelection().addRange(r);
		t.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
		return start > 0 && word.length > start;
	})()`)
	wait(t, ctx, "popover", `!document.querySelector(".anno-popover").hidden`)
	check := func(what string) {
		t.Helper()
		run(t, ctx, what, fmt.Sprintf(`(() => {
			const s = window.qaSel ||= getSelection().getRangeAt(0).getBoundingClientRect().toJSON();
			const sel = {left: s.left, right: s.right, top: s.top + window.qaScroll0 - scrollY, bottom: s.bottom + window.qaScroll0 - scrollY};
			const p = document.querySelector(".anno-popover").getBoundingClientRect();
			const vw = document.documentElement.clientWidth;
			const problems = [];
			if (p.left < 0 || p.right > vw) problems.push("popover off screen sideways: " + p.left + "–" + p.right + " of " + vw);
			if (p.top < 0 || p.bottom > innerHeight) problems.push("popover off screen: " + p.top + "–" + p.bottom + " of " + innerHeight);
			if (p.left < sel.right && sel.left < p.right && p.top < sel.bottom && sel.top < p.bottom) problems.push("popover covers the selection");
			const x = (sel.left + sel.right) / 2, y = (sel.top + sel.bottom) / 2;
			if (y < 0 || y > innerHeight) problems.push("selection scrolled away: " + y);
			else if (!document.elementFromPoint(x, y)?.closest(".segtext")) problems.push("selection covered by " + document.elementFromPoint(x, y)?.className);
			if (problems.length) throw new Error(%q + ": " + problems.join("; "));
			return true;
		})()`, what))
	}
	run(t, ctx, "remember the scroll", `(window.qaScroll0 = scrollY, true)`)
	check("kind buttons")
	run(t, ctx, "choose note", `(document.querySelector(".anno-popover button[data-kind=commenting]").click(), true)`)
	check("note form")

	// Reading on: the editor's alignment toolbar must not keep a fifth of
	// the screen covered while the text scrolls under it.
	run(t, ctx, "close and scroll on", `(document.querySelector(".anno-form button[type=button]").click(), scrollBy(0, 1500), true)`)
	run(t, ctx, "text readable at the top", `(() => {
		const bar = document.querySelector(".align-toolbar");
		if (!bar) throw new Error("no alignment toolbar for an editor");
		const hit = document.elementFromPoint(innerWidth / 2, innerHeight / 5);
		if (hit?.closest(".align-toolbar")) throw new Error("the toolbar covers " + Math.round(bar.getBoundingClientRect().bottom) + " px of " + innerHeight);
		return true;
	})()`)
}
