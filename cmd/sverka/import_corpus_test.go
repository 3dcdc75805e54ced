package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"sverka/store"
)

// BenchmarkImportCorpus imports an archive made by sverka-corpus (Sverka
// JSON, SVERKA_BENCH_CORPUS; the first SVERKA_BENCH_DOCS documents, all by
// default) with sverka import in this process, into a new database, then
// waits until the search index has caught up. It reports the seconds of
// each step, documents a second over both, and the process's peak RSS.
// SVERKA_BENCH_KEEP names a file to keep the database in.
//
//	SVERKA_BENCH_CORPUS=/tmp/corpus go test -tags sqlite_fts5 -run '^$' -bench ImportCorpus -benchtime 1x -timeout 60m ./cmd/sverka
func BenchmarkImportCorpus(b *testing.B) {
	dir := os.Getenv("SVERKA_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set SVERKA_BENCH_CORPUS to a folder made by sverka-corpus")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no Sverka JSON in %s (%v)", dir, err)
	}
	slices.Sort(files)
	if v := os.Getenv("SVERKA_BENCH_DOCS"); v != "" {
		var n int
		if _, err := fmt.Sscan(v, &n); err != nil || n < 1 {
			b.Fatalf("SVERKA_BENCH_DOCS=%q: want a number", v)
		}
		files = files[:min(n, len(files))]
	}
	ctx := context.Background()
	for range b.N {
		path := os.Getenv("SVERKA_BENCH_KEEP")
		if path == "" {
			path = filepath.Join(b.TempDir(), "sverka.db")
		}
		start := time.Now()
		var out strings.Builder
		if err := run(ctx, append([]string{"import", "--db", path}, files...), func(string) string { return "" }, strings.NewReader(""), &out, io.Discard); err != nil {
			b.Fatalf("import: %v\n%s", err, out.String())
		}
		imported := time.Since(start)
		db, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if err := db.WaitIndexed(ctx); err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		total := time.Since(start)
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		b.ReportMetric(imported.Seconds(), "import-s")
		b.ReportMetric((total - imported).Seconds(), "index-after-s")
		b.ReportMetric(float64(len(files))/total.Seconds(), "docs/s")
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
	}
}
