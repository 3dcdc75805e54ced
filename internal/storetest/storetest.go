// Package storetest opens real, migrated SQLite databases for tests: a file
// in the test's temporary folder (plain ":memory:" would give each pooled
// connection a database of its own), holding the seed letter like any new
// database.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"sverka/store"
)

// Open opens a new database for t, waits until its search index holds the
// seed letter, and closes it when t ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "sverka.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}
