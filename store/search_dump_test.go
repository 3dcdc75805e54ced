package store

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"sverka"
	"sverka/corpus"
)

// TestSearchArchiveDump writes the result of every query of a corpus's
// manifest, searched in several ways, as JSON lines to SVERKA_DUMP_OUT:
// run on the same archive (SVERKA_BENCH_DB, a copy, SVERKA_BENCH_CORPUS its
// corpus) before and after a change to search, the two files must be the
// same, byte for byte. The ways cover each step a search may take: both
// tiers, ranked and in order, by date, a column, a date filter (a meta
// token), one document's range, a second page, notes. (To run it on a
// commit before the search cache, drop WithSearchCacheBytes.)
//
//	SVERKA_BENCH_DB=/tmp/arch.db SVERKA_BENCH_CORPUS=/tmp/corpus SVERKA_DUMP_OUT=/tmp/new.jsonl \
//	  go test -tags sqlite_fts5 -run SearchArchiveDump -timeout 30m ./store
func TestSearchArchiveDump(t *testing.T) {
	path, dir, out := os.Getenv("SVERKA_BENCH_DB"), os.Getenv("SVERKA_BENCH_CORPUS"), os.Getenv("SVERKA_DUMP_OUT")
	if path == "" || dir == "" || out == "" {
		t.Skip("set SVERKA_BENCH_DB, SVERKA_BENCH_CORPUS and SVERKA_DUMP_OUT")
	}
	m, err := corpus.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// A cache of one byte keeps no query's passages (search_cache.go):
	// every way of every query is searched anew.
	db, err := Open(ctx, path, WithSearchCacheBytes(1))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	viewer := &sverka.User{ID: 1, Name: "dump", Role: sverka.RoleAnnotator}
	doc := m.Documents[len(m.Documents)/2].ID
	ways := []struct {
		name string
		q    SearchQuery
	}{
		{"default", SearchQuery{}},
		{"date", SearchQuery{Sort: "date"}},
		{"ru", SearchQuery{Lang: "ru", Viewer: viewer}},
		{"en", SearchQuery{Lang: "en", Limit: 20}},
		{"page2", SearchQuery{Offset: 50}},
		{"deep", SearchQuery{Offset: 4990, Limit: 20}},
		{"noocr", SearchQuery{NoOCR: true, Translit: true}},
		{"years", SearchQuery{From: "1941", To: "1945-06", Viewer: viewer}},
		{"document", SearchQuery{DocumentID: doc}},
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for _, kq := range m.Queries.All() {
		for _, way := range ways {
			q := way.q
			q.Text = kq[1]
			res, err := db.Search(ctx, q)
			if err != nil {
				t.Fatalf("%s %q %s: %v", kq[0], kq[1], way.name, err)
			}
			b, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", kq[0], kq[1], way.name, b)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}
