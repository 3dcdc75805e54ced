package store

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSearchArchive measures search over an archive made by
// sverka-corpus and imported with sverka import: SVERKA_BENCH_DB is the
// database, SVERKA_BENCH_CORPUS the corpus folder, whose manifest holds
// queries drawn from the corpus (common and rare words, phrases, prefixes,
// inflected forms never written). Each query runs once a round, as an
// anonymous visitor would search; it reports latency percentiles over all
// queries and the median of each kind. A first round, not counted, warms
// what a running server has warm (the keys of words seen, texts read); its
// percentiles are reported as cold-p95-ms and cold-p99-ms. cpu-ms is the
// process's CPU time a search, which a loaded machine inflates less than
// the latencies.
//
//	SVERKA_BENCH_DB=/tmp/arch.db SVERKA_BENCH_CORPUS=/tmp/corpus \
//	  go test -tags sqlite_fts5 -run '^$' -bench SearchArchive -benchtime 1x ./store
func BenchmarkSearchArchive(b *testing.B) {
	path, dir := os.Getenv("SVERKA_BENCH_DB"), os.Getenv("SVERKA_BENCH_CORPUS")
	if path == "" || dir == "" {
		b.Skip("set SVERKA_BENCH_DB and SVERKA_BENCH_CORPUS to an imported sverka-corpus archive")
	}
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.sverka-corpus"))
	if err != nil {
		b.Fatal(err)
	}
	var manifest struct {
		Queries map[string][]string `json:"queries"`
	}
	if err := json.Unmarshal(raw, &manifest); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.WaitIndexed(ctx); err != nil {
		b.Fatal(err)
	}
	kinds := make([]string, 0, len(manifest.Queries))
	for k := range manifest.Queries {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var all []time.Duration
	byKind := map[string][]time.Duration{}
	round := func() {
		for _, kind := range kinds {
			for _, q := range manifest.Queries[kind] {
				start := time.Now()
				if _, err := db.Search(ctx, SearchQuery{Text: q}); err != nil {
					b.Fatalf("%s %q: %v", kind, q, err)
				}
				d := time.Since(start)
				all = append(all, d)
				byKind[kind] = append(byKind[kind], d)
			}
		}
	}
	round()
	cold := all
	all, byKind = nil, map[string][]time.Duration{}
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		round()
	}
	cpu = cpuTime() - cpu
	b.StopTimer()
	pct := func(ds []time.Duration, p float64) float64 {
		s := slices.Clone(ds)
		slices.Sort(s)
		return float64(s[min(len(s)-1, int(p*float64(len(s))))]) / 1e6
	}
	b.ReportMetric(float64(cpu)/1e6/float64(len(all)), "cpu-ms")
	b.ReportMetric(pct(cold, 0.95), "cold-p95-ms")
	b.ReportMetric(pct(cold, 0.99), "cold-p99-ms")
	b.ReportMetric(pct(all, 0.50), "p50-ms")
	b.ReportMetric(pct(all, 0.95), "p95-ms")
	b.ReportMetric(pct(all, 0.99), "p99-ms")
	for _, kind := range kinds {
		b.ReportMetric(pct(byKind[kind], 0.50), kind+"-p50-ms")
		b.ReportMetric(pct(byKind[kind], 0.95), kind+"-p95-ms")
	}
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
