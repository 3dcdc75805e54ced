package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"sverka/internal/pgtest"
)

// TestIdleIndexerMergesSegments: an index written in many transactions,
// each adding an FTS5 segment, is merged into one segment once the indexer
// has nothing else to do, and a search finds the same hits after as
// before.
func TestIdleIndexerMergesSegments(t *testing.T) {
	if pgtest.On() {
		t.Skip("segments are SQLite's FTS5")
	}
	db := openTest(t)
	ctx := context.Background()
	segments := func() int {
		t.Helper()
		var n int
		if err := db.reader.QueryRowContext(ctx, `SELECT count(DISTINCT segid) FROM passage_keys_idx`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// FTS5 merges nothing as it writes: each document's write adds one.
	if _, err := db.writer.ExecContext(ctx, `INSERT INTO passage_keys (passage_keys, rank) VALUES ('automerge', 0)`); err != nil {
		t.Fatal(err)
	}
	db.search.running.Lock() // the background indexer waits meanwhile
	for i := range mergeAt {
		createDocuments(t, db, pairDocument(fmt.Sprintf("m%02d", i), "1950-01-01", true,
			[2]string{"Пункт первый.", "The first item."}, [2]string{fmt.Sprintf("Пункт %d.", i), fmt.Sprintf("Item number %d.", i)}))
	}
	n := segments()
	before, _ := found(t, db, SearchQuery{Text: "item"})
	db.search.running.Unlock()
	if n < mergeAt {
		t.Fatalf("%d segments before merging, want at least %d", n, mergeAt)
	}
	db.search.nudge()
	for deadline := time.Now().Add(20 * time.Second); segments() > 1; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d segments after 20 s, want 1", segments())
		}
	}
	if after, _ := found(t, db, SearchQuery{Text: "item"}); !reflect.DeepEqual(after, before) {
		t.Errorf("after merging: %v, want %v", after, before)
	}
}
