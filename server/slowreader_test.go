package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"sverka"
	"sverka/internal/loadtest"
)

// mixedLoad sends authenticated reads and writes from four clients for d
// and records their latencies: every one of them needs the database (the
// token is checked in it), so a starved connection pool shows.
func mixedLoad(t *testing.T, base string, p principal, d time.Duration, note func(i int) string) *loadtest.Latencies {
	t.Helper()
	lat := loadtest.NewLatencies()
	client := &http.Client{Timeout: 5 * time.Second}
	kinds := []struct {
		name, method, target string
	}{
		{"document", http.MethodGet, "/api/documents/117313"},
		{"annotations", http.MethodGet, "/api/documents/117313/annotations"},
		{"me", http.MethodGet, "/api/me"},
		{"write", http.MethodPost, "/api/documents/small/annotations/"},
	}
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; time.Now().Before(deadline); i += 4 {
				k := kinds[i%len(kinds)]
				var body io.Reader
				if k.method == http.MethodPost {
					body = strings.NewReader(note(i))
				}
				req, _ := http.NewRequest(k.method, base+k.target, body)
				req.Host = strings.TrimPrefix(testBase, "http://")
				for j, h := 0, p.withBearer("Content-Type", "application/ld+json"); j+1 < len(h); j += 2 {
					req.Header.Set(h[j], h[j+1])
				}
				start := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				lat.Add(k.name, time.Since(start), err == nil && resp.StatusCode < 300)
			}
		}()
	}
	wg.Wait()
	return lat
}

// TestSlowReadersDoNotFreezeTheServer has six clients ask for a large
// export (more than the readers' pool has connections) and read none of it, then
// measures other clients' requests against a baseline taken just before:
// they must all succeed, with a p99 not much worse.
func TestSlowReadersDoNotFreezeTheServer(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test")
	}
	base, _, db := startTestServer(t)
	ctx := context.Background()
	big := loadtest.Document("big", 15000, 1)
	small := loadtest.Document("small", 20, 2) // written to, so that the reads read the same throughout
	for _, d := range []*sverka.Document{big, small} {
		if err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	p := signedIn(t, db, "loader", sverka.RoleAnnotator)
	seg := small.Texts[0].Segments[0]
	exact := string([]rune(small.Texts[0].Text)[seg.Start:seg.End])
	note := func(i int) string {
		return noteBody("small", "ru", seg.Start, seg.End, exact, fmt.Sprintf("load %d", i))
	}

	baseline := mixedLoad(t, base, p, 2*time.Second, note)
	t.Logf("baseline:\n%s", baseline)
	u, _ := url.Parse(base)
	var slow []*loadtest.SlowClient
	for range 6 {
		sc, err := loadtest.StartSlowClient(u.Host, "/api/documents/big/export?format=tei", "Authorization", "Bearer "+p.bearer)
		if err != nil {
			t.Fatal(err)
		}
		defer sc.Close()
		slow = append(slow, sc)
	}
	// While the exports are made, they compete for the processor; what
	// must not happen is that stalled ones keep others from the database.
	building := mixedLoad(t, base, p, time.Second, note)
	t.Logf("while 6 exports are made:\n%s", building)
	for _, sc := range slow {
		if err := sc.WaitForAnswer(20 * time.Second); err != nil {
			t.Fatalf("an export did not begin: %v", err)
		}
	}
	loaded := mixedLoad(t, base, p, 2*time.Second, note)
	t.Logf("with 6 stalled exports:\n%s", loaded)
	for _, l := range []*loadtest.Latencies{building, loaded} {
		for _, k := range l.Kinds() {
			if ok, failed := l.Count(k); failed > 0 || ok == 0 {
				t.Errorf("%s: %d succeeded, %d failed (timed out) beside exports", k, ok, failed)
			}
		}
	}
	// Stalled exports hold connections, not the database: another export
	// is made and sent meanwhile.
	req, _ := http.NewRequest(http.MethodGet, base+"/api/documents/small/export?format=tei", nil)
	req.Header.Set("Authorization", "Bearer "+p.bearer)
	if resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("an export beside six stalled ones: got %v, %v", resp, err)
	} else {
		resp.Body.Close()
	}
	before, after := baseline.Quantile("", 0.99), loaded.Quantile("", 0.99)
	t.Logf("p99 of all requests: %v before, %v beside six stalled exports", before, after)
	if after > 4*before+250*time.Millisecond {
		t.Errorf("p99 went from %v to %v beside stalled exports", before, after)
	}
}
