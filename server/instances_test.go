package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"sverka"
	"sverka/internal/pgtest"
	"sverka/internal/ssetest"
	"sverka/store"
)

// twoServers builds two servers on one new PostgreSQL database, as two
// processes behind a load balancer would be, each with its own store.
func twoServers(t *testing.T) (a, b *Server, db *store.DB) {
	t.Helper()
	url, images := pgtest.URL(t), t.TempDir()
	var servers [2]*Server
	var dbs [2]*store.DB
	for i := range servers {
		d, err := store.Open(context.Background(), url, store.WithImages(images))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		srv, err := New(d, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(srv.Shutdown)
		servers[i], dbs[i] = srv, d
	}
	if err := dbs[0].WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	return servers[0], servers[1], dbs[0]
}

// TestTwoServersOnePostgres: a note written through one server appears
// at once in the other's live event stream and reads the same there; two
// clients that edit one note through the two servers with the same
// If-Match: exactly one wins, the other gets 412; failed sign-ins through
// one server count on the other.
func TestTwoServersOnePostgres(t *testing.T) {
	a, b, db := twoServers(t)
	hsB := httptest.NewServer(b)
	t.Cleanup(hsB.Close)
	vera := signedIn(t, db, "vera", sverka.RoleAnnotator)
	d := letterDoc(t, db)

	lines := ssetest.Open(t, hsB.URL+"/api/documents/117313/events")
	waitFor := func(prefix string) string {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("the stream ended before %q", prefix)
				}
				if strings.HasPrefix(l, prefix) {
					return l
				}
			case <-deadline:
				t.Fatalf("no %q from server b within 5 s", prefix)
			}
		}
	}
	waitFor(": connected")

	start, end := phrase(t, d, "en", 2, "your reply")
	sent := time.Now()
	rec := do(t, a, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "en", start, end, "your reply", "through a"),
		vera.withBearer("Content-Type", "application/ld+json")...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create through a: %d %s", rec.Code, rec.Body)
	}
	loc, etag := rec.Header().Get("Location"), rec.Header().Get("ETag")
	data := waitFor("data: ")
	t.Logf("server b's stream told of the note %v after a's answer", time.Since(sent).Round(time.Millisecond))
	if !strings.Contains(data, `"action":"create"`) || !strings.Contains(data, `"user":"vera"`) {
		t.Errorf("server b's event: got %s, want vera's create", data)
	}
	path := loc[strings.Index(loc, "/api/"):]
	if got := do(t, b, http.MethodGet, path, ""); got.Code != http.StatusOK || !strings.Contains(got.Body.String(), "through a") || got.Header().Get("ETag") != etag {
		t.Fatalf("read through b: %d, ETag %q (a gave %q): %s", got.Code, got.Header().Get("ETag"), etag, got.Body)
	}

	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i, srv := range []*Server{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := noteBody(d.ID, "en", start, end, "your reply", "edited through "+string(rune('a'+i)))
			codes[i] = do(t, srv, http.MethodPut, path, body, vera.withBearer("Content-Type", "application/ld+json", "If-Match", etag)...).Code
		}()
	}
	wg.Wait()
	if !(codes[0] == http.StatusOK && codes[1] == http.StatusPreconditionFailed || codes[1] == http.StatusOK && codes[0] == http.StatusPreconditionFailed) {
		t.Fatalf("two edits with one If-Match through a and b: got %v, want one 200 and one 412", codes)
	}
	winner := "edited through " + map[bool]string{true: "a", false: "b"}[codes[0] == http.StatusOK]
	for name, srv := range map[string]*Server{"a": a, "b": b} {
		if got := do(t, srv, http.MethodGet, path, ""); !strings.Contains(got.Body.String(), winner) {
			t.Errorf("read through %s after the race: got %s, want %q", name, got.Body, winner)
		}
	}

	if _, err := db.CreateUser(context.Background(), "nina", sverka.RoleReader, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	for i := range accountBurst {
		srv := []*Server{a, b}[i%2]
		if rec := newBrowser(t, srv).login("nina", "wrong password"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: got %d, want 401", i+1, rec.Code)
		}
	}
	for name, srv := range map[string]*Server{"a": a, "b": b} {
		if rec := newBrowser(t, srv).login("nina", "correct horse battery"); rec.Code != http.StatusTooManyRequests {
			t.Errorf("the right password through %s after %d failures on both: got %d, want 429", name, accountBurst, rec.Code)
		}
	}
}
