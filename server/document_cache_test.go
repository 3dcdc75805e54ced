package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"sverka"
	"sverka/internal/storetest"
)

// TestReadingViewFollowsTheRevision checks that the reading view kept in
// the cache is shown again only while the document is unchanged: after an
// alignment edit the page has one row fewer, for every visitor.
func TestReadingViewFollowsTheRevision(t *testing.T) {
	srv, db := newTestServer(t)
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	rows := func(auth ...string) int {
		var h []string
		if len(auth) > 0 {
			h = []string{"Authorization", auth[0]}
		}
		rec := do(t, srv, http.MethodGet, "/documents/117313", "", h...)
		if rec.Code != http.StatusOK {
			t.Fatalf("got %d, want 200", rec.Code)
		}
		return strings.Count(rec.Body.String(), `<tr id="link-`)
	}
	before := rows()
	if again := rows(editor); again != before || before == 0 {
		t.Fatalf("got %d rows, then %d for an editor; want the same, more than 0", before, again)
	}
	rev, err := db.DocumentRevision(context.Background(), "117313")
	if err != nil {
		t.Fatal(err)
	}
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/alignment", `{"op":"merge","position":3,"revision":`+strconv.FormatInt(rev, 10)+`}`,
		"Content-Type", "application/json", "Authorization", editor)
	if rec.Code != http.StatusOK {
		t.Fatalf("merge: got %d %s", rec.Code, rec.Body)
	}
	if got := rows(); got != before-1 {
		t.Errorf("after a merge: got %d rows, want %d", got, before-1)
	}
}

// TestCacheStaysWithinItsBudget reads a document through a server whose
// cache cannot hold it: the answers are right, and nothing is kept.
func TestCacheStaysWithinItsBudget(t *testing.T) {
	db := storetest.Open(t)
	srv, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{CacheBytes: 4 << 10})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for _, path := range []string{"/documents/117313", "/api/documents/117313"} {
			rec := do(t, srv, http.MethodGet, path, "")
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "117313") {
				t.Fatalf("GET %s: got %d", path, rec.Code)
			}
		}
	}
	if got := srv.cache.entries.Bytes(); got > 4<<10 {
		t.Errorf("the cache holds %d bytes, want at most its budget of %d", got, 4<<10)
	}
}

// TestAPIAnswerKeptGzipped: the cache keeps the document's API answer
// once, gzipped, and a client that takes no gzip gets it plain from there,
// the same as when it was built.
func TestAPIAnswerKeptGzipped(t *testing.T) {
	srv, _ := newTestServer(t)
	built := getEncoded(t, srv, "/api/documents/117313", "").Body.String()
	kept, ok := srv.cache.entries.Get("117313")
	if !ok || kept.gzipped == nil {
		t.Fatal("the API answer is not kept")
	}
	if weight := srv.cache.entries.Bytes(); weight >= int64(len(built)) {
		t.Errorf("the cache weighs %d bytes, want less than the plain answer's %d", weight, len(built))
	}
	if again := getEncoded(t, srv, "/api/documents/117313", "").Body.String(); again != built {
		t.Error("the plain answer from the cache differs from the one built")
	}
	rec := getEncoded(t, srv, "/api/documents/117313", "gzip")
	if rec.Header().Get("Content-Encoding") != "gzip" || !bytes.Equal(rec.Body.Bytes(), kept.gzipped) {
		t.Error("a client taking gzip does not get the gzipped answer kept")
	}
}
