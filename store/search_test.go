package store

import (
	"context"
	"errors"
	"strings"
	"testing"
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
	var ve *ValidationError
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
	u, err := db.CreateUser(ctx, "vera", RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	ru := d.Text("ru").Text
	s := len([]rune(ru[:strings.Index(ru, "Баш")]))
	c := &Annotation{DocumentID: d.ID, Motivation: MotivationCorrection, Body: "Ваш", CreatorID: u.ID, Target: TextTarget{Lang: "ru", Start: s, End: s + 3}}
	if err := db.CreateAnnotation(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReviewCorrection(ctx, c.ID, StatusAccepted, c.Version, u.ID); err != nil {
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
