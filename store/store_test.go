package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"sverka"
	"sverka/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m, "", "") }

// testDSN names a new database for t, a SQLite file in a temporary folder or a new
// PostgreSQL database when the tests run on PostgreSQL (pgtest.On), and the folder of
// its page images.
func testDSN(t testing.TB) (dsn, images string) {
	t.Helper()
	if pgtest.On() {
		return pgtest.URL(t), t.TempDir()
	}
	return filepath.Join(t.TempDir(), "sverka.db"), ""
}

// openTest opens a real migrated database named by testDSN.
func openTest(t testing.TB, opts ...Option) *DB {
	t.Helper()
	dsn, images := testDSN(t)
	db, err := Open(context.Background(), dsn, append([]Option{WithImages(images)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestMigrateUpDownUp runs every migration up, all the way down and up again
// on a file database, and checks that the seed letter comes back.
func TestMigrateUpDownUp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sverka.db")
	count := func() int {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		docs, err := db.FindDocuments(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		return len(docs)
	}
	if got := count(); got != 1 {
		t.Fatalf("got %d documents after the first migration, want 1 (the seed)", got)
	}
	latest, dirty, err := MigrationVersion(path)
	if err != nil || dirty || latest < 2 {
		t.Fatalf("got version %d (dirty %v, err %v), want at least 2", latest, dirty, err)
	}
	if err := Migrate(path, "down"); err != nil {
		t.Fatal(err)
	}
	if v, _, err := MigrationVersion(path); err != nil || v != 0 {
		t.Fatalf("got version %d (err %v) after down, want 0", v, err)
	}
	if got := count(); got != 1 {
		t.Fatalf("got %d documents after down and up, want 1", got)
	}
	if v, _, _ := MigrationVersion(path); v != latest {
		t.Fatalf("got version %d, want %d", v, latest)
	}
	if err := Migrate(path, "sideways"); err == nil {
		t.Fatal("migrate sideways: got no error")
	}
}

// TestBaseTextsAreImmutable checks that the database itself refuses to
// rewrite a base text or a raw source.
func TestBaseTextsAreImmutable(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	for _, q := range []string{
		`UPDATE base_texts SET text = 'x' WHERE document_id = '117313' AND lang = 'ru'`,
		`UPDATE documents SET raw_source = 'x' WHERE id = '117313'`,
	} {
		_, err := db.writer.ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "immutable") {
			t.Errorf("%s: got %v, want an immutable error", q, err)
		}
	}
}

func TestCreateDocument(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	good := func() *sverka.Document {
		return &sverka.Document{
			ID: "doc-1", Title: "A test", SourceFormat: "plain", RawSource: "Ёлка. Дом.\n\nTree. House.",
			Texts: []sverka.BaseText{
				{Lang: "ru", Role: "original", Text: "Ёлка. Дом.", Segments: []sverka.Segment{{Start: 0, End: 5}, {Start: 6, End: 10}}},
				{Lang: "en", Role: "translation", Text: "Tree. House.", Segments: []sverka.Segment{{Start: 0, End: 5}, {Start: 6, End: 12}}},
			},
			Links: []sverka.Link{
				{Status: "auto", Segments: map[string][]int{"ru": {0}, "en": {0}}},
				{Status: "confirmed", Segments: map[string][]int{"ru": {1}, "en": {1}}},
			},
		}
	}
	if err := db.CreateDocument(ctx, good()); err != nil {
		t.Fatal(err)
	}
	d, err := db.FindDocumentByID(ctx, "doc-1")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Texts[0].Segments[0].Text; got != "Ёлка." {
		t.Errorf("got %q, want %q (offsets are code points)", got, "Ёлка.")
	}
	if err := db.CreateDocument(ctx, good()); !errors.Is(err, sverka.ErrConflict) {
		t.Errorf("second create: got %v, want ErrConflict", err)
	}
	bad := []struct {
		name   string
		change func(d *sverka.Document)
	}{
		{"bad id", func(d *sverka.Document) { d.ID = "../x" }},
		{"no title", func(d *sverka.Document) { d.Title = " " }},
		{"segment outside text", func(d *sverka.Document) { d.Texts[0].Segments[1].End = 99 }},
		{"segments out of order", func(d *sverka.Document) {
			d.Texts[0].Segments[0], d.Texts[0].Segments[1] = d.Texts[0].Segments[1], d.Texts[0].Segments[0]
		}},
		{"segment in no link", func(d *sverka.Document) { d.Links = d.Links[:1] }},
		{"link out of order", func(d *sverka.Document) { d.Links[0].Segments["ru"], d.Links[1].Segments["ru"] = []int{1}, []int{0} }},
		{"bad status", func(d *sverka.Document) { d.Links[0].Status = "maybe" }},
		{"empty link", func(d *sverka.Document) {
			d.Links = append(d.Links, sverka.Link{Status: "auto", Segments: map[string][]int{}})
		}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			d := good()
			d.ID = "doc-2"
			tc.change(d)
			if tc.name == "bad id" {
				d.ID = "../x"
			}
			var ve *sverka.ValidationError
			if err := db.CreateDocument(ctx, d); !errors.As(err, &ve) {
				t.Fatalf("got %v, want a ValidationError", err)
			}
			if _, err := db.FindDocumentByID(ctx, d.ID); !errors.Is(err, sverka.ErrNotFound) {
				t.Errorf("got %v, want nothing stored", err)
			}
		})
	}
}

// TestAnnotationIDsAreNeverReused: after the newest annotation goes away
// with its document, the next one gets a new id, so the audit trail of the
// old one (its history) never attaches to it.
func TestAnnotationIDsAreNeverReused(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, "author", sverka.RoleAnnotator, "")
	if err != nil {
		t.Fatal(err)
	}
	d := &sverka.Document{ID: "gone", Title: "Gone", SourceFormat: "plain", RawSource: "Да.\n\nYes.",
		Texts: []sverka.BaseText{
			{Lang: "ru", Role: "original", Text: "Да.", Segments: []sverka.Segment{{Start: 0, End: 3}}},
			{Lang: "en", Role: "translation", Text: "Yes.", Segments: []sverka.Segment{{Start: 0, End: 4}}},
		},
		Links: []sverka.Link{{Status: "auto", Segments: map[string][]int{"ru": {0}, "en": {0}}}},
	}
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	old := &sverka.Annotation{DocumentID: "gone", Motivation: sverka.MotivationNote, Body: "old", CreatorID: u.ID, Target: sverka.TextTarget{Lang: "en", Start: 0, End: 3}}
	if err := db.CreateAnnotation(ctx, old); err != nil {
		t.Fatal(err)
	}
	if _, err := db.writer.ExecContext(ctx, `DELETE FROM documents WHERE id = 'gone'`); err != nil {
		t.Fatal(err)
	}
	fresh := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, Body: "new", CreatorID: u.ID, Target: sverka.TextTarget{Lang: "en", Start: 0, End: 4}}
	if err := db.CreateAnnotation(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if fresh.ID <= old.ID {
		t.Errorf("got id %d for the new annotation, want more than %d", fresh.ID, old.ID)
	}
	versions, err := db.AnnotationHistory(ctx, fresh.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(versions) != 1 {
		t.Errorf("got %d versions, want 1 (its own)", len(versions))
	}
}

// TestTwoDatabasesKeepTheirOwnTexts: two databases open in one process
// (row ids alike, texts not) never see each other's base texts.
func TestTwoDatabasesKeepTheirOwnTexts(t *testing.T) {
	ctx := context.Background()
	for i, en := range []string{"Yes.", "Absolutely right."} {
		db := openTest(t)
		u, err := db.CreateUser(ctx, "author", sverka.RoleAnnotator, "")
		if err != nil {
			t.Fatal(err)
		}
		n := len([]rune(en))
		d := &sverka.Document{ID: "d", Title: "D", SourceFormat: "plain", RawSource: "Да.\n\n" + en,
			Texts: []sverka.BaseText{
				{Lang: "ru", Role: "original", Text: "Да.", Segments: []sverka.Segment{{Start: 0, End: 3}}},
				{Lang: "en", Role: "translation", Text: en, Segments: []sverka.Segment{{Start: 0, End: n}}},
			},
			Links: []sverka.Link{{Status: "auto", Segments: map[string][]int{"ru": {0}, "en": {0}}}},
		}
		if err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		a := &sverka.Annotation{DocumentID: "d", Motivation: sverka.MotivationNote, Body: "note", CreatorID: u.ID, Target: sverka.TextTarget{Lang: "en", Start: 0, End: n - 1}}
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatalf("database %d: %v", i+1, err)
		}
		if want := strings.TrimSuffix(en, "."); a.Target.Exact != want {
			t.Errorf("database %d: got quote %q, want %q", i+1, a.Target.Exact, want)
		}
	}
}
