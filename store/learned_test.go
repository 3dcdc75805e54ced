package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"sverka"
	"sverka/align"
	"sverka/ingest"
	"sverka/internal/storetest"
	"sverka/store"
)

// confirmedPairs returns the Russian and English text of every confirmed link of the
// public documents, as the corpus learns from them.
func confirmedPairs(t *testing.T, db *store.DB) [][2]string {
	t.Helper()
	docs, err := db.FindDocuments(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for _, s := range docs {
		d, err := db.FindDocumentByID(context.Background(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range d.Links {
			if l.Status != "confirmed" {
				continue
			}
			var p [2]string
			for i, lang := range []string{"ru", "en"} {
				for _, k := range l.Segments[lang] {
					p[i] += d.Text(lang).Segments[k].Text + " "
				}
			}
			out = append(out, p)
		}
	}
	return out
}

// TestLearnedPairs checks that the dictionary the store keeps from the corpus's
// confirmed links is align.LearnedPairs over those links, through confirming, undoing,
// replacing and a private document.
func TestLearnedPairs(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	vera := store.NewTestUser(t, db, "vera", sverka.RoleEditor)
	check := func(when string) [][2]string {
		t.Helper()
		got, err := db.LearnedPairs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := align.LearnedPairs(confirmedPairs(t, db))
		if !slices.Equal(got, want) {
			t.Fatalf("%s: got learned pairs %v, want %v", when, got, want)
		}
		return got
	}
	ru := "Пакет собран заново.\n\nСопровождающий загрузил пакет.\n\nПакет собран снова.\n\nСопровождающий проверил пакет.\n"
	en := "The package was rebuilt.\n\nThe maintainer uploaded the package.\n\nThe package was built again.\n\nThe maintainer checked the package.\n"
	for _, id := range []string{"pkg-a", "pkg-b"} {
		d, err := ingest.Plain(ingest.PlainPair{ID: id, Russian: ru, English: en})
		if err != nil {
			t.Fatal(err)
		}
		d.Public = id == "pkg-a"
		if err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if got := check("before any confirmation"); len(got) != 0 {
		t.Fatalf("learnt %v from no confirmed link", got)
	}
	confirm := func(id string) {
		e := &editor{t: t, db: db, id: id, user: vera}
		n := len(e.doc().Links)
		e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
			return db.ConfirmLinks(ctx, a, 1, n)
		})
	}
	confirm("pkg-a")
	got := check("after confirming pkg-a")
	if !slices.ContainsFunc(got, func(p [2]string) bool {
		return strings.HasPrefix(p[0], "сопровожда") && strings.HasPrefix(p[1], "maintain")
	}) {
		t.Fatalf("got %v, want сопровождающий paired with maintainer", got)
	}
	// A private document's links teach nothing to the corpus.
	confirm("pkg-b")
	if again := check("after confirming private pkg-b"); !slices.Equal(again, got) {
		t.Fatalf("a private document changed the learned pairs: %v, then %v", got, again)
	}
	e := &editor{t: t, db: db, id: "pkg-a", user: vera}
	e.edit(db.UndoAlignmentEdit)
	if got := check("after undoing the confirmation"); len(got) != 0 {
		t.Fatalf("learnt %v after the confirmation was undone", got)
	}
	confirm("pkg-a")
	if got := check("after confirming again"); len(got) == 0 {
		t.Fatal("learnt nothing after confirming again")
	}
	if err := db.TrashDocument(ctx, "pkg-a", vera); err != nil {
		t.Fatal(err)
	}
	if got, err := db.LearnedPairs(ctx); err != nil || len(got) != 0 {
		t.Fatalf("learnt %v (%v) from a document in the trash", got, err)
	}
	if err := db.RestoreDocument(ctx, "pkg-a", vera); err != nil {
		t.Fatal(err)
	}
	check("after restoring pkg-a")
	d, err := ingest.Plain(ingest.PlainPair{ID: "pkg-a", Russian: ru, English: en})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReplaceDocument(ctx, d, vera); err != nil {
		t.Fatal(err)
	}
	if got := check("after replacing pkg-a by its unconfirmed alignment"); len(got) != 0 {
		t.Fatalf("learnt %v from links that are gone", got)
	}
}
