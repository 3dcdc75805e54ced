package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

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
	for v, _, err := store.MigrationVersion(path); v >= 15 || err != nil; v, _, err = store.MigrationVersion(path) {
		if err != nil {
			t.Fatal(err)
		}
		if err := store.Migrate(path, "down-one"); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
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
