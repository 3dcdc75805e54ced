package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka/ingest"
	"sverka/internal/browsertest"
	"sverka/store"
)

// TestLiveStreamsEndWithTheirPageInBrowser goes through ten reading views in one
// Chromium tab, each with its live stream open, and then back: a page
// left behind ends its stream (the server holds one at a time), so every
// navigation starts at once, where before the seventh waited about a
// minute for one of the six connections a browser opens to a server over
// HTTP/1.1, all held by the streams of pages kept in the back-forward
// cache. A page the browser brings back from that cache opens its stream
// again.
func TestLiveStreamsEndWithTheirPageInBrowser(t *testing.T) {
	url, srv, db := startTestServer(t)
	const pages = 10
	for i := range pages {
		importParagraphs(t, db, fmt.Sprintf("live-%d", i), 5)
	}
	tab := browsertest.New(t, 120*time.Second)
	connected := `document.querySelector("article.document")?.dataset.live === "connected"`
	streams := func(want int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for srv.events.open() != want && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if got := srv.events.open(); got != want {
			t.Fatalf("live streams open on the server: got %d, want %d (the page's own)", got, want)
		}
	}
	var slowest time.Duration
	for i := range pages {
		start := time.Now()
		if err := chromedp.Do(tab, chromedp.Navigate(fmt.Sprintf("%s/documents/live-%d", url, i))); err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		if took > 10*time.Second {
			t.Fatalf("navigation %d took %v, want it to start at once", i+1, took.Round(time.Millisecond))
		}
		slowest = max(slowest, took)
		wait(t, tab, "stream open", connected)
		run(t, tab, "mark the page", `(window.leftBehind = true)`)
		streams(1)
	}
	run(t, tab, "go back", `(history.back(), true)`) // no load event when the page comes from the cache
	back := `location.pathname.endsWith("/live-` + fmt.Sprint(pages-2) + `") && ` + connected
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		// Polled here: the page changes under the evaluation.
		if ok, err := chromedp.Run(tab, chromedp.Evaluate[bool](back)); err == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("back on the page before: waited in vain for %s", back)
		}
	}
	streams(1)
	t.Logf("slowest of %d navigations: %v; back from the cache: %v", pages, slowest.Round(time.Millisecond), eval[bool](t, tab, `window.leftBehind === true`))
}

// importParagraphs imports document id: n paragraphs of a letter in
// Russian, aligned with their English.
func importParagraphs(t testing.TB, db *store.DB, id string, n int) {
	t.Helper()
	ru := strings.Repeat("Уважаемый товарищ редактор! Направляю Вам рукопись статьи.\n\n", n)
	en := strings.Repeat("Dear comrade editor! I am sending you the manuscript of an article.\n\n", n)
	importPlain(t, db, ingest.PlainPair{ID: id, Title: "Письмо", Russian: ru, English: en}, "", "")
}

// open counts the streams open on any document.
func (b *broker) open() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, chans := range b.subs {
		n += len(chans)
	}
	return n
}
