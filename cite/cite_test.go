package cite

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

var accessed = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

func TestChicago(t *testing.T) {
	p := Passage{DocumentID: "42", Title: "Memo on rice", Date: "1951-03-07", Citation: "Fond 5, op. 2, d. 7",
		Lang: "en", Start: 10, End: 30, Quote: "the  rice\nharvest", URL: "https://x.test/documents/42?lang=en&char=10,30", Accessed: accessed}
	got := Chicago(p)
	want := "“Memo on rice,” March 7, 1951. Fond 5, op. 2, d. 7. Passage: “the rice harvest”. https://x.test/documents/42?lang=en&char=10,30 (accessed December 2, 2026)."
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestBibTeXEscapes(t *testing.T) {
	p := Passage{DocumentID: "a/b", Title: `50% of {all} & #1_x`, Date: "spring 1950", Lang: "ru", Start: 0, End: 5,
		Quote: strings.Repeat("слово ", 100), URL: "https://x.test/documents/a?char=0,5", Accessed: accessed}
	got := BibTeX(p)
	for _, want := range []string{"@misc{sverka-a_b-ru-0-5,", `title = {50\% of \{all\} \& \#1\_x},`, "note = {spring 1950},",
		"url = {https://x.test/documents/a?char=0,5},", "urldate = {2026-12-02},"} {
		if !strings.Contains(got, want) {
			t.Errorf("BibTeX lacks %q:\n%s", want, got)
		}
	}
	depth := 0
	for i, r := range got {
		switch {
		case r == '{' && (i == 0 || got[i-1] != '\\'):
			depth++
		case r == '}' && (i == 0 || got[i-1] != '\\'):
			depth--
		}
		if depth < 0 {
			t.Fatalf("unbalanced braces at %d:\n%s", i, got)
		}
	}
	if depth != 0 {
		t.Errorf("unbalanced braces (%d open):\n%s", depth, got)
	}
	if !strings.Contains(got, "…”}") {
		t.Errorf("a long passage is not cut:\n%s", got)
	}
}

func TestCSL(t *testing.T) {
	for _, tc := range []struct {
		date string
		want string
	}{
		{"1950-10", `{"date-parts":[[1950,10]]}`},
		{"around 1950", `{"literal":"around 1950"}`},
	} {
		b, err := CSL(Passage{DocumentID: "7", Title: "T", Date: tc.date, Lang: "ru", URL: "https://x.test/", Accessed: accessed})
		if err != nil {
			t.Fatal(err)
		}
		var items []map[string]json.RawMessage
		if err := json.Unmarshal(b, &items); err != nil || len(items) != 1 {
			t.Fatalf("CSL-JSON does not read back as one item: %v\n%s", err, b)
		}
		var issued, acc any
		json.Unmarshal(items[0]["issued"], &issued)
		json.Unmarshal(items[0]["accessed"], &acc)
		got, _ := json.Marshal(issued)
		if string(got) != tc.want {
			t.Errorf("%q: issued %s, want %s", tc.date, got, tc.want)
		}
		if a, _ := json.Marshal(acc); string(a) != `{"date-parts":[[2026,12,2]]}` {
			t.Errorf("accessed %s", a)
		}
	}
}
