package store

import (
	"context"
	"testing"
	"time"

	"sverka/internal/pgtest"
)

// TestIdleIndexerMergesSegments: documents imported one by one leave the
// passage index in many FTS5 segments, each of which every search looks
// every key up in; once idle, the indexer merges them to at most one a
// level.
func TestIdleIndexerMergesSegments(t *testing.T) {
	pgtest.SkipOn(t) // FTS5's segments
	db := openTest(t)
	ctx := context.Background()
	for _, a := range longArchives(12, 20, 6) {
		if _, err := db.Import(ctx, a, false); err != nil {
			t.Fatal(err)
		}
	}
	segments := func() int {
		var n int
		if err := db.reader.QueryRowContext(ctx, `SELECT count(DISTINCT segid) FROM passage_keys_idx`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	t.Logf("%d segments after the imports", segments())
	deadline := time.Now().Add(10 * time.Second)
	for segments() > 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := segments(); n > 2 {
		t.Errorf("got %d segments once idle, want at most 2", n)
	}
}
