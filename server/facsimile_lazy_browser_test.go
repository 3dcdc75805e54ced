package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/ingest"
	"sverka/internal/browsertest"
)

// TestTwentyPageFacsimileOpensLazily opens, in a headless Chromium, the
// reading view of a document with a 20-page scan and of the same text
// without one, each five times in turn: the scanned one loads the image of
// its first page only, at the size the pane shows (no page's full-size
// image, no other page), and its text is shown as soon. Logged: the median
// time to the text (DOMContentLoaded) and to the first page's image.
func TestTwentyPageFacsimileOpensLazily(t *testing.T) {
	url, srv, db := startTestServer(t)
	text := strings.Repeat("Уважаемый товарищ редактор! Направляю Вам рукопись статьи.\n\n", 40)
	english := strings.Repeat("Dear comrade editor! I am sending you the manuscript of an article.\n\n", 40)
	for _, id := range []string{"pages-20", "pages-0"} {
		importPlain(t, db, ingest.PlainPair{ID: id, Title: "Двадцать страниц", Russian: text, English: english}, "", "")
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
	bctx := browsertest.New(t, 120*time.Second)
	open := func(id string) (float64, float64) {
		var image float64
		if err := chromedp.Do(bctx, chromedp.Navigate(url+"/documents/"+id)); err != nil {
			t.Fatal(err)
		}
		wait(t, bctx, "text shown", `document.readyState !== "loading" && !!document.querySelector("table.alignment")`)
		if id == "pages-0" {
			run(t, bctx, "no scan said", `!!document.querySelector(".fx-none") && !document.querySelector(".facsimile")`)
		} else {
			wait(t, bctx, "first page shown", `(() => { const i = document.querySelector(".fx-img"); return !!i && i.complete && i.naturalWidth > 0; })()`)
			images, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").map(e => e.name).filter(n => n.includes("/iiif/"))`))
			if err != nil {
				t.Fatal(err)
			}
			if len(images) != 1 || !strings.Contains(images[0], "/iiif/pages-20/1/full/") || strings.Contains(images[0], "/full/max/") {
				t.Fatalf("images loaded on opening a 20-page scan: %v, want the first page's at the pane's size only", images)
			}
			if image, err = chromedp.Run(bctx, chromedp.Evaluate[float64](`performance.getEntriesByType("resource").find(e => e.name.includes("/iiif/")).responseEnd`)); err != nil {
				t.Fatal(err)
			}
		}
		text, err := chromedp.Run(bctx, chromedp.Evaluate[float64](`performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd`))
		if err != nil {
			t.Fatal(err)
		}
		return text, image
	}
	var with, without, firstImage []float64
	for range 5 {
		tx, img := open("pages-20")
		with, firstImage = append(with, tx), append(firstImage, img)
		tx, _ = open("pages-0")
		without = append(without, tx)
	}
	t.Logf("median ms to the text: 20-page scan %.0f, no scan %.0f; to the first page's image %.0f", median(with), median(without), median(firstImage))
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
