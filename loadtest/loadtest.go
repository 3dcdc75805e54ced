// Package loadtest drives a running Sverka server from many clients at
// once with a mix of reads (document pages, the document API, the
// document list), searches and annotation writes, bounded in time and in
// requests, and measures throughput, latency percentiles by kind, errors
// and the server's memory.
package loadtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"sverka/corpus"
)

// Config says what to load and for how long.
type Config struct {
	// BaseURL is the server's origin, such as "http://127.0.0.1:8080".
	BaseURL string
	// Clients is the number of clients sending requests one after another.
	Clients int
	// Duration and Requests bound the run; whichever comes first ends it
	// (Requests 0: no bound).
	Duration time.Duration
	Requests int
	// Mix is the percentage of reads, searches and writes; they add to 100.
	Mix [3]int
	// Token is an API token of an annotator, for writes.
	Token string
	// Manifest names the documents and queries (see corpus.Manifest).
	Manifest *corpus.Manifest
	// PID is the server's process, whose resident memory is sampled (0: none).
	PID int
	// Baseline runs the same clients for this long on a static file first,
	// through the same server and middleware (0: no baseline).
	Baseline time.Duration
	// ReadAll first reads every document once, as a page and through the
	// API, before the baseline and the mix.
	ReadAll bool
	// Seed fixes the choice of requests.
	Seed uint64
}

// ErrConfig means the load test was asked something it cannot do.
var ErrConfig = errors.New("bad load test configuration")

// request is one request to send and the kind it is counted under.
type request struct {
	kind, method, path, body string
}

// target is a word of a document that a write may annotate.
type target struct {
	doc, lang  string
	start, end int
	exact      string
}

// Run runs the baseline (if asked) and the mixed load, and reports both.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Mix[0]+cfg.Mix[1]+cfg.Mix[2] != 100 || cfg.Mix[0] < 0 || cfg.Mix[1] < 0 || cfg.Mix[2] < 0 {
		return nil, fmt.Errorf("mix %v: percentages of reads, searches and writes must add up to 100: %w", cfg.Mix, ErrConfig)
	}
	if cfg.Clients < 1 || cfg.Duration <= 0 {
		return nil, fmt.Errorf("at least one client and a duration are needed: %w", ErrConfig)
	}
	if cfg.Mix[2] > 0 && cfg.Token == "" {
		return nil, fmt.Errorf("writes need an API token of an annotator: %w", ErrConfig)
	}
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: cfg.Clients, MaxConnsPerHost: cfg.Clients},
	}
	defer client.CloseIdleConnections()
	mix, err := newMix(ctx, client, cfg)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	if cfg.ReadAll {
		var n atomic.Int64
		docs := cfg.Manifest.Documents
		all := cfg
		all.Requests = 2 * len(docs)
		rep.ReadAll = phase(ctx, client, all, 24*time.Hour, func(*rand.Rand) request {
			i := int(n.Add(1)-1) % (2 * len(docs))
			if i%2 == 0 {
				return request{kind: "read page", method: http.MethodGet, path: "/documents/" + url.PathEscape(docs[i/2].ID)}
			}
			return request{kind: "read api", method: http.MethodGet, path: "/api/documents/" + url.PathEscape(docs[i/2].ID)}
		})
	}
	if cfg.Baseline > 0 {
		static := mix.static
		rep.Baseline = phase(ctx, client, cfg, cfg.Baseline, func(*rand.Rand) request { return static })
	}
	rep.Mixed = phase(ctx, client, cfg, cfg.Duration, mix.next)
	return rep, ctx.Err()
}

// mix draws requests in the proportions asked.
type mix struct {
	cfg     Config
	static  request
	queries [][2]string
	targets []target
}

// newMix prepares what requests need: the URL of a static file, the
// queries, and words of some documents to annotate.
func newMix(ctx context.Context, client *http.Client, cfg Config) (*mix, error) {
	m := &mix{cfg: cfg, queries: cfg.Manifest.Queries.All()}
	if len(m.queries) == 0 && cfg.Mix[1] > 0 {
		return nil, errors.New("the manifest has no queries")
	}
	page, err := fetch(ctx, client, cfg.BaseURL+"/documents/"+cfg.Manifest.Documents[0].ID)
	if err != nil {
		return nil, fmt.Errorf("the server does not serve the corpus (import it first?): %w", err)
	}
	css := regexp.MustCompile(`/static/[0-9a-f]+/[^"]+\.css`).FindString(string(page))
	if css == "" {
		return nil, errors.New("no stylesheet link in the document page")
	}
	m.static = request{kind: "static", method: http.MethodGet, path: css}
	if cfg.Mix[2] == 0 {
		return m, nil
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 7))
	for i := 0; i < 20; i++ {
		doc := cfg.Manifest.Documents[rng.IntN(len(cfg.Manifest.Documents))].ID
		b, err := fetch(ctx, client, cfg.BaseURL+"/api/documents/"+url.PathEscape(doc))
		if err != nil {
			return nil, err
		}
		var d struct {
			Texts []struct{ Lang, Text string }
		}
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, fmt.Errorf("document %s: %w", doc, err)
		}
		for _, t := range d.Texts {
			m.targets = append(m.targets, words(doc, t.Lang, t.Text, 50, rng)...)
		}
	}
	if len(m.targets) == 0 {
		return nil, errors.New("no words to annotate in the documents")
	}
	return m, nil
}

// next draws one request.
func (m *mix) next(rng *rand.Rand) request {
	docs := m.cfg.Manifest.Documents
	doc := url.PathEscape(docs[rng.IntN(len(docs))].ID)
	switch r := rng.IntN(100); {
	case r < m.cfg.Mix[0]:
		switch k := rng.IntN(10); {
		case k == 0:
			return request{kind: "read list", method: http.MethodGet, path: "/"}
		case k < 5:
			return request{kind: "read api", method: http.MethodGet, path: "/api/documents/" + doc}
		}
		return request{kind: "read page", method: http.MethodGet, path: "/documents/" + doc}
	case r < m.cfg.Mix[0]+m.cfg.Mix[1]:
		q := m.queries[rng.IntN(len(m.queries))]
		return request{kind: "search " + q[0], method: http.MethodGet, path: "/search?q=" + url.QueryEscape(q[1])}
	}
	t := m.targets[rng.IntN(len(m.targets))]
	body, _ := json.Marshal(map[string]any{
		"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "motivation": "commenting",
		"body": map[string]any{"type": "TextualBody", "value": "Load test note", "format": "text/markdown"},
		"target": map[string]any{
			"type":   "SpecificResource",
			"source": m.cfg.BaseURL + "/documents/" + t.doc + "/" + t.lang,
			"selector": []any{
				map[string]any{"type": "TextPositionSelector", "start": t.start, "end": t.end},
				map[string]any{"type": "TextQuoteSelector", "exact": t.exact},
			},
		},
	})
	return request{kind: "write note", method: http.MethodPost, path: "/api/documents/" + url.PathEscape(t.doc) + "/annotations/", body: string(body)}
}

// words picks up to n words of a text as annotation targets, at
// code-point offsets.
func words(doc, lang, text string, n int, rng *rand.Rand) []target {
	runes := []rune(text)
	var out []target
	for tries := 0; len(out) < n && tries < 10*n && len(runes) > 0; tries++ {
		s := rng.IntN(len(runes))
		for s > 0 && unicode.IsLetter(runes[s-1]) {
			s--
		}
		e := s
		for e < len(runes) && unicode.IsLetter(runes[e]) {
			e++
		}
		if e-s >= 2 {
			out = append(out, target{doc: doc, lang: lang, start: s, end: e, exact: string(runes[s:e])})
		}
	}
	return out
}

// phase runs cfg.Clients clients for d (or until cfg.Requests are sent),
// each sending the requests next draws one after another.
func phase(ctx context.Context, client *http.Client, cfg Config, d time.Duration, next func(*rand.Rand) request) *Phase {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	p := newPhase()
	stopRSS := p.sampleRSS(cfg.PID)
	var sent atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < cfg.Clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(cfg.Seed, uint64(c)))
			for ctx.Err() == nil {
				if cfg.Requests > 0 && sent.Add(1) > int64(cfg.Requests) {
					return
				}
				req := next(rng)
				t0 := time.Now()
				err := send(ctx, client, cfg, req)
				if ctx.Err() != nil && err != nil {
					p.cutShort(req.kind, time.Since(t0)) // still waiting when the phase ended
					return
				}
				p.record(req.kind, time.Since(t0), err)
			}
		}()
	}
	wg.Wait()
	p.Elapsed = time.Since(start)
	stopRSS()
	return p
}

// send sends one request and reads the whole answer; a status other than
// 2xx is an error.
func send(ctx context.Context, client *http.Client, cfg Config, r request) error {
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, cfg.BaseURL+r.path, body)
	if err != nil {
		return err
	}
	// Asked for by name, gzip is not inflated by the transport: the load
	// generator shares the server's cores, and inflating every page it is
	// sent (which a browser does, not the server) took CPU the server then
	// lacked.
	req.Header.Set("Accept-Encoding", "gzip")
	if r.body != "" {
		req.Header.Set("Content-Type", "application/ld+json")
		req.Header.Set("Authorization", "Bearer "+cfg.Token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s", r.method, r.path, resp.Status)
	}
	return nil
}

// fetch GETs a URL and returns its body, or an error unless 200.
func fetch(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return b, nil
}
