package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"sverka"
	"sverka/ingest"
	"sverka/internal/storetest"
	"sverka/store"
)

// TestReplaceDocumentReanchorsCrossReferences makes a cross-reference from
// the letter into an imported pair, then replaces the pair's English text:
// the reference follows its words (told apart by the words around them in
// the old text), or is marked orphaned when they are gone; never does it
// underline other words. So it does when a complete Sverka JSON archive of
// the pair, with the new text, replaces it.
func TestReplaceDocumentReanchorsCrossReferences(t *testing.T) {
	const passage = "The second sentence."
	tests := []struct {
		name, before, after string
		wantMoved           bool
	}{
		{"words added before the passage",
			"The first sentence on grain. The second sentence.",
			"A new opening line. The first sentence on grain. The second sentence.", true},
		{"the passage twice, its old context tells which",
			"Grain was short. The second sentence.",
			"The second sentence. Grain was short. The second sentence.", true},
		{"the words are gone",
			"The first sentence on grain. The second sentence.",
			"The first sentence on grain. Another ending.", false},
	}
	replaces := map[string]func(db *store.DB, d *sverka.Document, userID int64) (store.Replacement, error){
		"new texts": func(db *store.DB, d *sverka.Document, userID int64) (store.Replacement, error) {
			return db.ReplaceDocument(context.Background(), d, userID)
		},
		"an archive": func(db *store.DB, d *sverka.Document, userID int64) (store.Replacement, error) {
			res, err := db.Import(context.Background(), &sverka.Archive{Document: d, Complete: true, ImporterID: userID}, true)
			if err != nil || res.Replacement == nil {
				return store.Replacement{}, fmt.Errorf("import: %+v, %w", res, err)
			}
			return *res.Replacement, nil
		},
	}
	for _, tc := range tests {
		for way, replace := range replaces {
			t.Run(tc.name+", "+way, func(t *testing.T) {
				db := storetest.Open(t)
				ctx := context.Background()
				u, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "")
				if err != nil {
					t.Fatal(err)
				}
				pair := func(english string) *sverka.Document {
					d, err := ingest.Plain(ingest.PlainPair{ID: "pair-1", Title: "A pair", Russian: "Первое предложение о зерне. Второе предложение.", English: english})
					if err != nil {
						t.Fatal(err)
					}
					return d
				}
				if err := db.ImportDocument(ctx, &sverka.Archive{Document: pair(tc.before)}, false); err != nil {
					t.Fatal(err)
				}
				start := utf8.RuneCountInString(tc.before[:strings.LastIndex(tc.before, passage)])
				ref := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationLink, CreatorID: u.ID,
					Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "китайских добровольческих дивизиях"},
					Link:   &sverka.CrossReference{DocumentID: "pair-1", Lang: "en", Start: start, End: start + len(passage), Exact: passage}}
				if err := db.CreateAnnotation(ctx, ref); err != nil {
					t.Fatal(err)
				}
				letter, err := db.FindDocumentByID(ctx, "117313")
				if err != nil {
					t.Fatal(err)
				}

				r, err := replace(db, pair(tc.after), u.ID)
				if err != nil {
					t.Fatal(err)
				}
				got, err := db.FindAnnotationByID(ctx, ref.ID, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				l := got.Link
				if tc.wantMoved {
					want := utf8.RuneCountInString(tc.after[:strings.LastIndex(tc.after, passage)])
					if l.Orphaned || l.Start != want || l.Exact != passage || r.LinksMoved != 1 {
						t.Errorf("got link %+v, %+v, want it moved to %d", *l, r, want)
					}
				} else if !l.Orphaned || r.LinksOrphaned != 1 || l.Exact != passage {
					t.Errorf("got link %+v, %+v, want it orphaned, keeping its quote", *l, r)
				}
				if got.Version != ref.Version+1 {
					t.Errorf("got version %d, want %d: the re-anchoring is a new version", got.Version, ref.Version+1)
				}
				history, err := db.AnnotationHistory(ctx, ref.ID, u.ID)
				if err != nil || len(history) != 2 || history[0].Action != "reanchor" || *history[0].State.Link != *l {
					t.Errorf("got history %+v (%v), want the re-anchoring on top, with the link as it is now %+v", history, err, *l)
				}
				after, err := db.FindDocumentByID(ctx, "117313")
				if err != nil {
					t.Fatal(err)
				}
				if after.Revision <= letter.Revision {
					t.Errorf("got letter revision %d, want later than %d so its pages show the new place", after.Revision, letter.Revision)
				}
				body := "still about the second sentence"
				if _, err := db.UpdateAnnotation(ctx, ref.ID, store.AnnotationUpdate{IfVersion: got.Version, UserID: u.ID, Body: &body}); err != nil {
					t.Errorf("editing the note of the re-anchored reference: %v", err)
				}
			})
		}
	}
}

// TestReplaceDocumentKeepsMetadata replaces a pair from new texts given
// without a title: the title, citation and summary an editor gave it stay;
// a title given with the new texts is taken.
func TestReplaceDocumentKeepsMetadata(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	pair := func(title, english string) *sverka.Document {
		d, err := ingest.Plain(ingest.PlainPair{ID: "pair-2", Title: title, Russian: "Первое предложение. Второе.", English: english})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if err := db.ImportDocument(ctx, &sverka.Archive{Document: pair("A pair", "The first sentence. The second.")}, false); err != nil {
		t.Fatal(err)
	}
	citation, summary := "RGASPI f. 558, op. 11, d. 334", "On grain."
	if _, err := db.UpdateDocumentMetadata(ctx, "pair-2", 0, store.DocumentMetadata{Citation: &citation, Summary: &summary}, 0); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, title, wantTitle string }{
		{"no title given", "", "A pair"},
		{"a new title", "The pair, revised", "The pair, revised"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := db.ReplaceDocument(ctx, pair(tc.title, "The first sentence. The second, "+tc.name+"."), 0); err != nil {
				t.Fatal(err)
			}
			got, err := db.FindDocumentByID(ctx, "pair-2")
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != tc.wantTitle || got.Citation != citation || got.Summary != summary {
				t.Errorf("got %q, %q, %q; want %q, %q, %q", got.Title, got.Citation, got.Summary, tc.wantTitle, citation, summary)
			}
		})
	}
}

// TestArchiveReplaceMovesRevisionOn: a complete archive of other texts, at
// the revision the document has here, replaces it under a later revision
// (a cache keyed on the revision would otherwise keep the old texts); the
// same texts again keep the archive's.
func TestArchiveReplaceMovesRevisionOn(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	pair := func(english string) *sverka.Document {
		d, err := ingest.Plain(ingest.PlainPair{ID: "pair-1", Title: "A pair", Russian: "Первое предложение.", English: english})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if err := db.ImportDocument(ctx, &sverka.Archive{Document: pair("The first sentence.")}, false); err != nil {
		t.Fatal(err)
	}
	title := "A pair, edited"
	if _, err := db.UpdateDocumentMetadata(ctx, "pair-1", 0, store.DocumentMetadata{Title: &title}, 0); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		english   string
		rev, want int64
	}{{"Another first sentence.", 2, 3}, {"Another first sentence.", 3, 3}} {
		d := pair(tc.english)
		d.Revision = tc.rev
		if _, err := db.Import(ctx, &sverka.Archive{Document: d, Complete: true}, true); err != nil {
			t.Fatal(err)
		}
		if rev, err := db.DocumentRevision(ctx, "pair-1"); err != nil || rev != tc.want {
			t.Errorf("%q at revision %d: got revision %d (%v), want %d", tc.english, tc.rev, rev, err, tc.want)
		}
	}
}
