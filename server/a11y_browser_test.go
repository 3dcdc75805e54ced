package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/internal/browsertest"
)

// TestAccessibilityInBrowser runs axe-core (WCAG 2.2 A and AA) on every
// page as each role sees it, signed out too, with the annotation panel and
// the editor's controls drawn, and at phone width with the drawer open. A
// violation names the rule and the elements that break it.
func TestAccessibilityInBrowser(t *testing.T) {
	base, _, db := startTestServer(t)
	ctx := context.Background()
	d, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	writer, err := db.CreateUser(ctx, "writer", sverka.RoleAnnotator, "")
	if err != nil {
		t.Fatal(err)
	}
	noteOn(t, db, d, writer, "en", "your reply", "a note, so that highlights and cards are checked too", "chronology")
	bctx := browsertest.New(t, 90*time.Second)
	pages := map[sverka.Role][]string{
		anyone:               {"/", "/documents/117313", "/documents/117313/source", "/search?q=ответ", "/login?next=/import", "/import", "/documents/no-such"},
		sverka.RoleReader:    {"/account", "/changes"},
		sverka.RoleAnnotator: {"/documents/117313"},
		sverka.RoleEditor:    {"/documents/117313", "/changes", "/import"},
		sverka.RoleAdmin:     {"/users", "/account"},
	}
	for _, role := range []sverka.Role{anyone, sverka.RoleReader, sverka.RoleAnnotator, sverka.RoleEditor, sverka.RoleAdmin} {
		if _, err := chromedp.Call(bctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		name := "signed out"
		if role != anyone {
			name = string(role)
			u, err := db.CreateUser(ctx, "a11y-"+name, role, "")
			if err != nil {
				t.Fatal(err)
			}
			sess, err := db.CreateSession(ctx, u.ID, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(bctx, network.SetCookie, network.SetCookieParams{Name: sessionCookie, Value: sess.Token, URL: base + "/"}); err != nil {
				t.Fatal(err)
			}
		}
		for _, path := range pages[role] {
			t.Run(name+" "+path, func(t *testing.T) {
				if err := chromedp.Do(bctx, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
					t.Fatal(err)
				}
				if strings.HasPrefix(path, "/documents/117313") && !strings.HasSuffix(path, "/source") {
					wait(t, bctx, "annotations drawn", `document.querySelector("article").dataset.annotations === "ready"`)
				}
				for _, v := range browsertest.Axe(t, bctx) {
					t.Errorf("%v", v)
				}
			})
		}
	}
	t.Run("phone width, drawer open", func(t *testing.T) {
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/documents/117313")); err != nil {
			t.Fatal(err)
		}
		wait(t, bctx, "annotations drawn", `document.querySelector("article").dataset.annotations === "ready"`)
		run(t, bctx, "open the drawer", `(document.querySelector(".anno-handle").click(), !document.querySelector(".anno-panel").hidden)`)
		for _, v := range browsertest.Axe(t, bctx) {
			t.Errorf("%v", v)
		}
	})
}
