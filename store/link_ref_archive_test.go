package store_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"sverka"
	"sverka/exchange"
	"sverka/internal/storetest"
	"sverka/store"
)

// exportJSON is document id of db as Sverka JSON.
func exportJSON(t *testing.T, db *store.DB, id string) []byte {
	t.Helper()
	var buf bytes.Buffer
	docs := func(yield func(exchange.Source) error) error {
		return db.Export(context.Background(), []string{id}, nil, func(s *store.ExportSource) error { return yield(s) })
	}
	if err := exchange.WriteJSON(&buf, docs, exchange.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// linkNumbers is every ref of document id with its spans, and the ref of
// each link in order.
func linkNumbers(t *testing.T, db *store.DB, id string) ([]sverka.LinkRef, []int) {
	t.Helper()
	refs, err := db.FindLinkRefs(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.FindDocumentByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var live []int
	for _, l := range d.Links {
		live = append(live, l.Ref)
	}
	return refs, live
}

// TestLinkNumbersTravelInSverkaJSON: after merges and a split, a Sverka
// JSON archive imported into a fresh database gives every link its number
// and keeps every number merged away or widened, so every #link-N answers
// as before, and exports the same bytes; an archive written before links
// had numbers still imports, numbered by position.
func TestLinkNumbersTravelInSverkaJSON(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	d := wordDocument("refs", 8, rand.New(rand.NewPCG(3, 4)))
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	e := &editor{t: t, db: db, id: d.ID}
	e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.MergeLinks(ctx, a, 3)
	})
	e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.SplitLink(ctx, a, 3, map[string]int{"ru": 1, "en": 1})
	})
	e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.MergeLinks(ctx, a, 5)
	})
	wantRefs, wantLive := linkNumbers(t, db, d.ID)
	if !reflect.DeepEqual(wantLive, []int{1, 2, 3, 9, 5, 7, 8}) {
		t.Fatalf("links numbered %v before the export, want 1 2 3 9 5 7 8", wantLive)
	}
	first := exportJSON(t, db, d.ID)
	archives, err := exchange.ReadJSON(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	fresh := storetest.Open(t)
	if err := fresh.ImportDocument(ctx, archives[0], false); err != nil {
		t.Fatal(err)
	}
	gotRefs, gotLive := linkNumbers(t, fresh, d.ID)
	if !reflect.DeepEqual(gotLive, wantLive) || !reflect.DeepEqual(gotRefs, wantRefs) {
		t.Errorf("after export and import: links %v, refs %v; want %v, %v", gotLive, gotRefs, wantLive, wantRefs)
	}
	for ref := 1; ref <= 9; ref++ {
		was, err1 := db.ResolveLinkRef(ctx, d.ID, ref)
		now, err2 := fresh.ResolveLinkRef(ctx, d.ID, ref)
		if was != now || err1 != nil || err2 != nil {
			t.Errorf("#link-%d: %+v (%v) after the import, %+v (%v) before", ref, now, err2, was, err1)
		}
	}
	if again := exportJSON(t, fresh, d.ID); !bytes.Equal(again, first) {
		t.Errorf("the import exports other bytes:\n%s\nwant\n%s", again, first)
	}

	old, err := exchange.ReadJSON(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	old[0].Document.Refs = nil
	for i := range old[0].Document.Links {
		old[0].Document.Links[i].Ref = 0
	}
	older := storetest.Open(t)
	if err := older.ImportDocument(ctx, old[0], false); err != nil {
		t.Fatal(err)
	}
	if _, live := linkNumbers(t, older, d.ID); !reflect.DeepEqual(live, []int{1, 2, 3, 4, 5, 6, 7}) {
		t.Errorf("an archive without numbers: links numbered %v, want by position", live)
	}
	bad, err := exchange.ReadJSON(bytes.NewReader(bytes.Replace(first, []byte(`{"ref":9,`), []byte(`{"ref":3,`), 1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := storetest.Open(t).ImportDocument(ctx, bad[0], false); !errors.As(err, new(*sverka.ValidationError)) {
		t.Errorf("two links numbered 3: got %v, want a validation error", err)
	}
}

// TestReplaceKeepsLinkNumbers: a replace whose texts gain a sentence
// before the others and lose one keeps the number of every link whose
// sentences it keeps; a number merged away still finds its words, the
// number of the sentence dropped answers that it holds nothing, and new
// links get numbers never given before.
func TestReplaceKeepsLinkNumbers(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	d := wordDocument("refs", 8, rand.New(rand.NewPCG(5, 6)))
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	e := &editor{t: t, db: db, id: d.ID}
	e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.MergeLinks(ctx, a, 5)
	})
	next := &sverka.Document{ID: d.ID, Title: d.Title, Public: true, SourceFormat: "plain"}
	for _, t := range d.Texts {
		runes := []rune(t.Text)
		var sentences []string
		for k, s := range t.Segments {
			if k != 6 {
				sentences = append(sentences, string(runes[s.Start:s.End]))
			}
		}
		text := map[string]string{"ru": "Новое начало.", "en": "A new start."}[t.Lang] + " " + strings.Join(sentences, " ")
		nt := sverka.BaseText{Lang: t.Lang, Role: t.Role, Text: text}
		at := 0
		for _, s := range strings.SplitAfter(text, ". ") {
			n := len([]rune(strings.TrimSpace(s)))
			nt.Segments = append(nt.Segments, sverka.Segment{Start: at, End: at + n})
			at += len([]rune(s))
		}
		next.Texts = append(next.Texts, nt)
	}
	for k := range next.Texts[0].Segments {
		links := map[string][]int{"ru": {k}, "en": {k}}
		if k == 5 { // the old links 5 and 6, merged
			links = map[string][]int{"ru": {5, 6}, "en": {5, 6}}
		} else if k == 6 {
			continue
		}
		next.Links = append(next.Links, sverka.Link{Status: "auto", Segments: links})
	}
	next.RawSource = next.Texts[0].Text
	if _, err := db.ReplaceDocument(ctx, next, 0); err != nil {
		t.Fatal(err)
	}
	if _, live := linkNumbers(t, db, d.ID); !reflect.DeepEqual(live, []int{9, 1, 2, 3, 4, 5, 8}) {
		t.Errorf("after the replace, links numbered %v, want 9 (new) 1 2 3 4 5 8", live)
	}
	if got, err := db.ResolveLinkRef(ctx, d.ID, 6); err != nil || got.Link != 5 || got.Position != 6 {
		t.Errorf("#link-6, merged into 5: got %+v, %v; want the row of link 5, at 6", got, err)
	}
	if got, err := db.ResolveLinkRef(ctx, d.ID, 7); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("#link-7, whose sentences are gone: got %+v, %v; want ErrNotFound", got, err)
	}
	e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.SplitLink(ctx, a, 6, map[string]int{"ru": 1, "en": 1})
	})
	if _, live := linkNumbers(t, db, d.ID); live[6] != 10 {
		t.Errorf("a split after the replace numbered the new link %d, want 10, a number never given", live[6])
	}
}
