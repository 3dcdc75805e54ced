package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/internal/browsertest"
)

// TestTwentyPageFacsimileOpensLazily opens, in a headless Chromium, the
// reading view of a document with a 20-page scan and of the same text
// without one, each seven times in turn, each in a new tab: the scanned one
// loads the image of its first page only, at the size the pane shows (no
// page's full-size image, no other page), and holds back the text's first
// paint and DOMContentLoaded with no stylesheet or script that the other
// does not (the pane's stylesheet is applied when the pane is built, its
// script loads async). Logged: the median time to the text shown (first
// contentful paint; the text is the page's first content), to
// DOMContentLoaded, and to the first page's image.
func TestTwentyPageFacsimileOpensLazily(t *testing.T) {
	url, srv, db := startTestServer(t)
	for _, id := range []string{"pages-20", "pages-0"} {
		importParagraphs(t, db, id, 40)
	}
	files := map[string][]byte{}
	var order []string
	for i := range 20 {
		name := fmt.Sprintf("%02d.png", i+1)
		files[name], order = testPNG(t, 1240, 1754, uint8(10*i)), append(order, name)
	}
	body, ct := scanUpload(t, files, order...)
	if rec := do(t, srv, http.MethodPost, "/api/documents/pages-20/scans", body, "Content-Type", ct, "Authorization", tokenFor(t, db, "vera", sverka.RoleEditor)); rec.Code != http.StatusCreated {
		t.Fatalf("attach: got %d %s", rec.Code, rec.Body.String())
	}
	browser := browsertest.New(t, 180*time.Second)
	if err := chromedp.Do(browser, chromedp.Navigate("about:blank")); err != nil { // starts the browser
		t.Fatal(err)
	}
	blocking := `[...performance.getEntriesByType("resource").filter(e => e.renderBlockingStatus === "blocking").map(e => new URL(e.name).pathname),
		...[...document.querySelectorAll("script[src]:not([async])")].map(s => new URL(s.src).pathname)].sort().join(" ")`
	var blockers [2]string
	// open loads document id in a new tab (so that nothing an earlier page
	// left open holds its requests back) and returns ms to the text shown,
	// to DOMContentLoaded and to the first page's image.
	open := func(id string) (paint, loaded, image float64) {
		tab, closeTab := chromedp.NewContext(browser)
		defer closeTab()
		if err := chromedp.Do(tab, chromedp.Navigate(url+"/documents/"+id)); err != nil {
			t.Fatal(err)
		}
		wait(t, tab, "text shown", `document.readyState !== "loading" && !!document.querySelector("table.alignment") && performance.getEntriesByName("first-contentful-paint").length > 0`)
		if id == "pages-0" {
			run(t, tab, "no scan said", `!!document.querySelector(".fx-none") && !document.querySelector(".facsimile")`)
			blockers[0] = eval[string](t, tab, blocking)
		} else {
			blockers[1] = eval[string](t, tab, blocking)
			wait(t, tab, "first page shown", `(() => { const i = document.querySelector(".fx-img"); return !!i && i.complete && i.naturalWidth > 0; })()`)
			images := eval[[]string](t, tab, `performance.getEntriesByType("resource").map(e => e.name).filter(n => n.includes("/iiif/"))`)
			if len(images) != 1 || !strings.Contains(images[0], "/iiif/pages-20/1/full/") || strings.Contains(images[0], "/full/max/") {
				t.Fatalf("images loaded on opening a 20-page scan: %v, want the first page's at the pane's size only", images)
			}
			image = eval[float64](t, tab, `performance.getEntriesByType("resource").find(e => e.name.includes("/iiif/")).responseEnd`)
		}
		paint = eval[float64](t, tab, `performance.getEntriesByName("first-contentful-paint")[0].startTime`)
		loaded = eval[float64](t, tab, `performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd`)
		return paint, loaded, image
	}
	var paint, loaded [2][]float64
	var firstImage []float64
	for range 7 {
		for k, id := range []string{"pages-0", "pages-20"} {
			p, l, img := open(id)
			paint[k], loaded[k] = append(paint[k], p), append(loaded[k], l)
			if k == 1 {
				firstImage = append(firstImage, img)
			}
		}
	}
	if blockers[1] != blockers[0] {
		t.Errorf("what holds back the first paint or DOMContentLoaded: with a scan %q, without %q; want the same", blockers[1], blockers[0])
	}
	t.Logf("median ms, 20-page scan vs none: text shown %.0f vs %.0f, DOMContentLoaded %.0f vs %.0f; first page's image %.0f",
		median(paint[1]), median(paint[0]), median(loaded[1]), median(loaded[0]), median(firstImage))
}

// eval evaluates expression in ctx.
func eval[T any](t *testing.T, ctx context.Context, expression string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expression))
	if err != nil {
		t.Fatalf("%s: %v", expression, err)
	}
	return v
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
