package main

import (
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sverka"
	"sverka/internal/pgtest"
	"sverka/store"
	"sverka/transfer"
)

// TestCopyDBAcrossEngines copies, through the command, a SQLite file with
// notes (one private, one with a reply) and a scanned page into a new
// PostgreSQL database, that into a second one and that back into a new
// SQLite file, each image folder its own: every copy says that each
// document's Sverka JSON, anonymous and for each annotator, is byte for
// byte the source's. A note changed in a copy afterwards, even a private
// one only its author's export shows, is a JSONDifference naming the
// document and the export.
func TestCopyDBAcrossEngines(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	sqlite := store.CopySide{DB: filepath.Join(dir, "from.db")}
	db, err := sqlite.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	vera, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: vera.ID, Body: "public",
		Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "Should we fear this?"}}
	private := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: vera.ID, Body: "mine alone", Private: true,
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"}}
	for _, a := range []*sverka.Annotation{note, private} {
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	reply := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationReply, CreatorID: vera.ID, Body: "a reply", ReplyTo: note.ID}
	if err := db.CreateAnnotation(ctx, reply); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "page.png")
	writePNG(t, page)
	pages, err := db.PutPages([]string{page})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AttachScan(ctx, "117313", "ru", pages, vera.ID); err != nil {
		t.Fatal(err)
	}
	db.Close()

	pg := store.CopySide{DB: pgtest.URL(t), Images: filepath.Join(dir, "pg-images")}
	pg2 := store.CopySide{DB: pgtest.URL(t), Images: filepath.Join(dir, "pg2-images")}
	back := store.CopySide{DB: filepath.Join(dir, "back.db")}
	cli := commandLine(filepath.Join(dir, "unused.db"))
	for _, step := range [][2]store.CopySide{{sqlite, pg}, {pg, pg2}, {pg2, back}} {
		args := []string{"copy-db", "--from", step[0].DB, "--to", step[1].DB}
		if step[0].Images != "" {
			args = append(args, "--from-images", step[0].Images)
		}
		if step[1].Images != "" {
			args = append(args, "--to-images", step[1].Images)
		}
		out, err := cli(args...)
		if err != nil || !strings.Contains(out, "1 page images") || !strings.Contains(out, "byte for byte (2 exports") {
			t.Fatalf("copy-db %s → %s: got %q, %v; want 1 image and 2 exports (anonymous, vera) the same", store.Describe(step[0].DB), store.Describe(step[1].DB), out, err)
		}
	}

	a, err := sqlite.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := pg2.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	changed := "changed in the copy"
	if _, err := b.UpdateAnnotation(ctx, private.ID, store.AnnotationUpdate{IfVersion: 1, UserID: vera.ID, Body: &changed}); err != nil {
		t.Fatal(err)
	}
	var diff *transfer.JSONDifference
	if _, err := transfer.SameJSON(ctx, a, b); !errors.As(err, &diff) || diff.DocumentID != "117313" || diff.Viewer != "vera" {
		t.Fatalf("a private note changed in the copy: got %v, want a JSONDifference in vera's export of 117313", err)
	}
	if strings.Contains(diff.Error(), changed) || strings.Contains(diff.Error(), "mine alone") {
		t.Errorf("the difference %q shows the note", diff.Error())
	}
}

// writePNG writes a small page image to path.
func writePNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, image.NewGray(image.Rect(0, 0, 40, 60))); err != nil {
		t.Fatal(err)
	}
}
