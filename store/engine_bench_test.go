package store

import (
	"context"
	"path/filepath"
	"testing"

	"sverka"
	"sverka/internal/pgtest"
)

// BenchmarkEngines measures the same work on SQLite and on PostgreSQL in
// one run, 32 clients at once: notes written on the letter (each a write
// transaction: insert, history, revision, search index) and the letter
// read whole (texts, segments, links). With SVERKA_TEST_POSTGRES unset it
// measures SQLite alone.
//
//	SVERKA_TEST_POSTGRES=postgres://… go test -tags sqlite_fts5 -run '^$' -bench Engines ./store
func BenchmarkEngines(b *testing.B) {
	if pgtest.On() {
		b.Skip("compares the engines; runs once, on SQLite's turn")
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			dsn := filepath.Join(b.TempDir(), "sverka.db")
			if engine == "postgres" {
				dsn = pgtest.URL(b)
			}
			db, err := Open(ctx, dsn, WithImages(b.TempDir()))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			u, err := db.CreateUser(ctx, "vera", sverka.RoleAnnotator, "")
			if err != nil {
				b.Fatal(err)
			}
			b.Run("annotation-writes", func(b *testing.B) {
				b.SetParallelism(16) // 32 clients on 2 cores
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						a := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: u.ID, Body: "a note",
							Target: sverka.TextTarget{Lang: "en", Start: 0, End: 7}}
						if err := db.CreateAnnotation(ctx, a); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
			b.Run("letter-reads", func(b *testing.B) {
				b.SetParallelism(16)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := db.FindDocumentByID(ctx, "117313"); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		})
	}
}
