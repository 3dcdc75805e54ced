package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"sverka/ingest"
	"sverka/store"
)

// TestAlignCommandLearnedDictionary: with --db naming a database whose corpus has
// confirmed links, sverka align aligns with the pairs learnt from them; with --db naming
// no database it aligns without and creates none.
func TestAlignCommandLearnedDictionary(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "sverka.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ru := "Пакет собран заново.\n\nСопровождающий загрузил пакет.\n\nПакет собран снова.\n\nСопровождающий проверил пакет.\n"
	en := "The package was rebuilt.\n\nThe maintainer uploaded the package.\n\nThe package was built again.\n\nThe maintainer checked the package.\n"
	d, err := ingest.Plain(ingest.PlainPair{ID: "pkg", Russian: ru, English: en})
	if err != nil {
		t.Fatal(err)
	}
	d.Public = true
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	if d, err = db.FindDocumentByID(ctx, "pkg"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ConfirmLinks(ctx, store.AlignmentEdit{DocumentID: "pkg", Revision: d.Revision}, 1, len(d.Links)); err != nil {
		t.Fatal(err)
	}
	pairs, err := db.LearnedPairs(ctx)
	db.Close()
	if err != nil || len(pairs) == 0 {
		t.Fatalf("got learned pairs %v (%v), want some", pairs, err)
	}
	texts := []string{"../../ingest/testdata/117313.ru.txt", "../../ingest/testdata/117313.en.txt"}
	noenv := func(string) string { return "" }
	var stderr bytes.Buffer
	if err := run(ctx, append([]string{"align", "--db", path}, texts...), noenv, nil, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	if want := "pairs=" + strconv.Itoa(len(pairs)); !strings.Contains(stderr.String(), want) {
		t.Errorf("got log %q, want the %d learned pairs used (%s)", stderr.String(), len(pairs), want)
	}

	missing := filepath.Join(dir, "none.db")
	stderr.Reset()
	if err := run(ctx, append([]string{"align", "--db", missing}, texts...), noenv, nil, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("sverka align created %s (%v)", missing, err)
	}
	if !strings.Contains(stderr.String(), "no database") {
		t.Errorf("got log %q, want it to say it aligns without a database", stderr.String())
	}
}
