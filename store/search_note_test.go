package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"sverka"
)

// TestSearchNotesBeyondTheBest: the notes a search lists are the best
// matches that meet its filters, even when more than notePrefetch better
// ones do not (searchNotes joins only the best first): a private note of
// another user, and an author's notes that rank below everyone else's.
func TestSearchNotesBeyondTheBest(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	vera, boris := twoAnnotators(t, db)
	target := sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "Should we fear this?"}
	create := func(a *sverka.Annotation) int64 {
		t.Helper()
		a.DocumentID, a.Motivation, a.Target = "117313", sverka.MotivationNote, target
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	// Vera's short notes rank above Boris's long ones (bm25 prefers the
	// shorter), and Boris's private ones are his alone.
	for range notePrefetch + 10 {
		create(&sverka.Annotation{Body: "harvest", CreatorID: vera.ID})
		create(&sverka.Annotation{Body: "harvest", CreatorID: boris.ID, Private: true})
	}
	var want []int64
	for range 3 {
		want = append(want, create(&sverka.Annotation{Body: "harvest " + strings.Repeat("and then more words ", 10), CreatorID: boris.ID}))
	}
	for _, q := range []SearchQuery{{Text: "harvest", Author: "boris"}, {Text: "harvest", Author: "boris", Viewer: vera}} {
		res, err := db.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, n := range res.Notes {
			got = append(got, n.AnnotationID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%+v: notes %v, want %v", q, got, want)
		}
	}
}

// twoAnnotators creates the annotators vera and boris.
func twoAnnotators(t *testing.T, db *DB) (vera, boris *sverka.User) {
	t.Helper()
	var err error
	if vera, err = db.CreateUser(context.Background(), "vera", sverka.RoleAnnotator, ""); err != nil {
		t.Fatal(err)
	}
	if boris, err = db.CreateUser(context.Background(), "boris", sverka.RoleAnnotator, ""); err != nil {
		t.Fatal(err)
	}
	return vera, boris
}
