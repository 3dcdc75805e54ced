package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/ingest"
	"sverka/internal/browsertest"
	"sverka/store"
)

// importLong imports a document of n one-sentence links.
func importLong(t testing.TB, db *store.DB, id string, n int) {
	t.Helper()
	var ru, en strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&ru, "Предложение номер %d доклада о зерне.\n\n", i)
		fmt.Fprintf(&en, "Sentence number %d of the grain report.\n\n", i)
	}
	if d := importPlain(t, db, ingest.PlainPair{ID: id, Title: "A long report", Russian: ru.String(), English: en.String()}, "", ""); len(d.Links) != n {
		t.Fatalf("got %d links, want %d", len(d.Links), n)
	}
}

// importPlain imports a plain pair, with the date and citation given, and
// reads it back as stored.
func importPlain(t testing.TB, db *store.DB, p ingest.PlainPair, date, citation string) *sverka.Document {
	t.Helper()
	d, err := ingest.Plain(p)
	if err != nil {
		t.Fatal(err)
	}
	d.Date, d.Citation = date, citation
	if err := db.ImportDocument(context.Background(), &sverka.Archive{Document: d}, false); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindDocumentByID(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

var rowID = regexp.MustCompile(`<tr id="link-(\d+)"`)

// TestLongDocumentsAreWindowed checks which links each window of a
// 700-link document shows, that the whole is one link away, and that
// short documents are shown whole.
func TestLongDocumentsAreWindowed(t *testing.T) {
	srv, db := newTestServer(t)
	importLong(t, db, "long", 700)
	tests := []struct {
		target      string
		first, last string
		count       int
		contains    []string
		lacks       []string
	}{
		{"/documents/long", "1", "200", 200, []string{"700 alignment links (1–200 shown)", `href="?from=221"`, `href="?whole=1"`}, []string{`rel="prev"`}},
		{"/documents/long?from=450", "430", "629", 200, []string{"Links 430–629 of 700", `href="?from=250"`, `href="?from=650"`}, nil},
		{"/documents/long?from=700", "501", "700", 200, []string{"Links 501–700 of 700", `rel="prev"`}, []string{`rel="next"`}},
		{"/documents/long?whole=1", "1", "700", 700, nil, []string{`nav class="window"`}},
		{"/documents/117313", "1", "22", 22, nil, []string{`nav class="window"`}},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tc.target, "")
			if rec.Code != http.StatusOK {
				t.Fatalf("got %d, want 200", rec.Code)
			}
			body := rec.Body.String()
			ids := rowID.FindAllStringSubmatch(body, -1)
			if len(ids) != tc.count || ids[0][1] != tc.first || ids[len(ids)-1][1] != tc.last {
				t.Fatalf("got %d rows, want %d from link %s to %s", len(ids), tc.count, tc.first, tc.last)
			}
			for _, want := range tc.contains {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			for _, not := range tc.lacks {
				if strings.Contains(body, not) {
					t.Errorf("the page has %q", not)
				}
			}
		})
	}
	for _, bad := range []string{"/documents/long?from=0", "/documents/long?from=x"} {
		if rec := do(t, srv, http.MethodGet, bad, ""); rec.Code != http.StatusBadRequest {
			t.Errorf("GET %s: got %d, want 400", bad, rec.Code)
		}
	}
}

// TestPermalinkOutsideTheWindow opens a permalink to link 650 of a long
// document in Chromium: the page asks for the window around it, and the
// link is there.
func TestPermalinkOutsideTheWindow(t *testing.T) {
	url, _, db := startTestServer(t)
	importLong(t, db, "long", 700)
	ctx := browsertest.New(t, time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/documents/long#link-650"), chromedp.WaitVisible(chromedp.CSS(`#link-650`))); err != nil {
		t.Fatal(err)
	}
	search, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search + location.hash`))
	if err != nil {
		t.Fatal(err)
	}
	if search != "?from=650#link-650" {
		t.Errorf("got %q, want ?from=650#link-650", search)
	}
}

// TestDocumentAPIWindows: "GET /api/documents/:id" reads the reading
// view's window parameters the same way and answers the links of the same
// window; without one it answers the whole document.
func TestDocumentAPIWindows(t *testing.T) {
	srv, db := newTestServer(t)
	importLong(t, db, "long", 700)
	d, err := db.FindDocumentByID(context.Background(), "long")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query    string
		from, to int
	}{
		{"", 1, 700},
		{"?from=450", 430, 629},
		{"?whole=1", 1, 700},
		{"?link=700", 501, 700},
		{fmt.Sprintf("?lang=ru&char=%d,%d", d.Texts[0].Segments[600].Start, d.Texts[0].Segments[600].End), 501, 700},
	} {
		var got struct {
			Links []struct {
				Position int `json:"position"`
			} `json:"links"`
			Window *window `json:"window"`
		}
		rec := do(t, srv, http.MethodGet, "/api/documents/long"+tc.query, "")
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("%s: got %d (%v)", tc.query, rec.Code, err)
		}
		n := len(got.Links)
		if n != tc.to-tc.from+1 || got.Links[0].Position != tc.from || got.Links[n-1].Position != tc.to || (tc.query == "") != (got.Window == nil) {
			t.Errorf("%s: got %d links from %d, window %+v; want %d–%d", tc.query, n, got.Links[0].Position, got.Window, tc.from, tc.to)
		}
	}
	for _, bad := range []string{"?from=0", "?from=x", "?link=0", "?char=1,99999999"} {
		if rec := do(t, srv, http.MethodGet, "/api/documents/long"+bad, ""); rec.Code != http.StatusBadRequest {
			t.Errorf("GET %s: got %d, want 400", bad, rec.Code)
		}
	}
}
