package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sverka"
	"sverka/store"
)

// BenchmarkAnnotationCreate has 32 clients create notes on the letter
// concurrently through a real HTTP server on loopback, each with its own API
// token, and reports creates per second, the 99th percentile latency and the
// errors (a "database is locked" would be one).
//
//	go test -tags sqlite_fts5 -run '^$' -bench AnnotationCreate -benchtime 20000x ./server
func BenchmarkAnnotationCreate(b *testing.B) {
	const clients = 32
	url, _, db := startTestServer(b)
	d := letterDoc(b, db)
	text := []rune(d.Text("ru").Text)
	var tokens []string
	for i := range clients {
		tokens = append(tokens, signedIn(b, db, fmt.Sprintf("bench%d", i), sverka.RoleAnnotator).bearer)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	var next, errs atomic.Int64
	lat := make([][]time.Duration, clients)
	var firstErr atomic.Value
	settle(b, db)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				s := (i * 7) % (len(text) - 10)
				body := strings.Replace(noteBody(d.ID, "ru", s, s+5, string(text[s:s+5]), fmt.Sprintf("note %d", i)), testBase, "", 1)
				req, _ := http.NewRequest(http.MethodPost, url+"/api/documents/117313/annotations/", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tokens[c])
				req.Header.Set("Content-Type", "application/ld+json")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				msg, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				lat[c] = append(lat[c], time.Since(t0))
				if resp.StatusCode != http.StatusCreated {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, string(msg))
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	p99 := all[min(len(all)-1, len(all)*99/100)]
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "creates/s")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(errs.Load()), "errors")
	if errs.Load() > 0 {
		b.Errorf("%d errors, the first: %v", errs.Load(), firstErr.Load())
	}
}

// BenchmarkAnnotationList1000 reads one page of 1,000 annotations of the
// letter through the real server.
func BenchmarkAnnotationList1000(b *testing.B) {
	url, _, db := startTestServer(b)
	d := letterDoc(b, db)
	u := signedIn(b, db, "lister", sverka.RoleAnnotator)
	text := []rune(d.Text("ru").Text)
	ctx := context.Background()
	for i := range 1000 {
		s := (i * 7) % (len(text) - 10)
		a := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: u.user.ID,
			Body: fmt.Sprintf("note *%d*", i), Target: sverka.TextTarget{Lang: "ru", Start: s, End: s + 5}}
		if err := db.CreateAnnotation(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	client := &http.Client{}
	settle(b, db)
	b.ResetTimer()
	for b.Loop() {
		resp, err := client.Get(url + "/api/documents/117313/annotations/?page=0")
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || n < 100000 {
			b.Fatalf("got %d with %d bytes", resp.StatusCode, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/list")
}

// settle waits for the store's work after opening (loading the lexicons,
// indexing the seed) to end, so that a benchmark measures its requests
// and not that.
func settle(b *testing.B, db *store.DB) {
	b.Helper()
	if err := db.WaitIndexed(context.Background()); err != nil {
		b.Fatal(err)
	}
}
