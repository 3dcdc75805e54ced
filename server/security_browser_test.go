package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/internal/browsertest"
	"sverka/markdown"
)

// xssPayloads are classic and encoded script injections. Each calls
// alert(n) if it ever runs.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(2)>`,
	`<svg onload=alert(3)>`,
	`<svg><script>alert(4)</script></svg>`,
	`"><script>alert(5)</script>`,
	`'><img src=x onerror=alert(6)>`,
	`javascript:alert(7)`,
	`<a href="javascript:alert(8)">x</a>`,
	`&lt;script&gt;alert(9)&lt;/script&gt;`,
	`<iframe src="javascript:alert(10)"></iframe>`,
	`<a href="jav&#x09;ascript:alert(11)">x</a>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>`,
	`<details open ontoggle=alert(13)>`,
	`[link](javascript:alert(14))`,
	`![img](javascript:alert(15))`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxNik8L3NjcmlwdD4=">x</a>`,
	"\\u003cscript\\u003ealert(17)\\u003c/script\\u003e",
	`%3Cscript%3Ealert(18)%3C%2Fscript%3E`,
	`<scr<script>ipt>alert(19)</script>`,
	`<body onload=alert(20)>`,
	`<input autofocus onfocus=alert(21)>`,
	`[click](JaVaScRiPt:alert(22))`,
	`<img src="x" onerror="&#97;lert(23)">`,
	`<svg><a xlink:href="javascript:alert(24)"><text x="20" y="20">x</text></a></svg>`,
	`<object data="javascript:alert(25)"></object>`,
	`<style>@import 'javascript:alert(26)';</style>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(27)">`,
	"`<img src=x onerror=alert(28)>`",
	`<<img src=x onerror=alert(29)>/`,
}

// hostileDocument is a document whose every piece of metadata and text is an
// injection attempt, as an import from a hostile source could make it.
func hostileDocument() *sverka.Document {
	all := strings.Join(xssPayloads, " ")
	text := all + " " + all
	n := len([]rune(all))
	return &sverka.Document{
		ID: "xss", Title: "Title " + all, Date: "1950-01-01", Citation: "Citation " + all,
		Summary: "Summary " + all, SourceURL: "javascript:alert(100)", OriginalLanguage: `ru"><script>alert(101)</script>`,
		Credits: "Credits " + all, SourceFormat: "text/plain", RawSource: text, Public: true,
		Texts: []sverka.BaseText{
			{Lang: "ru", Role: "original", Text: all, Segments: []sverka.Segment{{Start: 0, End: n}},
				Steps: []sverka.DerivationStep{{Op: "drop", SourceStart: n, SourceEnd: 2 * n, SourceText: all, Rule: all, Editor: all, Note: all}}},
			{Lang: "en", Role: "translation", Text: all, Segments: []sverka.Segment{{Start: 0, End: n}}},
		},
		Links: []sverka.Link{{Status: "auto", Segments: map[string][]int{"ru": {0}, "en": {0}}}},
	}
}

// xssProbe runs in every page before its own scripts: it counts calls of
// alert and friends, and CSP violations (an inline handler that the
// sanitizer let through would be blocked by the CSP, and reported here).
const xssProbe = `
window.__ran = [];
window.__violations = [];
for (const f of ["alert", "confirm", "prompt", "print"]) {
	window[f] = (...a) => { window.__ran.push(f + "(" + a.join(",") + ")"); };
}
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective + " " + e.sample));
`

// domAudit lists what in the DOM could run script: script elements with
// inline code, on* attributes, javascript:/data: URLs, frames and plugins.
const domAudit = `(() => {
	const bad = [];
	for (const el of document.querySelectorAll("*")) {
		const tag = el.tagName.toLowerCase();
		if (tag === "script" && el.textContent.trim() !== "") bad.push("inline script");
		if (["iframe", "object", "embed", "frame", "base"].includes(tag)) bad.push(tag);
		if (tag === "meta" && el.httpEquiv) bad.push("meta " + el.httpEquiv);
		for (const a of el.attributes) {
			const v = a.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
			if (a.name.startsWith("on")) bad.push(tag + " " + a.name);
			if (["href", "src", "xlink:href", "action", "formaction", "data"].includes(a.name) &&
				(v.startsWith("javascript:") || v.startsWith("data:text/html") || v.startsWith("vbscript:"))) bad.push(tag + " " + a.name + "=" + a.value);
		}
	}
	return bad;
})()`

type xssState struct {
	Ran        []string `json:"ran"`
	Violations []string `json:"violations"`
}

// TestXSSBatteryInBrowser stores the payloads in document metadata, base
// texts, derivation notes and a user name, and renders them as note
// Markdown; then it opens every page that shows them in a real headless
// Chromium. Nothing may run, nothing may even try (no CSP violation), no
// dangerous markup may reach the DOM, and every page carries the CSP.
func TestXSSBatteryInBrowser(t *testing.T) {
	base, _, db := startTestServer(t)
	ctx := context.Background()
	if err := db.CreateDocument(ctx, hostileDocument()); err != nil {
		t.Fatal(err)
	}
	// A user name is user-supplied too, and shows in the nav and the trail.
	ed, err := db.CreateUser(ctx, `"'><script>alert(200)<!--`, sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := db.CreateSession(ctx, ed.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	bctx := browsertest.New(t, 90*time.Second)
	if _, err := chromedp.Call(bctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: xssProbe}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(bctx, network.SetCookie, network.SetCookieParams{Name: sessionCookie, Value: sess.Token, URL: base + "/"}); err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, where string) {
		t.Helper()
		time.Sleep(200 * time.Millisecond) // let onerror, onload and the like fire
		st, err := chromedp.Run(bctx, chromedp.Evaluate[xssState](`({ran: window.__ran, violations: window.__violations})`))
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Ran) > 0 {
			t.Errorf("%s: script ran: %q", where, st.Ran)
		}
		if len(st.Violations) > 0 {
			t.Errorf("%s: something tried to run and the CSP stopped it: %q", where, st.Violations)
		}
		bad, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](domAudit))
		if err != nil {
			t.Fatal(err)
		}
		if len(bad) > 0 {
			t.Errorf("%s: dangerous markup in the DOM: %q", where, bad)
		}
	}
	for _, target := range []string{"/", "/documents/xss", "/documents/xss/source", "/documents/xss/ru", "/api/documents/xss", "/changes", "/users", "/account"} {
		t.Run(target, func(t *testing.T) {
			rec, err := http.Get(base + target)
			if err != nil {
				t.Fatal(err)
			}
			rec.Body.Close()
			if csp := rec.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("got CSP %q", csp)
			}
			if err := chromedp.Do(bctx, chromedp.Navigate(base+target)); err != nil {
				t.Fatal(err)
			}
			check(t, target)
		})
	}
	// The payloads must still be shown, as text, where they belong.
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/documents/xss")); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector("h1").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, `<script>alert(1)</script>`) {
		t.Errorf("got title %q, want the payload shown as text", title)
	}

	// The editor is signed in, so /users and /changes above were the real
	// pages with the hostile user name, not a sign-in page.
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/users")); err != nil {
		t.Fatal(err)
	}
	who, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector(".whoami")?.textContent ?? ""`))
	if err != nil || who != ed.Name {
		t.Fatalf("got signed-in name %q, %v; want %q", who, err, ed.Name)
	}

	// Control: the probe does see markup that was not sanitized.
	t.Run("control", func(t *testing.T) {
		st, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`document.querySelector("main").insertAdjacentHTML("beforeend", '<img id=control src=x onerror=alert(0)>'), new Promise(r => setTimeout(() => r(window.__violations), 200))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		bad, _ := chromedp.Run(bctx, chromedp.Evaluate[[]string](domAudit))
		if len(st) == 0 || len(bad) == 0 {
			t.Fatalf("an unsanitized handler went unnoticed: violations %q, audit %q", st, bad)
		}
		if err := chromedp.Do(bctx, chromedp.Navigate(base+"/documents/xss")); err != nil {
			t.Fatal(err)
		}
	})

	// Notes, tags, replies and cross-reference labels (citations, URLs), stored through the
	// store and drawn by the annotation UI itself: highlights in the text,
	// the side panel, and the history of a note.
	t.Run("annotations in the page", func(t *testing.T) {
		d, err := db.FindDocumentByID(ctx, "xss")
		if err != nil {
			t.Fatal(err)
		}
		n := len([]rune(d.Text("en").Text))
		for i, p := range xssPayloads {
			tag := p
			if len([]rune(tag)) > sverka.MaxTagLength {
				tag = string([]rune(tag)[:sverka.MaxTagLength])
			}
			s := i % (n - 10)
			note := &sverka.Annotation{DocumentID: "xss", Motivation: sverka.MotivationNote, Body: p, Tags: []string{tag}, CreatorID: ed.ID,
				Target: sverka.TextTarget{Lang: "en", Start: s, End: s + 5}}
			if err := db.CreateAnnotation(ctx, note); err != nil {
				t.Fatalf("note %q: %v", p, err)
			}
			reply := &sverka.Annotation{DocumentID: "xss", Motivation: sverka.MotivationReply, Body: p, ReplyTo: note.ID, CreatorID: ed.ID}
			if err := db.CreateAnnotation(ctx, reply); err != nil {
				t.Fatalf("reply %q: %v", p, err)
			}
			ref := &sverka.Annotation{DocumentID: "xss", Motivation: sverka.MotivationLink, Body: p, CreatorID: ed.ID,
				Target: sverka.TextTarget{Lang: "ru", Start: s, End: s + 5},
				Link:   &sverka.CrossReference{URL: "https://example.org/?q=" + url.QueryEscape(p), Citation: p}}
			if err := db.CreateAnnotation(ctx, ref); err != nil {
				t.Fatalf("cross-reference %q: %v", p, err)
			}
		}
		// A javascript: link is refused outright.
		bad := &sverka.Annotation{DocumentID: "xss", Motivation: sverka.MotivationLink, CreatorID: ed.ID,
			Target: sverka.TextTarget{Lang: "ru", Start: 0, End: 5}, Link: &sverka.CrossReference{URL: "javascript:alert(300)"}}
		var ve *sverka.ValidationError
		if err := db.CreateAnnotation(ctx, bad); !errors.As(err, &ve) {
			t.Fatalf("a javascript: link: got %v, want a validation error", err)
		}
		if err := chromedp.Do(bctx, chromedp.Navigate(base+"/documents/xss")); err != nil {
			t.Fatal(err)
		}
		// The hostile metadata is long: bring the row, and so its
		// annotations in the panel, into view.
		if err := chromedp.Do(bctx, chromedp.ScrollIntoView(chromedp.CSS("table.alignment tbody tr"))); err != nil {
			t.Fatal(err)
		}
		drawn, err := chromedp.Run(bctx, chromedp.Poll[int](`document.querySelectorAll(".anno-item").length || null`, chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil || drawn == 0 {
			t.Fatalf("the annotation UI drew nothing (%d, %v)", drawn, err)
		}
		// Open every history the panel offers, so that it is drawn too.
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`[...document.querySelectorAll("button")].filter(b => /history/i.test(b.textContent)).forEach(b => b.click()), true`)); err != nil {
			t.Fatal(err)
		}
		check(t, "annotations")
		text, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, "alert(") {
			t.Error("the payloads are not shown as text in the panel")
		}
	})

	// Notes: the sanitized HTML of each payload as Markdown, put into the
	// page as the annotation UI does with the API's body html.
	t.Run("note markdown", func(t *testing.T) {
		var html []string
		for _, p := range xssPayloads {
			html = append(html, "<div class=note>"+markdown.ToHTML(p)+"</div>")
			html = append(html, "<div class=note>"+markdown.ToHTML("Tag and label: "+p+"\n\n"+p)+"</div>")
		}
		js, _ := json.Marshal(strings.Join(html, "\n"))
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.querySelector("main").insertAdjacentHTML("beforeend", `+string(js)+`), true`)); err != nil {
			t.Fatal(err)
		}
		check(t, "notes")
		n, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("div.note").length`))
		if err != nil || n != 2*len(xssPayloads) {
			t.Fatalf("got %d notes, %v; want %d", n, err, 2*len(xssPayloads))
		}
	})
}
