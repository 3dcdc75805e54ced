package store

import (
	"context"
	"io/fs"
	"path/filepath"
	"strconv"
	"testing"

	"sverka/migrations"
)

// TestLinkRefsMigration: a database from before link refs gives each link
// its position as its ref, so a #link-N written then opens the same row,
// and the migration undoes cleanly.
func TestLinkRefsMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	names, err := fs.Glob(migrations.FS, "*_link_refs.up.sql")
	if err != nil || len(names) != 1 {
		t.Fatalf("the link refs migration: %v %v", names, err)
	}
	version, err := strconv.Atoi(names[0][:6])
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := migrateTo(path, "to-"+strconv.Itoa(version-1), DefaultMigrationWait); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err := db.FindDocuments(ctx, nil)
	if err != nil || len(list) == 0 {
		t.Fatalf("got %d documents (%v), want the ones of the old database", len(list), err)
	}
	for _, s := range list {
		d, err := db.FindDocumentByID(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		refs, err := db.FindLinkRefs(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(refs) != len(d.Links) {
			t.Errorf("document %s: %d refs for %d links", s.ID, len(refs), len(d.Links))
		}
		for _, l := range d.Links {
			if l.Ref != l.Position {
				t.Errorf("document %s: the link at %d got ref %d, want its position", s.ID, l.Position, l.Ref)
			}
		}
		for _, r := range d.ResolveRefs(refs) {
			if r.Position != r.Ref || r.First != r.Ref || r.Last != r.Ref {
				t.Errorf("document %s: #link-%d resolves to %+v, want the row at %d alone", s.ID, r.Ref, r, r.Ref)
			}
		}
	}
	db.Close()
	if _, _, err := migrateTo(path, "to-"+strconv.Itoa(version-1), DefaultMigrationWait); err != nil {
		t.Fatalf("migrate down: %v", err)
	}
}
