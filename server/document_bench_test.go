package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// BenchmarkDocumentAPI serves GET /api/documents/117313 and a trivial echo
// handler side by side from one loopback server, the trivial one behind the
// same middleware (logging, security headers, sessions, authorization), and
// loads each with the same concurrent clients. It reports both throughputs
// and their ratio; the letter must reach at least half the trivial
// handler's throughput.
//
//	go test -tags sqlite_fts5 -run '^$' -bench DocumentAPI ./server
func BenchmarkDocumentAPI(b *testing.B) {
	srv, _ := newTestServer(b)
	srv.echo.GET("/trivial", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	hs := httptest.NewServer(srv)
	defer hs.Close()

	const clients = 32
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	load := func(path string, n int) float64 {
		var next, failed atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= int64(n) {
					resp, err := client.Get(hs.URL + path)
					if err != nil {
						failed.Add(1)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						failed.Add(1)
					}
				}
			}()
		}
		wg.Wait()
		if f := failed.Load(); f > 0 {
			b.Fatalf("%s: %d of %d requests failed", path, f, n)
		}
		return float64(n) / time.Since(start).Seconds()
	}
	load("/api/documents/117313", 200) // warm the cache and the connections
	load("/trivial", 200)
	const perRound = 2000
	var letter, triv float64
	settle(b, srv.db)
	b.ResetTimer()
	for range b.N {
		// Interleave the two loads so that machine noise hits both alike.
		triv += load("/trivial", perRound)
		letter += load("/api/documents/117313", perRound)
	}
	b.StopTimer()
	b.ReportMetric(triv/float64(b.N), "trivial-req/s")
	b.ReportMetric(letter/float64(b.N), "letter-req/s")
	ratio := letter / triv
	b.ReportMetric(ratio, "ratio")
	if ratio < 0.5 {
		b.Errorf("the letter reached %.2f of the trivial handler's throughput, want at least 0.5", ratio)
	}
}
