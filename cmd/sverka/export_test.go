package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sverka/store"
)

func sverka(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errs bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errs)
	return out.String(), err
}

// TestExportImportCommands exports the seeded letter as Sverka JSON to a
// file, imports it into a second database (refused without replace), and
// checks that exporting again gives the same bytes on standard output.
func TestExportImportCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	for _, p := range []string{a, b} {
		if _, err := sverka(t, "migrate", "--db", p, "up"); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, "letter.json")
	if _, err := sverka(t, "export", "--db", a, "--output", file, "117313"); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	err = importSverkaJSON(ctx, db, bytes.NewReader(first), file, false, io.Discard)
	if !errors.Is(err, store.ErrConflict) || !strings.Contains(err.Error(), "--replace") {
		t.Fatalf("import over a present document: got %v, want ErrConflict mentioning --replace", err)
	}
	if err := importSverkaJSON(ctx, db, bytes.NewReader(first), file, true, io.Discard); err != nil {
		t.Fatal(err)
	}
	db.Close()
	second, err := sverka(t, "export", "--db", b, "--format", "json", "117313")
	if err != nil {
		t.Fatal(err)
	}
	if second != string(first) {
		t.Errorf("export after import differs: %d bytes, want %d", len(second), len(first))
	}
}

func TestExportRefuses(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if _, err := sverka(t, "migrate", "--db", db, "up"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"unknown format", []string{"export", "--db", db, "--format", "docx"}},
		{"missing document", []string{"export", "--db", db, "nosuchdoc"}},
		{"missing database", []string{"export", "--db", filepath.Join(dir, "none.db")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := sverka(t, tc.args...)
			if err == nil {
				t.Errorf("got no error, want one")
			}
			if out != "" && tc.name != "missing document" {
				t.Errorf("got output %q, want none", out)
			}
		})
	}
}
