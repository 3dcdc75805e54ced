package main

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sverka/anno"
	"sverka/internal/goldtest"
	"sverka/store"
)

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errs bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errs)
	return out.String(), err
}

// TestExportImportCommands exports the seeded letter with the gold
// corrections accepted and every kind of annotation as Sverka JSON to a
// file, as boris (whose private note goes with it), imports it into a
// second database with sverka import --replace (refused without replace),
// and checks that exporting again gives the same bytes on standard output.
func TestExportImportCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	for _, p := range []string{a, b} {
		if _, err := runCLI(t, "migrate", "--db", p, "up"); err != nil {
			t.Fatal(err)
		}
	}
	adb, err := store.Open(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	f, err := goldtest.Annotate(ctx, adb)
	adb.Close()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "letter.json")
	if _, err := runCLI(t, "export", "--db", a, "--as", "boris", "--output", file, "117313"); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI(t, "import", "--db", b, file); err == nil || !strings.Contains(out, "--replace") {
		t.Fatalf("import over a present document: got %v, %q; want it refused, mentioning --replace", err, out)
	}
	if !bytes.Contains(first, []byte(f.PrivateNote)) {
		t.Fatal("the export --as boris lacks his private note")
	}
	out, err := runCLI(t, "import", "--db", b, "--replace", file)
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !strings.Contains(out, "new users  anna, vera, boris") || !strings.Contains(out, "imported 1,") {
		t.Errorf("got summary %q, want the document imported and the three authors created", out)
	}
	if anon, err := runCLI(t, "export", "--db", b, "117313"); err != nil || strings.Contains(anon, f.PrivateNote) {
		t.Errorf("an anonymous export after the import: error %v, private note in it: %v", err, strings.Contains(anon, f.PrivateNote))
	}
	second, err := runCLI(t, "export", "--db", b, "--as", "boris", "--format", "json", "117313")
	if err != nil {
		t.Fatal(err)
	}
	if second != string(first) {
		t.Errorf("export after import differs: %d bytes, want %d", len(second), len(first))
	}
	// Broken archives fail with the file's name and change nothing.
	for name, b2 := range map[string][]byte{
		"truncated.json": first[:len(first)/2],
		"badreply.json":  bytes.Replace(first, []byte(`"replyTo":44,`), []byte(`"replyTo":99,`), 1),
		"badtime.json":   bytes.Replace(first, []byte(`"created":"2`), []byte(`"created":"x`), 1),
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b2, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := runCLI(t, "import", "--db", b, "--replace", p)
		if err == nil || !strings.Contains(out, name) {
			t.Errorf("import %s: got error %v and output %q, want a failure naming the file", name, err, out)
		}
	}
	if again, _ := runCLI(t, "export", "--db", b, "--as", "boris", "117313"); again != string(first) {
		t.Error("a failed import changed the database")
	}
}

func TestExportRefuses(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if _, err := runCLI(t, "migrate", "--db", db, "up"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"unknown format", []string{"export", "--db", db, "--format", "docx"}},
		{"missing document", []string{"export", "--db", db, "nosuchdoc"}},
		{"missing database", []string{"export", "--db", filepath.Join(dir, "none.db")}},
		{"unknown user", []string{"export", "--db", db, "--as", "nobody"}},
		{"w3c without a base URL", []string{"export", "--db", db, "--format", "w3c"}},
		{"tei with a base URL that is not an origin", []string{"export", "--db", db, "--format", "tei", "--base-url", "/sverka"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runCLI(t, tc.args...)
			if err == nil {
				t.Errorf("got no error, want one")
			}
			if out != "" && tc.name != "missing document" {
				t.Errorf("got output %q, want none", out)
			}
		})
	}
}

// TestExportBaseURL: a W3C export made with --base-url names everything by
// absolute IRIs on it, as a JSON-LD processor (json-gold, with the Web
// Annotation context and Sverka's) expands it.
func TestExportBaseURL(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "a.db")
	if _, err := runCLI(t, "migrate", "--db", db, "up"); err != nil {
		t.Fatal(err)
	}
	sdb, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = goldtest.Annotate(ctx, sdb)
	sdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://sverka.example.org"
	out, err := runCLI(t, "export", "--db", db, "--format", "w3c", "--base-url", base+"/", "117313")
	if err != nil {
		t.Fatal(err)
	}
	expanded, err := anno.Expand([]byte(out), base)
	if err != nil {
		t.Fatal(err)
	}
	n, onBase := 0, 0
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, y := range x {
				if id, ok := y.(string); ok && k == "@id" {
					n++
					if u, err := url.Parse(id); !strings.HasPrefix(id, "_:") && (err != nil || u.Scheme == "") {
						t.Errorf("the expanded export names %q, not an absolute IRI", id)
					}
					if strings.HasPrefix(id, base+"/") {
						onBase++
					}
				}
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(expanded)
	if n < 10 || onBase < n/2 {
		t.Errorf("the expanded export names %d IRIs, %d on %s; the letter's annotations name more", n, onBase, base)
	}
}
