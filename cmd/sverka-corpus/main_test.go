package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sverka"
	"sverka/corpus"
	"sverka/exchange"
	"sverka/ingest"
	"sverka/internal/storetest"
	"sverka/lexicon"
	"sverka/store"
)

// generateCorpus runs sverka-corpus into a new directory, or skips (fails under
// CI=true) without the Hunspell dictionaries.
func generateCorpus(t *testing.T, args ...string) (string, *corpus.Manifest) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	err := run(context.Background(), append(args, dir), io.Discard, io.Discard)
	if errors.Is(err, lexicon.ErrNoDictionary) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	m, err := corpus.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, m
}

// TestJSONCorpusImports generates a few annotated documents and imports
// them as sverka import does: every one is taken, with its notes and
// about one link per sentence pair.
func TestJSONCorpusImports(t *testing.T) {
	dir, m := generateCorpus(t, "-n", "4", "-vocabulary", "2000", "-long", "0", "-annotated", "1")
	db := storetest.Open(t)
	ctx := context.Background()
	if len(m.Documents) != 4 {
		t.Fatalf("got %d documents in the manifest, want 4", len(m.Documents))
	}
	for _, md := range m.Documents {
		archives, err := readJSON(filepath.Join(dir, md.ID+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Import(ctx, archives[0], false); err != nil {
			t.Fatalf("import %s: %v", md.ID, err)
		}
		d, err := db.FindDocumentByID(ctx, md.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(d.Links); n < md.Pairs*8/10 || n > md.Pairs*12/10 {
			t.Errorf("%s: got %d links for %d sentence pairs", md.ID, n, md.Pairs)
		}
		if strings.HasPrefix(d.Title, md.ID) || d.Date == "" {
			t.Errorf("%s: got title %q and date %q, want made-up ones", md.ID, d.Title, d.Date)
		}
		_, notes, err := db.FindAnnotations(ctx, store.AnnotationFilter{DocumentID: md.ID})
		if err != nil {
			t.Fatal(err)
		}
		if notes != md.Notes || notes == 0 {
			t.Errorf("%s: got %d notes, want the manifest's %d", md.ID, notes, md.Notes)
		}
	}
	if len(m.Queries.Common) == 0 || len(m.Queries.Rare) == 0 {
		t.Errorf("got queries %+v, want some of each kind", m.Queries)
	}
}

func TestPlainCorpusIsPairs(t *testing.T) {
	dir, m := generateCorpus(t, "-n", "2", "-vocabulary", "2000", "-long", "0", "-format", "plain")
	for _, md := range m.Documents {
		base := filepath.Join(dir, md.ID)
		d, err := ingest.PlainFiles(base+".ru.txt", base+".en.txt", "", "", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(d.Links); n < md.Pairs*8/10 || n > md.Pairs*12/10 {
			t.Errorf("%s: got %d links for %d sentence pairs", md.ID, n, md.Pairs)
		}
	}
}

// readJSON reads one generated Sverka JSON file.
func readJSON(path string) ([]*sverka.Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return exchange.ReadJSON(f)
}
