package store

import (
	"context"
	"database/sql"
	"testing"

	"sverka/internal/loadtest"
	"sverka/internal/pgtest"
)

// TestRebind: every placeholder is numbered, none inside a string, a
// quoted name or a comment.
func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT a FROM t WHERE b = ? AND c IN (?, ?)`, `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)`},
		{`SELECT '?', "a?b", ? -- what?` + "\n" + `, ?`, `SELECT '?', "a?b", $1 -- what?` + "\n" + `, $2`},
		{`SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`},
		{`SELECT ?::bigint[], 'open ?`, `SELECT $1::bigint[], 'open ?`},
	} {
		if got := rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestExportReadsThroughCursors: on PostgreSQL an export's transaction
// walks two large answers side by side (pgx alone cannot: its connection
// is busy until an answer is read) and holds a page of each at a time,
// not the whole answer: 40,000 rows of 1 KB each are 40 MB read whole.
func TestExportReadsThroughCursors(t *testing.T) {
	pgtest.SkipOn(t) // it makes its own PostgreSQL database
	ctx := context.Background()
	exporter, err := openPostgres(pgtest.URL(t), true) // as Open opens the export pool
	if err != nil {
		t.Fatal(err)
	}
	defer exporter.Close()
	tx, err := exporter.BeginTx(ctx, postgresEngine{}.readOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	const n = 40000
	query := `SELECT i, repeat(?, 1000) FROM generate_series(1, ?) AS s(i) ORDER BY i`
	heapBefore := loadtest.LiveHeap()
	a, err := tx.QueryContext(ctx, query, "a", n)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := tx.QueryContext(ctx, query, "b", n)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var peak uint64
	for i := 1; i <= n; i++ {
		for _, rows := range []*sql.Rows{a, b} {
			if !rows.Next() {
				t.Fatalf("row %d: the answer ended early: %v", i, rows.Err())
			}
			var got int
			var pad string
			if err := rows.Scan(&got, &pad); err != nil || got != i || len(pad) != 1000 {
				t.Fatalf("row %d: got %d (%d bytes), %v", i, got, len(pad), err)
			}
		}
		if i%10000 == 1 {
			var one int
			if err := tx.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil { // a statement between pages
				t.Fatalf("a statement while two answers are open: %v", err)
			}
			peak = max(peak, loadtest.LiveHeap())
		}
	}
	if a.Next() || b.Next() {
		t.Error("more rows than asked for")
	}
	if grew := int64(peak) - int64(heapBefore); grew > 4<<20 {
		t.Errorf("two answers of %d rows of 1 KB held %d MB at once; want at most a page of each", n, grew>>20)
	}
	var open string
	if err := tx.QueryRowContext(ctx, `SELECT string_agg(statement, '; ') FROM pg_cursors WHERE name LIKE 'sverka_rows_%' AND statement NOT LIKE '%pg_cursors%'`).Scan(&open); err == nil && open != "" {
		t.Errorf("cursors left open after the answers were read: %s", open)
	}
}
