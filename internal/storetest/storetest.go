// Package storetest opens real, migrated databases for tests: a SQLite file
// in the test's temporary folder (plain ":memory:" would give each pooled
// connection a database of its own), or, when the tests run on PostgreSQL
// (pgtest.On), a fresh PostgreSQL database; either holds the seed letter
// like any new database.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"sverka/internal/pgtest"
	"sverka/store"
)

// Open opens a new database for t, waits until its search index holds the
// seed letter, and closes it when t ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), DSN(t), Images(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// Images keeps a PostgreSQL database's page images in t's temporary
// folder; a SQLite file's stay beside it.
func Images(t testing.TB) store.Option {
	if pgtest.On() {
		return store.WithImages(t.TempDir())
	}
	return store.WithImages("")
}

// DSN names a new, empty database for t: a file in its temporary folder,
// or a PostgreSQL database when the tests run on PostgreSQL.
func DSN(t testing.TB) string {
	t.Helper()
	if pgtest.On() {
		return pgtest.URL(t)
	}
	return filepath.Join(t.TempDir(), "sverka.db")
}
