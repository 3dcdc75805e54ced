package store

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"sverka/align"
	"sverka/ingest"
)

// TestLearnConfirmedAtStart: links confirmed before the corpus kept its learned
// dictionary (here: their learned_links rows removed behind the store's back) are learnt
// from when the database is next opened, without their document changing.
func TestLearnConfirmedAtStart(t *testing.T) {
	ctx := context.Background()
	dsn, images := testDSN(t)
	db, err := Open(ctx, dsn, WithImages(images))
	if err != nil {
		t.Fatal(err)
	}
	ru := "Пакет собран заново.\n\nСопровождающий загрузил пакет.\n\nПакет собран снова.\n\nСопровождающий проверил пакет.\n"
	en := "The package was rebuilt.\n\nThe maintainer uploaded the package.\n\nThe package was built again.\n\nThe maintainer checked the package.\n"
	d, err := ingest.Plain(ingest.PlainPair{ID: "pkg", Russian: ru, English: en})
	if err != nil {
		t.Fatal(err)
	}
	d.Public = true
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	d, err = db.FindDocumentByID(ctx, "pkg")
	if err != nil {
		t.Fatal(err)
	}
	var pairs [][2]string
	for _, l := range d.Links {
		var p [2]string
		for i, lang := range []string{"ru", "en"} {
			for _, k := range l.Segments[lang] {
				p[i] += d.Text(lang).Segments[k].Text + " "
			}
		}
		pairs = append(pairs, p)
	}
	want := align.LearnedPairs(pairs)
	if len(want) == 0 {
		t.Fatal("the document's links attest no pair")
	}
	// As a database from before migration 000025: confirmed links, nothing learnt.
	if err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE links SET status = 'confirmed' WHERE document_id = 'pkg'`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM learned_links`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.LearnedPairs(ctx); err != nil || len(got) != 0 {
		t.Fatalf("before reopening: got %v (%v), want nothing learnt", got, err)
	}
	db.Close()

	for range 2 { // the second start finds nothing left to learn
		db, err = Open(ctx, dsn, WithImages(images))
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.LearnedPairs(ctx)
		db.Close()
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("after reopening: got %v (%v), want %v", got, err, want)
		}
	}
}
