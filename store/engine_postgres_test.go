package store

import (
	"context"
	"testing"

	"sverka/internal/loadtest"
	"sverka/internal/pgtest"
)

// TestLargeDocumentAnalyzed stores a document of 2,000 links on PostgreSQL
// and wants the planner to count them at once, not when autovacuum gets
// round to it: until then the tables look empty, and the TEI export of a
// 15,000-link document just stored compared each link with each link
// number (each 256 rows took 3 s; TestSlowReadersDoNotFreezeTheServer).
func TestLargeDocumentAnalyzed(t *testing.T) {
	if !pgtest.On() {
		t.Skip("PostgreSQL's planner statistics; SQLite keeps none")
	}
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateDocument(ctx, loadtest.Document("big", 2*analyzedLinks, 1)); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"links", "link_refs", "segments"} {
		var rows float64
		if err := db.reader.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE relname = ?`, table).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows < 2*analyzedLinks {
			t.Errorf("the planner counts %.0f rows in %s, want at least %d", rows, table, 2*analyzedLinks)
		}
	}
}
