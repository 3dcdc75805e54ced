package server

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/corpus"
	"sverka/ingest"
	"sverka/internal/browsertest"
	"sverka/lexicon"
)

// longDocument imports a made-up document of corpus.MaxPairs (2,000)
// sentence pairs and returns its id, or skips without the dictionaries.
func longDocument(b testing.TB, srv *Server) string {
	b.Helper()
	ru, en, err := corpus.ReadDictionaries(5000, rand.New(rand.NewPCG(1, 1)))
	if errors.Is(err, lexicon.ErrNoDictionary) && os.Getenv("CI") != "true" {
		b.Skip(err)
	}
	if err != nil {
		b.Fatal(err)
	}
	cd := corpus.New(ru, en, 1).Document("long-report", corpus.MaxPairs)
	d, err := ingest.Plain(ingest.PlainPair{ID: cd.ID, Title: cd.Title, Russian: cd.Russian, English: cd.English})
	if err != nil {
		b.Fatal(err)
	}
	if err := srv.db.ImportDocument(context.Background(), &sverka.Archive{Document: d}, false); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d links", d.ID, len(d.Links))
	return d.ID
}

// BenchmarkLongDocumentView serves the reading view of a 2,000-link
// document gzipped, as a browser asks for it: rendered afresh (the first
// visit after a change) and from the cache of rendered views. It reports
// the sizes plain and gzipped.
//
//	go test -tags sqlite_fts5 -run '^$' -bench LongDocumentView ./server
func BenchmarkLongDocumentView(b *testing.B) {
	srv, _ := newTestServer(b)
	id := longDocument(b, srv)
	get := func(enc string) *httptest.ResponseRecorder { return getEncoded(b, srv, "/documents/"+id, enc) }
	plain, zipped := get("identity").Body.Len(), get("gzip").Body.Len()
	b.Run("afresh", func(b *testing.B) {
		for b.Loop() {
			srv.cache = newDocumentCache(DefaultCacheBytes)
			get("gzip")
		}
		b.ReportMetric(float64(plain), "bytes-plain")
		b.ReportMetric(float64(zipped), "bytes-gzip")
	})
	b.Run("api-afresh", func(b *testing.B) {
		for b.Loop() {
			srv.cache = newDocumentCache(DefaultCacheBytes)
			getEncoded(b, srv, "/api/documents/"+id, "gzip")
		}
	})
	b.Run("cached", func(b *testing.B) {
		get("gzip")
		for b.Loop() {
			get("gzip")
		}
	})
	b.Run("cached-plain", func(b *testing.B) {
		get("gzip")
		for b.Loop() {
			get("identity")
		}
	})
}

// getEncoded gets path for a client taking encoding enc (none when ""),
// which must answer 200.
func getEncoded(tb testing.TB, srv *Server, path, enc string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if enc != "" {
		req.Header.Set("Accept-Encoding", enc)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET %s: got %d, want 200", path, rec.Code)
	}
	return rec
}

// BenchmarkLongDocumentInChromium opens the 2,000-link reading view in
// headless Chromium and reports, from the page's navigation timing, when
// it became interactive (domInteractive), when its scripts had run
// (domContentLoadedEventEnd) and when it was loaded (loadEventEnd), and
// when the annotations were drawn over it (the page's own "ready" mark),
// all in milliseconds from the start of navigation.
//
//	go test -tags sqlite_fts5 -run '^$' -bench LongDocumentInChromium -benchtime 5x ./server
func BenchmarkLongDocumentInChromium(b *testing.B) {
	srv, _ := newTestServer(b)
	id := longDocument(b, srv)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	ctx := browsertest.New(b, 5*time.Minute)
	var interactive, loaded, complete, ready float64
	for b.Loop() {
		start := time.Now()
		if err := chromedp.Do(ctx, chromedp.Navigate(hs.URL+"/documents/"+id),
			chromedp.WaitVisible(chromedp.CSS(`article[data-annotations="ready"]`))); err != nil {
			b.Fatal(err)
		}
		ready += float64(time.Since(start).Milliseconds())
		t, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const n = performance.getEntriesByType("navigation")[0];
			return [n.domInteractive, n.domContentLoadedEventEnd, n.loadEventEnd]; })()`))
		if err != nil {
			b.Fatal(err)
		}
		interactive, loaded, complete = interactive+t[0], loaded+t[1], complete+t[2]
	}
	n := float64(b.N)
	b.ReportMetric(interactive/n, "ms-interactive")
	b.ReportMetric(loaded/n, "ms-dom-content-loaded")
	b.ReportMetric(complete/n, "ms-load")
	b.ReportMetric(ready/n, "ms-annotations-ready")
}
