package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestSearchManyInArchiveOrder: a word in more passages than a search
// counts lists them in archive order (by document id, or by date, then in
// each document's order) page after page, whatever order the documents
// were indexed in, passing over the documents indexed between two that
// are next in order.
func TestSearchManyInArchiveOrder(t *testing.T) {
	db := openTest(t)
	// Indexed in this order: by id the third comes between the first two,
	// by date the order is another again.
	docs := []struct{ id, date string }{{"a", "1950-03"}, {"c", "1950-01"}, {"b", "1950-05"}, {"d", "1950-02"}}
	per := maxCounted/len(docs) + 40
	for _, d := range docs {
		pairs := make([][2]string, per)
		for i := range pairs {
			pairs[i] = [2]string{fmt.Sprintf("Пункт %d.", i), fmt.Sprintf("Item %d of the list.", i)}
		}
		createDocuments(t, db, pairDocument(d.id, d.date, true, pairs...))
	}
	if err := db.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, sort := range []struct {
		by    string
		order []string
	}{{"", []string{"a", "b", "c", "d"}}, {"date", []string{"c", "d", "a", "b"}}} {
		var want, got []string
		for _, id := range sort.order {
			for i := range per {
				want = append(want, fmt.Sprintf("%s/en/%d", id, i+1))
			}
		}
		for offset := 0; ; offset += 190 {
			page, res := found(t, db, SearchQuery{Text: "list", Sort: sort.by, Limit: 190, Offset: offset})
			if !res.TotalCapped {
				t.Fatalf("got total %d, not capped: fewer matches than the test needs", res.Total)
			}
			got = append(got, page...)
			if !res.More {
				break
			}
		}
		// Pages end with the matches counted (maxCounted), not a page after.
		if len(got) != maxCounted {
			t.Fatalf("sort %q: pages listed %d hits, want the %d counted", sort.by, len(got), maxCounted)
		}
		if want = want[:len(got)]; !slices.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("sort %q: first difference at hit %d: got %v, want %v", sort.by, i, got[i:min(len(got), i+3)], want[i:min(len(want), i+3)])
		}
	}
}
