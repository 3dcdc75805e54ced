package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkIIIFRegion serves 1000×1000 px regions of a full 300-dpi A4
// scan through the real server over HTTP. Each request asks for a region
// not asked for before (the decoded page is cached, the answer is not) and
// every fifth one repeats an earlier region (answered from the cache).
// Reported: p95 of the new regions, p95 of the repeats, p95 of GET /healthz
// in the same run (the baseline: HTTP, middleware, a database ping), the
// processor time per iteration (one region and one /healthz, client and
// server), and the process's resident memory now and at its peak.
func BenchmarkIIIFRegion(b *testing.B) {
	srv, db := newTestServer(b)
	importScanOf(b, db, "bench", true, 0)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	get := func(path string) time.Duration {
		start := time.Now()
		resp, err := http.Get(hs.URL + path)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return time.Since(start)
	}
	region := func(i int) string {
		return fmt.Sprintf("/iiif/bench/1/%d,%d,1000,1000/max/0/default.jpg", (i*131)%1480, (i*197)%2500)
	}
	get(region(0)) // decode the page once
	var fresh, repeat, base []time.Duration
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 1; i <= b.N; i++ {
		if i%5 == 0 {
			repeat = append(repeat, get(region(i/5)))
		} else {
			fresh = append(fresh, get(region(i)))
		}
		base = append(base, get("/healthz"))
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	p95 := func(d []time.Duration) float64 {
		if len(d) == 0 {
			return 0
		}
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return float64(d[len(d)*95/100].Microseconds()) / 1000
	}
	b.ReportMetric(p95(fresh), "p95-new-ms")
	b.ReportMetric(p95(repeat), "p95-cached-ms")
	b.ReportMetric(p95(base), "p95-healthz-ms")
	rss, peak := memoryMB()
	b.ReportMetric(rss, "rss-MB")
	b.ReportMetric(peak, "peak-rss-MB")
}

// cpuTime is the processor time this process has used, user and system:
// unlike latency, it does not grow when other processes crowd the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// memoryMB reads this process's resident set size and its peak (Linux).
func memoryMB() (rss, peak float64) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			peak = kb / 1024
		}
	}
	return rss, peak
}

// BenchmarkIIIFLoad loads the image service of a full 300-dpi A4 scan from
// four clients at once over loopback, once its page is decoded (warm), with
// what viewers ask: info.json, the page at the widths the reading view asks
// (768, 1024, 1536), 1000×1000 px regions at full size, and 512 px tiles of
// 1024 px regions; every second request repeats the one before it. Each
// iteration is 200 requests. Reported: p95 of each kind, in ms, and the
// processor time per request (client and server).
func BenchmarkIIIFLoad(b *testing.B) {
	srv, db := newTestServer(b)
	importScanOf(b, db, "load", true, 0)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	kinds := []struct {
		name string
		path func(i int) string
	}{
		{"info", func(int) string { return "/iiif/load/1/info.json" }},
		{"page", func(i int) string {
			return fmt.Sprintf("/iiif/load/1/full/%d,/0/default.jpg", []int{768, 1024, 1536}[i%3])
		}},
		{"region", func(i int) string {
			return fmt.Sprintf("/iiif/load/1/%d,%d,1000,1000/max/0/default.jpg", (i*131)%1480, (i*197)%2500)
		}},
		{"tile", func(i int) string {
			return fmt.Sprintf("/iiif/load/1/%d,%d,1024,1024/512,/0/default.jpg", 1024*(i%2), 1024*(i%3))
		}},
	}
	get := func(path string) time.Duration {
		start := time.Now()
		resp, err := http.Get(hs.URL + path)
		if err != nil {
			b.Error(err)
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Errorf("%s: %d", path, resp.StatusCode)
		}
		return time.Since(start)
	}
	get("/iiif/load/1/full/64,/0/default.jpg") // decode the page once
	times := make([][]time.Duration, len(kinds))
	var mu sync.Mutex
	n := 0
	cpu0 := cpuTime()
	b.ResetTimer()
	for range b.N {
		var wg sync.WaitGroup
		for c := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := c; i < 200; i += 4 {
					k, j := (i/2)%len(kinds), n+i
					if i%2 == 1 {
						j-- // the path of request i-1: asked before, or at once by another client
					}
					d := get(kinds[k].path(j))
					mu.Lock()
					times[k] = append(times[k], d)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		n += 200
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N*200), "cpu-ms/req")
	for k, kind := range kinds {
		d := times[k]
		slices.Sort(d)
		b.ReportMetric(float64(d[len(d)*95/100].Microseconds())/1000, "p95-"+kind.name+"-ms")
	}
}

// BenchmarkReadingViewScan serves the reading view of 40 paragraphs with a
// 20-page scan and without one, rendered afresh (the first visit after a
// change) and from the cache of rendered views, and reports the page's
// size: the server spends on the scanned page what it spends on the other.
//
//	go test -tags sqlite_fts5 -run '^$' -bench ReadingViewScan ./server
func BenchmarkReadingViewScan(b *testing.B) {
	srv, db := newTestServer(b)
	twentyPageScan(b, srv, db)
	for _, id := range []string{"pages-0", "pages-20"} {
		get := func() int {
			req := httptest.NewRequest(http.MethodGet, "/documents/"+id, nil)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("got %d", rec.Code)
			}
			return rec.Body.Len()
		}
		b.Run(id+"/afresh", func(b *testing.B) {
			for b.Loop() {
				srv.cache = newDocumentCache(DefaultCacheBytes)
				get()
			}
			b.ReportMetric(float64(get()), "bytes")
		})
		b.Run(id+"/cached", func(b *testing.B) {
			get()
			for b.Loop() {
				get()
			}
		})
	}
}
