package exchange

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"sverka/store"
)

// BenchmarkExportEngines exports every document of one archive in
// SQLite (SVERKA_BENCH_DB) and in PostgreSQL (SVERKA_BENCH_POSTGRES) in
// each format, the engines taking turns, and reports the milliseconds of
// one export of them all on each (sqlite-tei-ms, postgres-tei-ms, …) and
// PostgreSQL's as a multiple of SQLite's.
//
//	SVERKA_BENCH_DB=/tmp/arch.db SVERKA_BENCH_POSTGRES=postgres://… \
//	  go test -tags sqlite_fts5 -run '^$' -bench ExportEngines -benchtime 3x ./exchange
func BenchmarkExportEngines(b *testing.B) {
	lite, post := os.Getenv("SVERKA_BENCH_DB"), os.Getenv("SVERKA_BENCH_POSTGRES")
	if lite == "" || post == "" {
		b.Skip("set SVERKA_BENCH_DB and SVERKA_BENCH_POSTGRES to the same archive in SQLite and PostgreSQL")
	}
	ctx := context.Background()
	names := []string{"sqlite", "postgres"}
	var dbs []*store.DB
	for _, dsn := range []string{lite, post} {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		dbs = append(dbs, db)
	}
	formats := []string{"tei", "json", "csv"}
	took := map[string]time.Duration{}
	for b.Loop() {
		for _, name := range formats {
			f, err := Lookup(name)
			if err != nil {
				b.Fatal(err)
			}
			for i, db := range dbs {
				start := time.Now()
				if err := f.Write(io.Discard, documents(db, nil), Options{Corpus: true, BaseURL: "https://sverka.example"}); err != nil {
					b.Fatalf("%s %s: %v", names[i], name, err)
				}
				took[names[i]+"-"+name] += time.Since(start)
			}
		}
	}
	for _, name := range formats {
		l, p := took["sqlite-"+name], took["postgres-"+name]
		b.ReportMetric(float64(l.Milliseconds())/float64(b.N), "sqlite-"+name+"-ms")
		b.ReportMetric(float64(p.Milliseconds())/float64(b.N), "postgres-"+name+"-ms")
		b.ReportMetric(float64(p)/float64(l), "postgres/sqlite-"+name)
	}
}
