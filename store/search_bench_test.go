package store

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
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
// SVERKA_BENCH_POSTGRES, a postgres:// URL of the same archive there
// (copied with sverka copy-db, or imported: hits come in the same order
// whichever order the documents were indexed in), compares the engines in
// the same run: each query runs on SQLite and on PostgreSQL one after the
// other (which goes first alternates), must find the same hits on both,
// and the metrics are reported for each engine (sqlite-p95-ms,
// postgres-p95-ms, …) with PostgreSQL's as a multiple of SQLite's
// (postgres/sqlite-p95, …).
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
	engines := []*benchEngine{{name: "sqlite", dsn: path}}
	if pg := os.Getenv("SVERKA_BENCH_POSTGRES"); pg != "" {
		engines = append(engines, &benchEngine{name: "postgres", dsn: pg})
	}
	ctx := context.Background()
	for _, e := range engines {
		// Every query is searched anew: a cache of one byte keeps no
		// query's passages (search_cache.go), which each round after the
		// first would otherwise find there.
		db, err := Open(ctx, e.dsn, WithSearchCacheBytes(1))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		if err := db.WaitIndexed(ctx); err != nil {
			b.Fatal(err)
		}
		waitSegmentBytes(b, db)
		e.db = db
	}
	kinds := make([]string, 0, len(manifest.Queries))
	for k := range manifest.Queries {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	n := 0
	round := func() {
		for _, kind := range kinds {
			for _, q := range manifest.Queries[kind] {
				n++
				var first *SearchResult
				for i := range engines {
					e := engines[(n+i)%len(engines)]
					start := time.Now()
					cpu := cpuTime()
					r, err := e.db.Search(ctx, SearchQuery{Text: q})
					if err != nil {
						b.Fatalf("%s %s %q: %v", e.name, kind, q, err)
					}
					e.cpu += cpuTime() - cpu
					d := time.Since(start)
					e.all = append(e.all, d)
					e.byKind[kind] = append(e.byKind[kind], d)
					if first == nil {
						first = r
					} else if !reflect.DeepEqual(first.Hits, r.Hits) || first.Total != r.Total {
						b.Fatalf("%s %q: the engines find different hits: %d %v and %d %v", kind, q, first.Total, hitPlaces(first), r.Total, hitPlaces(r))
					}
				}
			}
		}
	}
	for _, e := range engines {
		e.reset()
	}
	round()
	for _, e := range engines {
		e.cold = e.all
		e.reset()
	}
	b.ResetTimer()
	for range b.N {
		round()
	}
	b.StopTimer()
	for _, e := range engines {
		prefix := ""
		if len(engines) > 1 {
			prefix = e.name + "-"
		}
		for name, v := range e.metrics(kinds) {
			b.ReportMetric(v, prefix+name)
		}
	}
	if len(engines) > 1 {
		lite, post := engines[0].metrics(kinds), engines[1].metrics(kinds)
		for _, name := range []string{"cpu-ms", "p50-ms", "p95-ms", "p99-ms"} {
			b.ReportMetric(post[name]/lite[name], "postgres/sqlite-"+name[:len(name)-3])
		}
	}
}

// benchEngine is one engine's database in BenchmarkSearchArchive and the
// latencies measured on it.
type benchEngine struct {
	name, dsn string
	db        *DB
	all, cold []time.Duration
	byKind    map[string][]time.Duration
	// cpu is this process's CPU time during the engine's searches; on
	// PostgreSQL the server's own is not in it.
	cpu time.Duration
}

func (e *benchEngine) reset() {
	e.all, e.byKind, e.cpu = nil, map[string][]time.Duration{}, 0
}

// metrics are the latency percentiles of e's searches in milliseconds, by
// name.
func (e *benchEngine) metrics(kinds []string) map[string]float64 {
	pct := func(ds []time.Duration, p float64) float64 {
		s := slices.Clone(ds)
		slices.Sort(s)
		return float64(s[min(len(s)-1, int(p*float64(len(s))))]) / 1e6
	}
	m := map[string]float64{
		"cpu-ms":      float64(e.cpu) / 1e6 / float64(len(e.all)),
		"cold-p95-ms": pct(e.cold, 0.95),
		"cold-p99-ms": pct(e.cold, 0.99),
		"p50-ms":      pct(e.all, 0.50),
		"p95-ms":      pct(e.all, 0.95),
		"p99-ms":      pct(e.all, 0.99),
	}
	for _, kind := range kinds {
		m[kind+"-p50-ms"] = pct(e.byKind[kind], 0.50)
		m[kind+"-p95-ms"] = pct(e.byKind[kind], 0.95)
	}
	return m
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// waitSegmentBytes waits until a server would have filled in the bytes of
// every segment (segment_bytes.go): an archive imported before they were
// stored has none at first.
func waitSegmentBytes(b testing.TB, db *DB) {
	for !db.shared() {
		left, err := segmentsWithoutBytes(context.Background(), db.reader)
		if err != nil {
			b.Fatal(err)
		}
		if !left {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
