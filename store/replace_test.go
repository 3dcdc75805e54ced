package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"sverka"
	"sverka/ingest"
	"sverka/internal/storetest"
	"sverka/store"
)

// TestReplaceDocumentKeepsAnnotations re-imports the letter from a changed
// source: annotations on words that are still there stay on them (at new
// offsets), one on a word that is gone is orphaned, none is lost.
func TestReplaceDocumentKeepsAnnotations(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	note := func(lang, words string) *sverka.Annotation {
		// ByQuote: the store finds the words by their quote.
		a := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, Body: "on " + words, CreatorID: u.ID,
			Target: sverka.TextTarget{Lang: lang, ByQuote: true, Exact: words}}
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	stays := note("ru", "китайских добровольческих дивизиях")
	gone := note("ru", "пландарм")
	english := note("en", "I received your reply.")

	raw, err := os.ReadFile("../seed/117313-filippov-to-mao-1950-10-05.txt")
	if err != nil {
		t.Fatal(err)
	}
	edits, err := os.Open("../seed/117313-filippov-to-mao-1950-10-05.edits.json")
	if err != nil {
		t.Fatal(err)
	}
	defer edits.Close()
	ed, err := ingest.ReadEdits(edits)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(raw), "Баш ответ получил.", "Баш ответ получил вчера.", 1)
	changed = strings.Replace(changed, "в пландарм для", "в плацдарм для", 1)
	nd, err := ingest.WCA(changed, ed)
	if err != nil {
		t.Fatal(err)
	}
	r, err := db.ReplaceDocument(ctx, nd, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Kept != 3 || r.Moved != 1 || r.Orphaned != 1 {
		t.Errorf("got %+v, want 3 kept, 1 moved, 1 orphaned", r)
	}
	after, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []*sverka.Annotation{stays, gone, english} {
		got, err := db.FindAnnotationByID(ctx, a.ID, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		words := string([]rune(after.Text(got.Target.Lang).Text)[got.Target.Start:got.Target.End])
		switch {
		case a == gone:
			if !got.Orphaned {
				t.Errorf("the note on %q: got it anchored on %q, want it orphaned", a.Target.Exact, words)
			}
		case got.Orphaned || words != a.Target.Exact:
			t.Errorf("the note on %q now sits on %q (orphaned %v)", a.Target.Exact, words, got.Orphaned)
		}
	}
	if !strings.Contains(after.Text("ru").Text, "получил вчера") || after.Revision <= d.Revision || !after.CreatedAt.Equal(d.CreatedAt) {
		t.Errorf("got revision %d created %v, want the new text, a later revision than %d, the old creation time", after.Revision, after.CreatedAt, d.Revision)
	}
	changes, err := db.FindChanges(ctx, store.ChangeFilter{DocumentID: d.ID, Entity: "document", ViewerID: u.ID})
	if err != nil || len(changes) != 1 || !strings.Contains(fmt.Sprintf("%s", changes[0].Before), "Баш ответ получил.") {
		t.Errorf("got audit %v (%v), want the replaced source kept", changes, err)
	}

	missing := *nd
	missing.ID = "not-there"
	if _, err := db.ReplaceDocument(ctx, &missing, u.ID); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("replacing a missing document: got %v, want ErrNotFound", err)
	}
}
