package loadtest_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"sverka"
	"sverka/corpus"
	"sverka/ingest"
	"sverka/internal/storetest"
	"sverka/lexicon"
	"sverka/loadtest"
	"sverka/server"
	"sverka/store"
)

// TestRunMixesRequestsWithoutErrors loads a real server holding a few
// generated documents and checks that every kind of request was sent and
// answered, that the writes are notes in the database, and that the
// bound on requests holds.
func TestRunMixesRequestsWithoutErrors(t *testing.T) {
	ctx := context.Background()
	ru, en, err := corpus.ReadDictionaries(2000, rand.New(rand.NewPCG(1, 1)))
	if errors.Is(err, lexicon.ErrNoDictionary) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t)
	g := corpus.New(ru, en, 1)
	m := &corpus.Manifest{}
	for i, pairs := range []int{20, 35, 60} {
		cd := g.Document("load-"+string(rune('a'+i)), pairs)
		d, err := ingest.Plain(ingest.PlainPair{ID: cd.ID, Title: cd.Title, Russian: cd.Russian, English: cd.English})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ImportDocument(ctx, &sverka.Archive{Document: d}, false); err != nil {
			t.Fatal(err)
		}
		m.Documents = append(m.Documents, corpus.ManifestDocument{ID: cd.ID, Pairs: pairs})
	}
	m.Queries = g.Queries(4)
	u, err := db.CreateUser(ctx, "loader", sverka.RoleAnnotator, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	token, err := db.CreateToken(ctx, u.ID, "load test")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	rep, err := loadtest.Run(ctx, loadtest.Config{
		BaseURL: ts.URL, Clients: 4, Duration: 15 * time.Second, Requests: 150, Mix: [3]int{60, 25, 15},
		Token: token, Manifest: m, PID: os.Getpid(), Baseline: 200 * time.Millisecond, ReadAll: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := rep.Mixed.ErrorCount(); n > 0 {
		t.Errorf("got %d errors, want none: %v", n, rep.Mixed.FirstErrors)
	}
	if got := rep.Mixed.Count(); got != 150 {
		t.Errorf("got %d requests answered, want the 150 asked", got)
	}
	for _, kind := range []string{"read", "search", "write"} {
		if rep.Mixed.Percentile(0.5, kind) == 0 {
			t.Errorf("no %s request was answered", kind)
		}
	}
	notes := 0
	for _, d := range m.Documents {
		_, n, err := db.FindAnnotations(ctx, store.AnnotationFilter{DocumentID: d.ID, ViewerID: u.ID})
		if err != nil {
			t.Fatal(err)
		}
		notes += n
	}
	if want := len(rep.Mixed.Latencies["write note"]); notes != want {
		t.Errorf("got %d notes in the database, want the %d written", notes, want)
	}
	if got := rep.ReadAll.Count(); got != 2*len(m.Documents) {
		t.Errorf("reading every document made %d requests, want %d", got, 2*len(m.Documents))
	}
	if rep.Baseline.Count() == 0 || len(rep.Baseline.Latencies) != 1 || rep.Baseline.ErrorCount() > 0 {
		t.Errorf("baseline: got %d requests of kinds %v, %d errors; want only the static file, without error", rep.Baseline.Count(), rep.Baseline.Latencies, rep.Baseline.ErrorCount())
	}
	if rep.Mixed.RSSPeak < 1<<20 {
		t.Errorf("got a peak RSS of %d bytes, want this process's", rep.Mixed.RSSPeak)
	}
	if rep.Mixed.CPU <= 0 {
		t.Errorf("got %s of processor time for the mix, want what this process (the server) spent", rep.Mixed.CPU)
	}
	var out strings.Builder
	rep.Print(&out)
	for _, want := range []string{"write note", "search ", "read page", "mixed throughput is", "ms a request"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunRefusesABadMix(t *testing.T) {
	m := &corpus.Manifest{Documents: []corpus.ManifestDocument{{ID: "x"}}}
	for _, mix := range [][3]int{{70, 20, 20}, {110, -10, 0}} {
		_, err := loadtest.Run(context.Background(), loadtest.Config{BaseURL: "http://127.0.0.1:1", Clients: 1, Duration: time.Second, Mix: mix, Token: "t", Manifest: m})
		if !errors.Is(err, loadtest.ErrConfig) {
			t.Errorf("mix %v: got %v, want ErrConfig", mix, err)
		}
	}
}
