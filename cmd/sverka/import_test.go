package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"sverka"
	"sverka/store"
)

// copyFile copies a test file into dir under name.
func copyFile(t *testing.T, from, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func documentIDs(t *testing.T, db string) []string {
	t.Helper()
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs, err := s.FindDocuments(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	slices.Sort(ids)
	return ids
}

// TestImportCommand imports a batch as a scholar would: the seed page again
// (skipped), a plain pair, a Sverka JSON export of another database, and
// broken files, which fail with their reason and leave nothing behind while
// the rest of the batch goes on.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "sverka.db")
	noenv := func(string) string { return "" }
	ctx := context.Background()
	page := copyFile(t, "../../ingest/testdata/117313-filippov-to-mao-1950-10-05.txt", dir, "letter.txt")
	copyFile(t, "../../ingest/testdata/117313-filippov-to-mao-1950-10-05.edits.json", dir, "letter.edits.json")
	ru := copyFile(t, "../../ingest/testdata/117313.ru.txt", dir, "letter-plain.ru.txt")
	en := copyFile(t, "../../ingest/testdata/117313.en.txt", dir, "letter-plain.en.txt")
	clash := copyFile(t, "../../ingest/testdata/117313.ru.txt", dir, "117313.ru.txt")
	copyFile(t, "../../ingest/testdata/117313.en.txt", dir, "117313.en.txt")
	broken := filepath.Join(dir, "broken.txt")
	if err := os.WriteFile(broken, []byte("# A title\n\n\xc2\xe0\xf8 \xee\xf2\xe2\xe5\xf2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lonely := copyFile(t, "../../ingest/testdata/117313.ru.txt", dir, "lonely.ru.txt")

	// A JSON export of a second database holding the plain pair.
	other := filepath.Join(dir, "other.db")
	if err := run(ctx, []string{"import", "--db", other, "--id", "plain-7", "--title", "Plain seven", ru, en}, noenv, nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(dir, "plain-7.json")
	if err := run(ctx, []string{"export", "--db", other, "--output", export, "plain-7"}, noenv, nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	args := []string{"import", "--db", db, page, ru, en, broken, export, clash, strings.TrimSuffix(clash, ".ru.txt") + ".en.txt", lonely}
	err := run(ctx, args, noenv, nil, &out, &bytes.Buffer{})
	if err == nil {
		t.Fatal("got no error for a batch with broken files")
	}
	summary := out.String()
	for _, want := range []string{
		"skipped   117313 (" + page + ")",
		"failed    " + broken + ": invalid UTF-8 at byte 11",
		"a different document 117313 is already present",
		lonely + ": a Russian text without its English",
		"imported 2, skipped 1 (already present), failed 3",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary)
		}
	}
	if got, want := strings.Join(documentIDs(t, db), " "), "117313 letter-plain plain-7"; got != want {
		t.Errorf("got documents %s, want %s", got, want)
	}

	// Importing the same batch again duplicates nothing.
	out.Reset()
	if err := run(ctx, []string{"import", "--db", db, page, ru, en, export}, noenv, nil, &out, &bytes.Buffer{}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "imported 0, skipped 3 (already present), failed 0") {
		t.Errorf("got %s, want everything skipped", out.String())
	}
	if got := len(documentIDs(t, db)); got != 3 {
		t.Errorf("got %d documents, want 3", got)
	}
}

func TestImportCommandUsage(t *testing.T) {
	noenv := func(string) string { return "" }
	db := filepath.Join(t.TempDir(), "sverka.db")
	for _, args := range [][]string{
		{"import", "--db", db},
		{"import", "--db", db, "--id", "x", "a.txt"},
		{"align", "only-one.txt"},
	} {
		if err := run(context.Background(), args, noenv, nil, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
			t.Errorf("%v: got no error", args)
		}
	}
}

// TestAlignCommand aligns the letter's plain texts: one line per link,
// Russian, a tab, English.
func TestAlignCommand(t *testing.T) {
	var out bytes.Buffer
	args := []string{"align", "../../ingest/testdata/117313.ru.txt", "../../ingest/testdata/117313.en.txt"}
	if err := run(context.Background(), args, func(string) string { return "" }, nil, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 22 {
		t.Fatalf("got %d lines, want the letter's 22 links", len(lines))
	}
	if want := "Баш ответ получил.\tI received your reply."; lines[1] != want {
		t.Errorf("got line 2 %q, want %q", lines[1], want)
	}
	for i, l := range lines {
		if strings.Count(l, "\t") != 1 {
			t.Errorf("line %d has %d tabs, want 1: %q", i+1, strings.Count(l, "\t"), l)
		}
	}
}

// TestImportReplaceKeepsAnnotations re-imports a corrected page with
// --replace: the texts are the new ones and the note is still on its words.
func TestImportReplaceKeepsAnnotations(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "sverka.db")
	ctx := context.Background()
	noenv := func(string) string { return "" }
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(ctx, "vera", sverka.RoleAnnotator, "")
	if err != nil {
		t.Fatal(err)
	}
	// ByQuote: the store finds the words by their quote.
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, Body: "the key question", CreatorID: u.ID,
		Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "Should we fear this?"}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	db.Close()

	raw, err := os.ReadFile("../../ingest/testdata/117313-filippov-to-mao-1950-10-05.txt")
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "letter.txt")
	changed := strings.Replace(string(raw), "I received your reply.", "I have received your reply.", 1)
	if err := os.WriteFile(page, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	copyFile(t, "../../ingest/testdata/117313-filippov-to-mao-1950-10-05.edits.json", dir, "letter.edits.json")

	var out bytes.Buffer
	if err := run(ctx, []string{"import", "--db", dbPath, page}, noenv, nil, &out, &bytes.Buffer{}); err == nil {
		t.Fatalf("without --replace: got no error\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "--db", dbPath, page, "--replace"}, noenv, nil, &out, &bytes.Buffer{}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "1 annotations kept, 1 moved with their words, 0 orphaned") {
		t.Errorf("got summary %s", out.String())
	}
	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	after, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.FindAnnotationByID(ctx, note.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if words := string([]rune(after.Text("en").Text)[got.Target.Start:got.Target.End]); words != "Should we fear this?" || !strings.Contains(after.Text("en").Text, "I have received") {
		t.Errorf("the note now sits on %q", words)
	}
	// The same page again changes nothing.
	out.Reset()
	if err := run(ctx, []string{"import", "--db", dbPath, "--replace", page}, noenv, nil, &out, &bytes.Buffer{}); err != nil || !strings.Contains(out.String(), "skipped 1") {
		t.Errorf("again: got %v\n%s", err, out.String())
	}
}

// TestImportRefusesBadLanguage imports a Sverka JSON archive whose Russian
// text says it is in a language no BCP 47 tag names: a path that would
// escape the txt export's zip, a code that breaks TEI's attributes, a word
// the reading view's routes use. Each is refused and nothing is imported.
func TestImportRefusesBadLanguage(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	noenv := func(string) string { return "" }
	ru := copyFile(t, "../../ingest/testdata/117313.ru.txt", dir, "pair.ru.txt")
	en := copyFile(t, "../../ingest/testdata/117313.en.txt", dir, "pair.en.txt")
	other := filepath.Join(dir, "other.db")
	if err := run(ctx, []string{"import", "--db", other, "--id", "pair", "--title", "A pair", ru, en}, noenv, nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(dir, "pair.json")
	if err := run(ctx, []string{"export", "--db", other, "--output", export, "pair"}, noenv, nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	archive, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "sverka.db")
	for _, lang := range []string{"x/../../../../tmp/zipslip", `e"n <x>`, "source", "RU"} {
		quoted, _ := json.Marshal(lang)
		hostile := filepath.Join(dir, "hostile.json")
		if err := os.WriteFile(hostile, bytes.ReplaceAll(archive, []byte(`"ru"`), quoted), 0o644); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err := run(ctx, []string{"import", "--db", db, hostile}, noenv, nil, &out, &bytes.Buffer{})
		if err == nil || !strings.Contains(out.String(), "lang:") {
			t.Errorf("language %q: got %v\n%s\nwant the import refused for its language", lang, err, out.String())
		}
		if got := documentIDs(t, db); slices.Contains(got, "pair") {
			t.Fatalf("language %q: the document was imported", lang)
		}
	}
}

func TestProgressLine(t *testing.T) {
	p := &progress{total: 100}
	for _, tc := range []struct {
		i       int
		elapsed time.Duration
		want    []string
	}{
		{0, 0, []string{"[" + strings.Repeat(" ", 30) + "] 1/100"}},
		{50, 10 * time.Second, []string{"[" + strings.Repeat("#", 15), "51/100", "5.0/s", "ETA 10s"}},
		{99, 99 * time.Second, []string{"100/100", "1.0/s", "ETA 1s"}},
	} {
		got := p.line(tc.i, "gen-00001.json", tc.elapsed)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("after %d in %s: got %q, want %q in it", tc.i, tc.elapsed, got, w)
			}
		}
	}
}

// TestImportReplaceRefusesNewerWork replaces the letter with Sverka JSON
// archives of it: one exported before a note was added, and one without a
// colleague's private note, are refused and lose nothing; an archive that
// has everything replaces it.
func TestImportReplaceRefusesNewerWork(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "sverka.db")
	ctx := context.Background()
	noenv := func(string) string { return "" }
	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append(args, "--db", dbPath), noenv, nil, &out, &bytes.Buffer{})
		return out.String(), err
	}
	annotate := func(private bool, text string) {
		t.Helper()
		db, err := store.Open(ctx, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		u, err := db.FindUserByName(ctx, "vera")
		if errors.Is(err, sverka.ErrNotFound) {
			u, err = db.CreateUser(ctx, "vera", sverka.RoleAnnotator, "")
		}
		if err != nil {
			t.Fatal(err)
		}
		note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, Body: text, CreatorID: u.ID, Private: private,
			Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "Should we fear this?"}}
		if err := db.CreateAnnotation(ctx, note); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		t.Helper()
		db, err := store.Open(ctx, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		u, _ := db.FindUserByName(ctx, "vera")
		_, n, err := db.FindAnnotations(ctx, store.AnnotationFilter{DocumentID: "117313", ViewerID: u.ID, IncludeDeleted: true})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	export := func(name string, as ...string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if out, err := cli(append([]string{"export", "--output", p, "117313"}, as...)...); err != nil {
			t.Fatalf("export: %v\n%s", err, out)
		}
		return p
	}
	annotate(false, "first")
	old := export("old.json")
	annotate(false, "made after the export")
	if out, err := cli("import", "--replace", old); err == nil || !strings.Contains(out, "work this archive lacks") || count() != 2 {
		t.Fatalf("replace with an older archive: got %v, %d notes\n%s\nwant a refusal and both notes kept", err, count(), out)
	}
	anonymous := export("anonymous.json")
	annotate(true, "vera's private note")
	if out, err := cli("import", "--replace", anonymous); err == nil || count() != 3 {
		t.Fatalf("replace with an archive without a private note: got %v, %d notes\n%s\nwant a refusal and three notes kept", err, count(), out)
	}
	full := export("full.json", "--as", "vera")
	if out, err := cli("import", "--replace", full); err != nil || count() != 3 {
		t.Fatalf("replace with an archive that has everything: got %v, %d notes\n%s", err, count(), out)
	}
}

// TestImportCommandLeavesDocumentsSearchable: sverka import leaves the
// search index to the background indexer, and waits for it before it
// exits, so a server started next finds the documents at once.
func TestImportCommandLeavesDocumentsSearchable(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "sverka.db")
	ru := copyFile(t, "../../ingest/testdata/117313.ru.txt", dir, "pair.ru.txt")
	en := copyFile(t, "../../ingest/testdata/117313.en.txt", dir, "pair.en.txt")
	ctx := context.Background()
	if err := run(ctx, []string{"import", "--db", db, ru, en}, func(string) string { return "" }, nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Search(ctx, store.SearchQuery{Text: "Кореи"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Indexing != nil || len(res.Hits) == 0 {
		t.Errorf("got %d hits, indexing %+v right after the import; want hits and nothing left to index", len(res.Hits), res.Indexing)
	}
}
