package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"sverka"
	"sverka/store"
)

// TestHistoryWrittenBeforeTheRecordFormat reads an annotation's history
// whose states were written before the audit trail had a record format: the
// migration that introduced format 1 converts them, and the versions read
// back are the annotation as it was.
func TestHistoryWrittenBeforeTheRecordFormat(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := letter(t, db)
	ann, _, _ := users(t, db)
	s, e := segmentRange(t, d, "ru", 3, "Баш")
	a := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: ann, Body: "first",
		Target: sverka.TextTarget{Lang: "ru", Start: s, End: e, Exact: "Баш"}, Tags: []string{"ocr"}}
	if err := db.CreateAnnotation(ctx, a); err != nil {
		t.Fatal(err)
	}
	body := "second"
	if _, err := db.UpdateAnnotation(ctx, a.ID, store.AnnotationUpdate{IfVersion: 1, UserID: ann, Body: &body}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Back to the schema before the format (migration 15, and any after
	// it), with the rows as they were then.
	migrateBelow(t, path, 15)
	raw := openRaw(t, path)
	res, err := raw.Exec(`UPDATE changes SET after_json = json_remove(after_json, '$.format'), before_json = CASE before_json WHEN '' THEN '' ELSE json_remove(before_json, '$.format') END WHERE entity = 'annotation'`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 2 {
		t.Fatalf("got %d history rows, want 2", n)
	}
	var unmarked int
	if err := raw.QueryRow(`SELECT count(*) FROM changes WHERE entity = 'annotation' AND json_type(after_json, '$.format') IS NULL`).Scan(&unmarked); err != nil || unmarked != 2 {
		t.Fatalf("got %d rows without a format (%v), want 2", unmarked, err)
	}
	raw.Close()

	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := db.AnnotationHistory(ctx, a.ID, ann)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 {
		t.Fatalf("got %d versions, want 2", len(h))
	}
	for _, v := range h {
		want := map[int]string{1: "first", 2: "second"}[v.Version]
		if v.State.Body != want || v.State.Target.Exact != "Баш" || len(v.State.Tags) != 1 || v.State.CreatorID != ann {
			t.Errorf("version %d: got %+v, want body %q on Баш by %d with its tag", v.Version, v.State, want, ann)
		}
	}
}

// TestImportEntryWrittenWithoutFormat reads the history of an annotation an
// editor imported, whose one 'import' entry was written as the annotation
// type's JSON, without a format (as the server's /import did before the
// record was used there too): the migration that marks those entries
// format 2 makes the history read again, as it was imported.
func TestImportEntryWrittenWithoutFormat(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d, g := letter(t, db)
	_, _, ed := users(t, db)
	s, e := segmentRange(t, d, "ru", 3, "Баш")
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	copied := g.Document("copy")
	res, err := db.Import(ctx, &sverka.Archive{Document: copied, ImporterID: ed, Annotations: []sverka.ArchivedAnnotation{{
		N: 1, Motivation: sverka.MotivationNote, Creator: "anna", Created: at,
		Current: sverka.AnnotationState{Version: 1, Target: sverka.TextTarget{Lang: "ru", Start: s, End: e, Exact: "Баш"}, Body: "imported", Tags: []string{"ocr"}, Modified: at},
	}}}, false)
	if err != nil || res.Outcome != "imported" {
		t.Fatalf("import: %+v, %v", res, err)
	}
	list, _, err := db.FindAnnotations(ctx, store.AnnotationFilter{DocumentID: "copy", ViewerID: ed})
	if err != nil || len(list) != 1 {
		t.Fatalf("got %d annotations (%v), want 1", len(list), err)
	}
	db.Close()

	migrateBelow(t, path, 31)
	raw := openRaw(t, path)
	res2, err := raw.Exec(`UPDATE changes SET after_json = json_remove(after_json, '$.format') WHERE entity = 'annotation' AND action = 'import'`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res2.RowsAffected(); n != 1 {
		t.Fatalf("got %d import entries, want 1", n)
	}
	raw.Close()

	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := db.AnnotationHistory(ctx, list[0].ID, ed)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].Action != "import" || h[0].State.Body != "imported" || h[0].State.Target.Exact != "Баш" || len(h[0].State.Tags) != 1 {
		t.Errorf("got %+v, want the one import of the note on Баш", h)
	}
}

// migrateBelow takes the SQLite database at path down, a migration at a
// time, until it is below version.
func migrateBelow(t *testing.T, path string, version uint) {
	t.Helper()
	for v, _, err := store.MigrationVersion(path); v >= version || err != nil; v, _, err = store.MigrationVersion(path) {
		if err != nil {
			t.Fatal(err)
		}
		if err := store.Migrate(path, "down-one"); err != nil {
			t.Fatal(err)
		}
	}
}

// openRaw opens the SQLite database at path without the store, to write
// rows as an older Sverka did.
func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
