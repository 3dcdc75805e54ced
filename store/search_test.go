package store

import (
	"context"
	"errors"
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
