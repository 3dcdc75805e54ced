package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sverka"
	"sverka/facsimile"
	"sverka/internal/pgtest"
)

// TestBackupRestoreUnderWrites backs up a database while four writers keep
// adding annotations, restores the copy into a new file, and compares the
// two: the copy holds every row of the original as it was at one moment —
// every annotation acknowledged before the backup began, and of the ones
// written during or after it, a prefix — with no other difference.
func TestBackupRestoreUnderWrites(t *testing.T) {
	pgtest.SkipOn(t)
	ctx := context.Background()
	dir := t.TempDir()
	db := openTest(t)
	// The letter's segments get their bytes in the background: done
	// before the backup, it is no difference between copy and original.
	waitSegmentBytes(t, db)
	user := NewTestUser(t, db, "writer", sverka.RoleAnnotator)
	var (
		mu      sync.Mutex
		acked   []int64
		stop    atomic.Bool
		wg      sync.WaitGroup
		failure atomic.Value
	)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				a := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: user, Private: i%3 == 0,
					Body: fmt.Sprintf("note %d of writer %d", i, w), Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"}}
				if err := db.CreateAnnotation(ctx, a); err != nil {
					failure.Store(err)
					return
				}
				mu.Lock()
				acked = append(acked, a.ID)
				mu.Unlock()
			}
		}()
	}
	ackedSoFar := func() []int64 {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(acked)
	}
	for len(ackedSoFar()) < 300 { // a database with some history
		time.Sleep(10 * time.Millisecond)
	}
	before := ackedSoFar()
	backup := filepath.Join(dir, "copy.db")
	start := time.Now()
	if err := Backup(ctx, db.Path(), backup); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	during := len(ackedSoFar()) - len(before)
	time.Sleep(100 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	if err, _ := failure.Load().(error); err != nil {
		t.Fatal(err)
	}
	t.Logf("backup took %v while %d annotations were written", took, during)
	if err := Backup(ctx, db.Path(), backup); err == nil {
		t.Error("a second backup over the first: got no error, want a refusal")
	}

	restored := filepath.Join(dir, "restored.db")
	aside, err := Restore(ctx, backup, restored)
	if err != nil || aside != "" {
		t.Fatalf("restore into a new file: got %q, %v", aside, err)
	}
	orig, copied := dump(t, db.Path()), dump(t, restored)
	if n := len(orig["annotations"]); n <= len(before) {
		t.Fatalf("the writers wrote %d annotations in all, no more after the backup than before it", n)
	}
	copiedIDs := map[int64]bool{}
	for _, id := range ids(t, restored) {
		copiedIDs[id] = true
	}
	for _, id := range before {
		if !copiedIDs[id] {
			t.Fatalf("annotation %d, acknowledged before the backup began, is not in it", id)
		}
	}
	maxCopied := slices.Max(ids(t, restored))
	for _, id := range ids(t, db.Path()) {
		if !copiedIDs[id] && id < maxCopied {
			t.Fatalf("annotation %d is missing from the copy, which has later ones (up to %d)", id, maxCopied)
		}
	}
	for table, rows := range copied {
		for row := range rows {
			if !orig[table][row] {
				t.Errorf("%s: the copy has a row the original never had: %s", table, row)
			}
		}
	}
	for table, rows := range orig {
		missing := 0
		for row := range rows {
			if !copied[table][row] {
				missing++
			}
		}
		if missing > 0 && table != "annotations" && table != "changes" {
			t.Errorf("%s: %d rows of the original are missing from the copy", table, missing)
		}
	}
}

func TestRestoreRefuses(t *testing.T) {
	pgtest.SkipOn(t)
	ctx := context.Background()
	dir := t.TempDir()
	db := openTest(t)
	backup := filepath.Join(dir, "copy.db")
	if err := Backup(ctx, db.Path(), backup); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, backup, db.Path()); !errors.Is(err, ErrInUse) {
		t.Errorf("restore over an open database: got %v, want ErrInUse", err)
	}
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database ", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	var invalid *sverka.ValidationError
	if _, err := Restore(ctx, junk, filepath.Join(dir, "new.db")); !errors.As(err, &invalid) {
		t.Errorf("restore from junk: got %v, want a validation error", err)
	}
	if _, err := Restore(ctx, filepath.Join(dir, "absent.db"), filepath.Join(dir, "new.db")); err == nil {
		t.Error("restore from a missing file: got no error")
	}
	// Once the database is closed, restoring over it keeps the old one aside.
	if _, err := db.writer.ExecContext(ctx, "UPDATE documents SET title = 'changed after the backup'"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	aside, err := Restore(ctx, backup, db.Path())
	if err != nil || aside == "" {
		t.Fatalf("restore over a closed database: got %q, %v", aside, err)
	}
	if got := title(t, aside); got != "changed after the backup" {
		t.Errorf("the database set aside has title %q, want the one changed after the backup", got)
	}
	if got := title(t, db.Path()); got == "changed after the backup" {
		t.Error("the restored database has the title changed after the backup")
	}
}

// dump reads every row of every table of the database at path, as text,
// but for the storage of full-text indexes (FTS5 shadow tables such as
// note_keys_data): derived from the tables, written with every write and
// rewritten as FTS5 merges its segments, so a copy holds segments the
// original has since merged away.
func dump(t *testing.T, path string) map[string]map[string]bool {
	t.Helper()
	conn := rawConn(t, path)
	var tables []string
	rows, err := conn.Query(`
		SELECT name FROM sqlite_master m WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%fts5%'
			AND (m.name = v.name OR m.name LIKE v.name || '\_%' ESCAPE '\'))`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	out := map[string]map[string]bool{}
	for _, table := range tables {
		rows, err := conn.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		out[table] = map[string]bool{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table][fmt.Sprintf("%q", vals)] = true
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// ids lists the annotation ids of the database at path.
func ids(t *testing.T, path string) []int64 {
	t.Helper()
	rows, err := rawConn(t, path).Query(`SELECT id FROM annotations ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

func title(t *testing.T, path string) string {
	t.Helper()
	var s string
	if err := rawConn(t, path).QueryRow(`SELECT title FROM documents WHERE id = '117313'`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// rawConn opens the file at path read-only, outside the store.
func rawConn(t *testing.T, path string) *sql.DB {
	t.Helper()
	conn, err := sql.Open(driverName, readOnlyDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// TestBackupCarriesScans: the page images stored beside the database go
// with its backup, and come back with a restore into another place.
func TestBackupCarriesScans(t *testing.T) {
	pgtest.SkipOn(t)
	ctx := context.Background()
	db := openTest(t)
	hash := putTestImage(t, db)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := Backup(ctx, db.path, backup); err != nil {
		t.Fatal(err)
	}
	copied, err := facsimile.Open(backup + ".images")
	if err != nil {
		t.Fatal(err)
	}
	if !copied.Has(hash) {
		t.Fatalf("the backup's image store lacks %s", hash)
	}
	restored := filepath.Join(t.TempDir(), "restored.db")
	if _, err := Restore(ctx, backup, restored); err != nil {
		t.Fatal(err)
	}
	back, err := facsimile.Open(restored + ".images")
	if err != nil {
		t.Fatal(err)
	}
	if !back.Has(hash) {
		t.Fatalf("the restored database's image store lacks %s", hash)
	}
}

// putTestImage stores a small page image in db's image store and returns
// its name.
func putTestImage(t *testing.T, db *DB) string {
	t.Helper()
	images, err := db.Images()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	img, err := images.Put(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return img.Hash
}
