package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"sverka"
	"sverka/exchange"
	"sverka/internal/loadtest"
	"sverka/store"
)

// soakDocs is the corpus of the soak run: documents of 2,000 sentences a
// language, and one of 25,000 (a large export for the slow clients).
const soakDocs = 20

// BenchmarkSoak runs a real sverka server in a process of its own for
// SVERKA_SOAK (default 10m) under a mix of page and API reads, searches,
// annotation writes, exports of every format, and, for 30 s of every
// minute, six clients that ask for the largest export and read none of it.
// Every 10 s it samples the server's resident memory, its write-ahead log
// and the throughput; at the end, p99 per kind. Any failed request fails
// the run.
//
//	SVERKA_SOAK=10m go test -tags sqlite_fts5 -run '^$' -bench Soak -benchtime 1x -timeout 20m ./cmd/sverka
func BenchmarkSoak(b *testing.B) {
	d := 10 * time.Minute
	if v := os.Getenv("SVERKA_SOAK"); v != "" {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	dbPath := filepath.Join(b.TempDir(), "sverka.db")
	docs, token := soakCorpus(b, dbPath)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	server := child(b, "serve", "--addr", addr, "--db", dbPath, "--log-level", "warn")
	var serverLog bytes.Buffer
	server.Stderr = &serverLog
	if err := server.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		server.Process.Signal(syscall.SIGTERM)
		server.Wait()
		if serverLog.Len() > 0 {
			b.Logf("server log:\n%s", serverLog.String())
		}
	}()
	base := "http://" + addr
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Since(start) > 30*time.Second {
			b.Fatal("the server did not start")
		}
	}

	b.ResetTimer()
	lat := loadtest.NewLatencies()
	var done atomic.Int64
	runCtx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	work := func(kind string, n int, timeout time.Duration, req func(r *rand.Rand) (*http.Request, error)) {
		for w := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := &http.Client{Timeout: timeout}
				r := rand.New(rand.NewPCG(uint64(w), uint64(len(kind))))
				for runCtx.Err() == nil {
					hr, err := req(r)
					if err != nil {
						b.Error(err)
						return
					}
					hr.Header.Set("Authorization", "Bearer "+token)
					start := time.Now()
					resp, err := client.Do(hr)
					ok := err == nil
					if ok {
						_, err = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						ok = err == nil && resp.StatusCode < 300
					}
					if !ok && runCtx.Err() != nil {
						return // cut short by the end of the run
					}
					lat.Add(kind, time.Since(start), ok)
					done.Add(1)
				}
			}()
		}
	}
	get := func(format string, args ...func(r *rand.Rand) any) func(r *rand.Rand) (*http.Request, error) {
		return func(r *rand.Rand) (*http.Request, error) {
			vals := make([]any, len(args))
			for i, a := range args {
				vals[i] = a(r)
			}
			return http.NewRequest(http.MethodGet, base+fmt.Sprintf(format, vals...), nil)
		}
	}
	doc := func(r *rand.Rand) any { return docs[r.IntN(len(docs)-1)].ID } // not the large one
	word := func(r *rand.Rand) any {
		return []string{"ответ", "treaty", "граница", "council", "посол", "peace"}[r.IntN(6)]
	}
	formats := exchange.FormatNames()
	format := func(r *rand.Rand) any { return formats[r.IntN(len(formats))] }
	work("page", 2, 10*time.Second, get("/documents/%s", doc))
	work("api", 2, 10*time.Second, get("/api/documents/%s/annotations", doc))
	work("search", 1, 10*time.Second, get("/api/search?q=%s", word))
	work("export", 1, 60*time.Second, get("/api/documents/%s/export?format=%s", doc, format))
	work("write", 2, 10*time.Second, func(r *rand.Rand) (*http.Request, error) {
		d := docs[r.IntN(len(docs)-1)]
		lang := []string{"ru", "en"}[r.IntN(2)]
		t := d.Text(lang)
		seg := t.Segments[r.IntN(len(t.Segments))]
		exact := string([]rune(t.Text)[seg.Start:seg.End])
		body, _ := json.Marshal(map[string]any{"type": "Annotation", "motivation": "commenting",
			"body": map[string]any{"type": "TextualBody", "value": "soak note", "format": "text/markdown"},
			"target": map[string]any{"type": "SpecificResource", "source": base + "/documents/" + d.ID + "/" + lang,
				"selector": []any{map[string]any{"type": "TextPositionSelector", "start": seg.Start, "end": seg.End},
					map[string]any{"type": "TextQuoteSelector", "exact": exact}}}})
		req, err := http.NewRequest(http.MethodPost, base+"/api/documents/"+d.ID+"/annotations/", bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/ld+json")
		}
		return req, err
	})
	wg.Add(1)
	go func() { // slow clients: 30 s of every minute
		defer wg.Done()
		for runCtx.Err() == nil {
			var slow []*loadtest.SlowClient
			for range 6 {
				sc, err := loadtest.StartSlowClient(addr, "/api/documents/"+docs[len(docs)-1].ID+"/export?format=tei", "Authorization", "Bearer "+token)
				if err != nil {
					b.Error(err)
					return
				}
				slow = append(slow, sc)
			}
			select {
			case <-runCtx.Done():
			case <-time.After(30 * time.Second):
			}
			for _, sc := range slow {
				sc.Close()
			}
			select {
			case <-runCtx.Done():
			case <-time.After(30 * time.Second):
			}
		}
	}()

	var samples strings.Builder
	fmt.Fprintf(&samples, "%8s %10s %10s %10s\n", "time", "RSS MiB", "WAL MiB", "req/s")
	var maxRSS, maxWAL int64
	start, last, lastDone := time.Now(), time.Now(), int64(0)
	for tick := time.NewTicker(10 * time.Second); runCtx.Err() == nil; {
		select {
		case <-runCtx.Done():
		case <-tick.C:
		}
		rss, err := loadtest.RSS(server.Process.Pid)
		if err != nil {
			b.Error(err)
		}
		var wal int64
		if fi, err := os.Stat(dbPath + "-wal"); err == nil {
			wal = fi.Size()
		}
		maxRSS, maxWAL = max(maxRSS, rss), max(maxWAL, wal)
		n := done.Load()
		fmt.Fprintf(&samples, "%8v %10.1f %10.1f %10.1f\n", time.Since(start).Round(time.Second), float64(rss)/(1<<20), float64(wal)/(1<<20),
			float64(n-lastDone)/time.Since(last).Seconds())
		last, lastDone = time.Now(), n
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.Logf("soak of %v against a corpus of %d documents:\n%s\n%s", d, len(docs)+1, samples.String(), lat)
	for _, k := range lat.Kinds() {
		if _, failed := lat.Count(k); failed > 0 {
			b.Errorf("%s: %d requests failed", k, failed)
		}
		b.ReportMetric(float64(lat.Quantile(k, 0.99).Microseconds())/1000, "p99-"+k+"-ms")
	}
	b.ReportMetric(float64(done.Load())/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(maxRSS)/(1<<20), "max-RSS-MiB")
	b.ReportMetric(float64(maxWAL)/(1<<20), "max-WAL-MiB")
}

// soakCorpus fills the database at path with the soak corpus (the large
// document last) and returns its documents and an annotator's API token.
func soakCorpus(b *testing.B, path string) ([]*sverka.Document, string) {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var docs []*sverka.Document
	for i := range soakDocs + 1 {
		n := 2000
		if i == soakDocs {
			n = 25000
		}
		d := loadtest.Document(fmt.Sprintf("soak-%02d", i), n, uint64(i))
		if err := db.CreateDocument(ctx, d); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
	}
	u, err := db.CreateUser(ctx, "soak", sverka.RoleAnnotator, "")
	if err != nil {
		b.Fatal(err)
	}
	token, err := db.CreateToken(ctx, u.ID, "soak")
	if err != nil {
		b.Fatal(err)
	}
	return docs, token
}
