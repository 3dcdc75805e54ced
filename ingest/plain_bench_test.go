package ingest

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"sverka/align"
	"sverka/internal/loadtest"
)

// BenchmarkPlainMemory derives, segments and aligns plain pairs of 2,000
// and 20,000 sentences a language (about 0.6 and 6 MB; SVERKA_PAIR_SENTENCES
// adds a size) and reports, per byte of input, the bytes allocated and the
// most heap held at once beyond the input: an import's memory is
// proportional to its text when these stay flat as the pair grows.
//
//	go test -tags sqlite_fts5 -run '^$' -bench PlainMemory -benchtime 1x ./ingest
func BenchmarkPlainMemory(b *testing.B) {
	sizes := []int{2000, 20000}
	if v := os.Getenv("SVERKA_PAIR_SENTENCES"); v != "" {
		var n int
		if _, err := fmt.Sscan(v, &n); err != nil {
			b.Fatal(err)
		}
		sizes = append(sizes, n)
	}
	align.Debian() // read once by every import, not a pair's cost
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ru, en := loadtest.Texts(n, 7)
			input := float64(len(ru) + len(en))
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			peak := watchHeap()
			b.ResetTimer()
			for range b.N {
				if _, err := Plain(PlainPair{ID: "big", Russian: ru, English: en}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/input, "alloc-B/input-B")
			b.ReportMetric(float64(peak()-before.HeapAlloc)/input, "peak-heap-B/input-B")
		})
	}
}

// watchHeap samples the live heap every few milliseconds until the
// function it returns is called, which answers the most it saw.
func watchHeap() func() uint64 {
	var mu sync.Mutex
	var most uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			most = max(most, ms.HeapAlloc)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return most
	}
}
