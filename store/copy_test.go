package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sverka"
	"sverka/facsimile"
	"sverka/internal/pgtest"
)

// copyFixture is what populate made, to find again in a copy.
type copyFixture struct {
	user      *sverka.User
	password  string
	token     string
	session   string
	note      int64 // updated then deleted: three versions
	private   int64
	imageHash string
}

// populate writes into db a little of everything a copy must carry: an
// account with a password, an API token and a session, a note edited and
// deleted, a private note, a metadata edit, an alignment edit undone and
// a scan's page image.
func populate(t *testing.T, db *DB) copyFixture {
	t.Helper()
	ctx := context.Background()
	f := copyFixture{password: "correct horse battery"}
	var err error
	if f.user, err = db.CreateUser(ctx, "vera", sverka.RoleEditor, f.password); err != nil {
		t.Fatal(err)
	}
	if f.token, err = db.CreateToken(ctx, f.user.ID, "script"); err != nil {
		t.Fatal(err)
	}
	s, err := db.CreateSession(ctx, f.user.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	f.session = s.Token
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: f.user.ID, Body: "first",
		Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "Should we fear this?"}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	second := "second"
	if _, err := db.UpdateAnnotation(ctx, note.ID, AnnotationUpdate{IfVersion: 1, UserID: f.user.ID, Body: &second}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DeleteAnnotation(ctx, note.ID, 2, f.user.ID); err != nil {
		t.Fatal(err)
	}
	f.note = note.ID
	private := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: f.user.ID, Body: "mine alone", Private: true,
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"}}
	if err := db.CreateAnnotation(ctx, private); err != nil {
		t.Fatal(err)
	}
	f.private = private.ID
	rev, err := db.DocumentRevision(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	title := "Filippov to Mao, copied"
	if rev, err = db.UpdateDocumentMetadata(ctx, "117313", rev, DocumentMetadata{Title: &title}, f.user.ID); err != nil {
		t.Fatal(err)
	}
	merged, err := db.MergeLinks(ctx, AlignmentEdit{DocumentID: "117313", Revision: rev, UserID: f.user.ID}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UndoAlignmentEdit(ctx, AlignmentEdit{DocumentID: "117313", Revision: merged.Revision, UserID: f.user.ID}); err != nil {
		t.Fatal(err)
	}
	f.imageHash = putTestImage(t, db)
	page := sverka.PageImage{Number: 1, Hash: f.imageHash, Format: "png", Width: 8, Height: 8}
	if _, err := db.AttachScan(ctx, "117313", "ru", []sverka.PageImage{page}, f.user.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

// checkCopy opens the copy and finds in it what populate made, as a user
// would: sign in, the token, the session, the note's history, the private
// note for its author only, the alignment history, the title, and the page
// image.
func checkCopy(t *testing.T, side CopySide, f copyFixture) {
	t.Helper()
	ctx := context.Background()
	db, err := side.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Authenticate(ctx, "vera", f.password); err != nil {
		t.Errorf("sign in to the copy: %v", err)
	}
	if u, err := db.FindUserByToken(ctx, f.token); err != nil || u.ID != f.user.ID || u.Role != sverka.RoleEditor {
		t.Errorf("the API token in the copy: got %+v, %v", u, err)
	}
	if _, u, err := db.FindSession(ctx, f.session); err != nil || u.ID != f.user.ID {
		t.Errorf("the session in the copy: got %+v, %v", u, err)
	}
	if h, err := db.AnnotationHistory(ctx, f.note, f.user.ID); err != nil || len(h) != 3 {
		t.Errorf("the note's history in the copy: got %d versions (%v), want 3", len(h), err)
	}
	if a, err := db.FindAnnotationByID(ctx, f.private, f.user.ID); err != nil || a.Body != "mine alone" {
		t.Errorf("the private note for its author: got %+v, %v", a, err)
	}
	if _, err := db.FindAnnotationByID(ctx, f.private, 0); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("the private note for someone else: got %v, want ErrNotFound", err)
	}
	if log, err := db.FindAlignmentEdits(ctx, "117313", 10); err != nil || len(log) != 1 || log[0].Op != OpMerge || !log[0].Undone {
		t.Errorf("the alignment history in the copy: got %+v (%v), want one merge, undone", log, err)
	}
	if d, err := db.FindDocumentByID(ctx, "117313"); err != nil || d.Title != "Filippov to Mao, copied" {
		t.Errorf("the edited title in the copy: got %v", err)
	}
	store, err := db.Images()
	if err != nil || !store.Has(f.imageHash) {
		t.Errorf("the page image in the copy's store: %v", err)
	}
}

// TestCopyDB copies a database into a new file and into a freshly
// migrated one; the copies hold all of it, and a copy into a database that
// holds accounts is refused and changes nothing there.
func TestCopyDB(t *testing.T) {
	pgtest.SkipOn(t)
	ctx := context.Background()
	src := openTest(t)
	f := populate(t, src)
	src.Close()
	dir := t.TempDir()
	newFile := filepath.Join(dir, "new.db")
	copied, err := CopyDB(ctx, CopySide{DB: src.path}, CopySide{DB: newFile})
	if err != nil {
		t.Fatal(err)
	}
	if copied.Rows["users"] != 1 || copied.Rows["annotations"] != 2 || copied.Rows["alignment_edits"] != 1 || copied.Images != 1 {
		t.Errorf("copied %+v, want 1 user, 2 annotations, 1 alignment edit, 1 image", copied)
	}
	checkCopy(t, CopySide{DB: newFile}, f)

	fresh := filepath.Join(dir, "fresh.db")
	db, err := Open(ctx, fresh)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := CopyDB(ctx, CopySide{DB: src.path}, CopySide{DB: fresh}); err != nil {
		t.Fatal(err)
	}
	checkCopy(t, CopySide{DB: fresh}, f)

	before, err := os.ReadFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CopyDB(ctx, CopySide{DB: src.path}, CopySide{DB: fresh}); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("a copy into a database with accounts: got %v, want ErrNotEmpty", err)
	}
	if after, _ := os.ReadFile(fresh); !bytes.Equal(before, after) {
		t.Error("the refused copy changed the target")
	}
	if _, err := CopyDB(ctx, CopySide{DB: filepath.Join(dir, "missing.db")}, CopySide{DB: filepath.Join(dir, "x.db")}); err == nil {
		t.Error("a copy of a missing database: got no error")
	}
}

// TestCompareArchives: the check of a copy finds a changed row and a
// missing one, says in which tables, and names rows by id only.
func TestCompareArchives(t *testing.T) {
	dir := t.TempDir()
	src := `{"format":"sverka-all-data","schema":20}
{"table":"users","row":{"id":1,"name":"vera","password_hash":"secret-hash"}}
{"table":"users","row":{"id":2,"name":"ivan","password_hash":"h2"}}
{"table":"changes","row":{"id":7,"action":"create"}}
`
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.jsonl", src)
	lines := strings.Split(src, "\n")
	if rows, err := compareArchives(a, write("same.jsonl", strings.Join([]string{lines[0], lines[3], lines[2], lines[1], ""}, "\n"))); err != nil || rows["users"] != 2 || rows["changes"] != 1 {
		t.Errorf("the same rows in another order: got %v, %v", rows, err)
	}
	changed := strings.Replace(strings.Join([]string{lines[0], lines[1], lines[2], ""}, "\n"), `"ivan"`, `"iván"`, 1)
	_, err := compareArchives(a, write("changed.jsonl", changed))
	var diff *ArchiveDifference
	if !errors.As(err, &diff) {
		t.Fatalf("a changed and a missing row: got %v, want an ArchiveDifference", err)
	}
	if diff.Missing["users"] != 1 || diff.Missing["changes"] != 1 || diff.Extra["users"] != 1 || len(diff.Extra) != 1 {
		t.Errorf("got missing %v, extra %v; want users 1 and changes 1 missing, users 1 extra", diff.Missing, diff.Extra)
	}
	if msg := err.Error(); strings.Contains(msg, "secret-hash") || strings.Contains(msg, "ivan") || !strings.Contains(msg, "users id 2") {
		t.Errorf("the message %q should name the row by id and show none of its values", msg)
	}
	_, err = compareArchives(a, write("other.jsonl", strings.Replace(src, `"sverka-all-data"`, `"something else"`, 1)))
	if !errors.As(err, &diff) || !strings.Contains(err.Error(), "header") {
		t.Errorf("another format: got %v", err)
	}
	sqliteOnly := strings.Replace(src, `{"id":1,`, `{"rowid":1,"id":1,`, 1) + `{"table":"sqlite_sequence","row":{"name":"users","seq":9}}` + "\n"
	if _, err := compareArchives(a, write("sqlite.jsonl", sqliteOnly)); err != nil {
		t.Errorf("rowids and sqlite_sequence, which only SQLite has: got %v", err)
	}
}

// TestCopyDBPostgres copies a SQLite file into a new PostgreSQL database,
// that into a second PostgreSQL database, then that into a new SQLite
// file, each with its own image folder: each copy holds all of it, page
// image included (the check compares the archives across engines), and a
// second copy into a PostgreSQL database, which now holds accounts, is
// refused. A page image lost on the way fails the copy.
func TestCopyDBPostgres(t *testing.T) {
	pgtest.SkipOn(t) // it makes its own PostgreSQL databases
	ctx := context.Background()
	src := openTest(t)
	f := populate(t, src)
	src.Close()
	from := CopySide{DB: src.path}
	pg := CopySide{DB: pgtest.URL(t), Images: t.TempDir()}
	copied, err := CopyDB(ctx, from, pg)
	if err != nil {
		t.Fatal(err)
	}
	if copied.Rows["users"] != 1 || copied.Rows["annotations"] != 2 || copied.Rows["changes"] < 5 || copied.Images != 1 {
		t.Errorf("copied %+v, want 1 user, 2 annotations, the audit trail, 1 image", copied)
	}
	checkCopy(t, pg, f)
	pg2 := CopySide{DB: pgtest.URL(t), Images: t.TempDir()}
	if _, err := CopyDB(ctx, pg, pg2); err != nil {
		t.Fatalf("PostgreSQL to PostgreSQL: %v", err)
	}
	checkCopy(t, pg2, f)
	back := CopySide{DB: filepath.Join(t.TempDir(), "back.db")}
	if _, err := CopyDB(ctx, pg2, back); err != nil {
		t.Fatal(err)
	}
	checkCopy(t, back, f)
	if _, err := CopyDB(ctx, from, pg); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("a copy into a PostgreSQL database with accounts: got %v, want ErrNotEmpty", err)
	}
	db, err := pg.Open(ctx) // an image lost or damaged after the copy
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	image := filepath.Join(pg.Images, f.imageHash[:2], f.imageHash)
	if err := os.WriteFile(image, []byte("not that image"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckImages(ctx); err == nil || !strings.Contains(err.Error(), f.imageHash) {
		t.Errorf("a damaged image: got %v, want an error naming it", err)
	}
	os.Remove(image)
	if err := db.CheckImages(ctx); !errors.Is(err, facsimile.ErrNotFound) {
		t.Errorf("a missing image: got %v, want facsimile.ErrNotFound", err)
	}
}
