package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"sverka/internal/loadtest"
)

// BenchmarkImportMemory imports a plain pair of about 30 MB (100,000
// sentences a language, or SVERKA_PAIR_SENTENCES) with sverka import in a
// process of its own and reports its peak resident memory and the time.
//
//	go test -tags sqlite_fts5 -run '^$' -bench ImportMemory -benchtime 1x -timeout 30m ./cmd/sverka
func BenchmarkImportMemory(b *testing.B) {
	n := 100000
	if v := os.Getenv("SVERKA_PAIR_SENTENCES"); v != "" {
		if _, err := fmt.Sscan(v, &n); err != nil {
			b.Fatal(err)
		}
	}
	dir := b.TempDir()
	ru, en := loadtest.Texts(n, 7)
	ruPath, enPath := filepath.Join(dir, "big.ru.txt"), filepath.Join(dir, "big.en.txt")
	if err := os.WriteFile(ruPath, []byte(ru), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(enPath, []byte(en), 0o644); err != nil {
		b.Fatal(err)
	}
	size := len(ru) + len(en)
	ru, en = "", ""
	b.ResetTimer()
	start := time.Now()
	cmd := child(b, "import", "--db", filepath.Join(dir, "sverka.db"), "--id", "big", "--title", "Big", ruPath, enPath)
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	b.StopTimer()
	if err != nil {
		b.Fatalf("import: %v\n%s", err, out)
	}
	peak := loadtest.PeakRSS(cmd.ProcessState)
	b.Logf("imported a %.1f MB pair (%d sentences a language) in %v; peak RSS %.0f MiB", float64(size)/1e6, n, took.Round(time.Second), float64(peak)/(1<<20))
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(took.Seconds(), "s")
}
