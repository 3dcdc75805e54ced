package exchange

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"sverka/store"
)

// openTest opens a fresh migrated database, which holds the seeded letter.
func openTest(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "sverka.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// documents exports ids (all if none) from db for viewer.
func documents(db *store.DB, viewer *store.User, ids ...string) Documents {
	return func(yield func(Source) error) error {
		return db.Export(context.Background(), ids, viewer, func(s *store.ExportSource) error { return yield(s) })
	}
}

// export writes ids from db in format name.
func export(t testing.TB, db *store.DB, name string, opt Options, ids ...string) []byte {
	t.Helper()
	f, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	opt.Corpus = len(ids) != 1
	if err := f.Write(&buf, documents(db, nil, ids...), opt); err != nil {
		t.Fatalf("export %s: %v", name, err)
	}
	return buf.Bytes()
}

func TestJSONRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	first := export(t, a, "json", Options{}, "117313")

	b := openTest(t)
	archives, err := ReadJSON(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if len(archives) != 1 {
		t.Fatalf("got %d documents, want 1", len(archives))
	}
	if err := b.ImportDocument(ctx, archives[0], false); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("import over the seeded letter without replace: got %v, want ErrConflict", err)
	}
	if err := b.ImportDocument(ctx, archives[0], true); err != nil {
		t.Fatal(err)
	}
	second := export(t, b, "json", Options{}, "117313")
	if !bytes.Equal(first, second) {
		t.Errorf("export, import --replace, export: %d bytes then %d bytes, first difference at byte %d", len(first), len(second), firstDiff(first, second))
	}
	// The whole-corpus export reads back too.
	if _, err := ReadJSON(bytes.NewReader(export(t, b, "json", Options{}))); err != nil {
		t.Fatal(err)
	}
}

func TestReadJSONRefuses(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"not json", "<tmx/>"},
		{"other format", `{"format":"other","version":1,"documents":[]}`},
		{"future version", `{"format":"sverka","version":99,"documents":[]}`},
		{"unknown key", `{"format":"sverka","version":1,"documents":[],"extra":1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ReadJSON(strings.NewReader(tc.in)); !errors.Is(err, ErrFormat) {
				t.Errorf("got %v, want ErrFormat", err)
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
