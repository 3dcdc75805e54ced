package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"sverka"
	"sverka/internal/pgtest"
)

// TestOneWriterWinsAcrossServers: two stores open on one PostgreSQL
// database, as two servers would be, and sixteen writers on each edit one
// note at the version they all read. Exactly one edit wins; every other
// is ErrStale, and the note's history holds the two versions only.
func TestOneWriterWinsAcrossServers(t *testing.T) {
	if !pgtest.On() {
		t.Skip("two servers on one database: PostgreSQL (SQLite's writers are one process's)")
	}
	ctx := context.Background()
	url := pgtest.URL(t)
	var servers []*DB
	for range 2 {
		db, err := Open(ctx, url, WithImages(t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		servers = append(servers, db)
	}
	u, err := servers[0].CreateUser(ctx, "vera", sverka.RoleAnnotator, "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := servers[1].FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	note := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: u.ID, Body: "first",
		Target: sverka.TextTarget{Lang: "en", Start: 0, End: 7}}
	if err := servers[0].CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf("edit %d", i)
			_, err := servers[i%2].UpdateAnnotation(ctx, note.ID, AnnotationUpdate{IfVersion: note.Version, UserID: u.ID, Body: &body})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, sverka.ErrStale):
			t.Errorf("a losing edit: got %v, want ErrStale", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d edits won, want exactly 1", won)
	}
	got, err := servers[1].FindAnnotationByID(ctx, note.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != note.Version+1 {
		t.Errorf("got version %d, want %d", got.Version, note.Version+1)
	}
}
