package store

import (
	"context"
	"errors"
	"testing"

	"sverka"
)

func TestSearch(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	tests := []struct {
		name, query, lang string
		wantLink          int
		wantMark          string
	}{
		{"another form of a Russian word", "война", "ru", 5, "войне"},
		{"ё read as е", "ещё", "ru", 6, "еще"},
		{"English stem", "divisions", "en", 3, "divisions"},
		{"phrase", `"I received your reply"`, "en", 2, "received"},
		{"OCR reading as is", "Баш", "ru", 2, "Баш"},
		{"quoted FTS syntax is just words", `NEAR(война OR) *`, "ru", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := db.Search(ctx, SearchQuery{Text: tc.query, Lang: tc.lang})
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantLink == 0 {
				return
			}
			found := false
			for _, h := range res.Hits {
				if h.Link != tc.wantLink {
					continue
				}
				for _, m := range h.Marks {
					if string([]rune(h.Text)[m[0]:m[1]]) == tc.wantMark {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("got %+v, want a hit in link %d marking %q", res.Hits, tc.wantLink, tc.wantMark)
			}
		})
	}
	var ve *sverka.ValidationError
	if _, err := db.Search(ctx, SearchQuery{Text: " ;; "}); !errors.As(err, &ve) {
		t.Errorf("empty query: got %v, want a ValidationError", err)
	}
}

// TestSearchCorrectedReading: once a correction is accepted, its reading is
// found, and the hit shows the corrected passage with the OCR beside it.
func TestSearchCorrectedReading(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if res, err := db.Search(ctx, SearchQuery{Text: "Ваш ответ получил", Lang: "ru"}); err != nil || len(res.Hits) != 0 {
		t.Fatalf("before the correction: got %+v (%v), want nothing", res, err)
	}
	u, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	// ByQuote: the store finds the word by its quote.
	c := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationCorrection, Body: "Ваш", CreatorID: u.ID, Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш"}}
	if err := db.CreateAnnotation(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReviewCorrection(ctx, c.ID, sverka.StatusAccepted, c.Version, u.ID); err != nil {
		t.Fatal(err)
	}
	res, err := db.Search(ctx, SearchQuery{Text: "Ваш ответ получил", Lang: "ru"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].Text != "Ваш ответ получил." || res.Hits[0].Diplomatic != "Баш ответ получил." || res.Hits[0].Link != 2 {
		t.Errorf("got %+v, want link 2 in its corrected reading with the OCR beside it", res.Hits)
	}
	// The OCR's reading is still found too.
	if res, err := db.Search(ctx, SearchQuery{Text: "Баш", Lang: "ru"}); err != nil || len(res.Hits) != 1 {
		t.Errorf("the diplomatic reading: got %+v (%v), want one hit", res, err)
	}
}

// TestSearchAnnotations: notes, replies and cross-references are found by
// their words, tags and citations, as the viewer may see them, and a change
// or a deletion is seen by the next search.
func TestSearchAnnotations(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	vera, boris := twoAnnotators(t, db)
	doc := "117313"
	// ByQuote: the store finds the words by their quote.
	target := sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "Should we fear this?"}
	create := func(a *sverka.Annotation) *sverka.Annotation {
		t.Helper()
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	shared := create(&sverka.Annotation{DocumentID: doc, Motivation: sverka.MotivationNote, Body: "Stalin *hesitated* here", Tags: []string{"rhetoric"}, CreatorID: vera.ID, Target: target})
	create(&sverka.Annotation{DocumentID: doc, Motivation: sverka.MotivationReply, Body: "Or he was sure of the outcome", ReplyTo: shared.ID, CreatorID: boris.ID})
	private := create(&sverka.Annotation{DocumentID: doc, Motivation: sverka.MotivationNote, Body: "my private hesitation", Private: true, CreatorID: boris.ID, Target: target})
	create(&sverka.Annotation{DocumentID: doc, Motivation: sverka.MotivationLink, Body: "", CreatorID: vera.ID, Target: target,
		Link: &sverka.CrossReference{Citation: "Shen Zhihua, Mao, Stalin and the Korean War (2012)"}})
	gone := create(&sverka.Annotation{DocumentID: doc, Motivation: sverka.MotivationNote, Body: "a hesitation I took back", CreatorID: vera.ID, Target: target})
	if _, err := db.DeleteAnnotation(ctx, gone.ID, gone.Version, vera.ID); err != nil {
		t.Fatal(err)
	}
	ids := func(viewer *sverka.User, query string) []int64 {
		t.Helper()
		res, err := db.Search(ctx, SearchQuery{Text: query, Viewer: viewer})
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, n := range res.Notes {
			out = append(out, n.AnnotationID)
			if n.Link != 11 || n.Exact != "Should we fear this?" {
				t.Errorf("%q: note %d at link %d on %q, want link 11 on the question", query, n.AnnotationID, n.Link, n.Exact)
			}
		}
		return out
	}
	tests := []struct {
		name, query string
		viewer      *sverka.User
		want        int
	}{
		{"anonymous finds shared notes in any word form", "hesitate", nil, 1},
		{"the author also finds their private note", "hesitate", boris, 2},
		{"someone else does not", "hesitation", vera, 1},
		{"tags", "rhetoric", nil, 1},
		{"replies", "outcome", nil, 1},
		{"citations", "Zhihua", nil, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(tc.viewer, tc.query); len(got) != tc.want {
				t.Errorf("got %v, want %d notes", got, tc.want)
			}
		})
	}
	if _, err := db.UpdateAnnotation(ctx, private.ID, AnnotationUpdate{IfVersion: private.Version, UserID: boris.ID, Body: ptr("my private doubt")}); err != nil {
		t.Fatal(err)
	}
	if got := ids(boris, "hesitation"); len(got) != 1 {
		t.Errorf("after the edit: got %v, want only the shared note", got)
	}
}

func ptr[T any](v T) *T { return &v }
