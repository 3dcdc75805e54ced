package store

import (
	"context"
	"testing"

	"sverka/internal/pgtest"
)

// TestSQLiteHeapLimit: a SQLite database holds SQLite's page caches to
// SQLiteHeapLimit.
func TestSQLiteHeapLimit(t *testing.T) {
	if pgtest.On() {
		t.Skip("SQLite only")
	}
	db := openTest(t)
	var limit int64
	if err := db.reader.QueryRowContext(context.Background(), `PRAGMA soft_heap_limit`).Scan(&limit); err != nil {
		t.Fatal(err)
	}
	if limit != SQLiteHeapLimit {
		t.Errorf("soft heap limit %d bytes, want %d", limit, SQLiteHeapLimit)
	}
}
