package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"testing"

	"sverka"
	"sverka/lexicon"
)

// pairDocument makes a document of aligned sentence pairs, one link each.
func pairDocument(id, date string, public bool, pairs ...[2]string) *sverka.Document {
	d := &sverka.Document{ID: id, Title: "Document " + id, Date: date, Public: public, SourceFormat: "plain"}
	texts := [2]*sverka.BaseText{{Lang: "ru", Role: "original"}, {Lang: "en", Role: "translation"}}
	for i, p := range pairs {
		for j, t := range texts {
			if i > 0 {
				t.Text += " "
			}
			start := len([]rune(t.Text))
			t.Text += p[j]
			t.Segments = append(t.Segments, sverka.Segment{Start: start, End: len([]rune(t.Text))})
		}
		d.Links = append(d.Links, sverka.Link{Status: "auto", Segments: map[string][]int{"ru": {i}, "en": {i}}})
	}
	d.Texts = []sverka.BaseText{*texts[0], *texts[1]}
	d.RawSource = texts[0].Text + "\n\n" + texts[1].Text
	return d
}

func createDocuments(t *testing.T, db *DB, docs ...*sverka.Document) {
	t.Helper()
	for _, d := range docs {
		if err := db.CreateDocument(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
}

// found runs a search and lists its hits as "document/lang/link".
func found(t *testing.T, db *DB, q SearchQuery) ([]string, *SearchResult) {
	t.Helper()
	res, err := db.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, fmt.Sprintf("%s/%s/%d", h.DocumentID, h.Lang, h.Link))
	}
	return out, res
}

// TestSearchNamesAndForms: any form of a name finds every other, prefixes
// find the words they begin, and each hit shows its aligned pair with the
// matched words marked on both sides.
func TestSearchNamesAndForms(t *testing.T) {
	if _, err := lexicon.Open("ru_RU"); errors.Is(err, lexicon.ErrNoDictionary) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	db := openTest(t)
	createDocuments(t, db, pairDocument("names", "1950-10-05", true,
		[2]string{"Переговоры с Кореей шли долго.", "Talks with Korea went on for long."},
		[2]string{"Филиппова просили ответить Тайваню.", "Filippov was asked to answer Taiwan."},
		[2]string{"Две дивизии ушли весной.", "Two divisions left in the spring."},
	))
	tests := []struct {
		name, query, lang string
		want              []string
		mark              string
	}{
		{"nominative finds the instrumental", "Корея", "ru", []string{"names/ru/1"}, "Кореей"},
		{"genitive finds the instrumental", "Кореи", "ru", []string{"names/ru/1"}, "Кореей"},
		{"a surname the lexicon reads as another word", "Филиппов", "ru", []string{"names/ru/2"}, "Филиппова"},
		{"a dative form the lexicon lacks", "Тайвань", "ru", []string{"names/ru/2"}, "Тайваню"},
		{"Russian prefix", "дивиз*", "ru", []string{"names/ru/3"}, "дивизии"},
		{"English prefix", "spring*", "en", []string{"names/en/3"}, "spring"},
		{"English prefix longer than the key", "divisio*", "en", []string{"names/en/3"}, "divisions"},
		{"phrase in another form", `"дивизия ушла"`, "ru", []string{"names/ru/3"}, "дивизии"},
		{"a phrase out of order finds nothing", `"ушли дивизии"`, "ru", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, res := found(t, db, SearchQuery{Text: tc.query, Lang: tc.lang, DocumentID: "names"})
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if len(res.Hits) == 0 {
				return
			}
			h := res.Hits[0]
			if !hasMark(h.Text, h.Marks, tc.mark) {
				t.Errorf("got marks %v in %q, want %q marked", h.Marks, h.Text, tc.mark)
			}
			if len(h.Aligned) != 1 || h.Aligned[0].Lang == h.Lang || h.Aligned[0].Text == "" {
				t.Errorf("got aligned %+v, want the other language's passage", h.Aligned)
			}
		})
	}
	// Transliterated names across scripts, when asked: the English name finds
	// the Russian passage, whose aligned English is marked too.
	for _, q := range []string{"Filippov", "Taiwan"} {
		got, res := found(t, db, SearchQuery{Text: q, Lang: "ru", Translit: true, DocumentID: "names"})
		if !slices.Equal(got, []string{"names/ru/2"}) {
			t.Errorf("%s across scripts: got %v, want names/ru/2", q, got)
		} else if a := res.Hits[0].Aligned[0]; !hasMark(a.Text, a.Marks, q) {
			t.Errorf("%s: the aligned English %q has marks %v, want %q marked", q, a.Text, a.Marks, q)
		}
		if got, _ := found(t, db, SearchQuery{Text: q, Lang: "ru", DocumentID: "names"}); len(got) != 0 {
			t.Errorf("%s without translit: got %v, want nothing in Russian", q, got)
		}
	}
}

func hasMark(text string, marks [][2]int, word string) bool {
	runes := []rune(text)
	return slices.ContainsFunc(marks, func(m [2]int) bool { return string(runes[m[0]:m[1]]) == word })
}

// TestSearchOCRVariants: plausible OCR misreadings of a query's words are
// found after the exact hits, marked with the form found; an option turns
// them off; a word far from the query is no variant.
func TestSearchOCRVariants(t *testing.T) {
	db := openTest(t)
	createDocuments(t, db,
		pairDocument("exact", "1950-01-01", true, [2]string{"Мы вынуждены ждать.", "We are forced to wait."}),
		pairDocument("ocr", "1950-01-02", true,
			[2]string{"Мы вниуждени ждать.", "We are forced to wait."},
			[2]string{"Перед обльшой войной.", "Before a great war."},
			[2]string{"Мы выгружены тут.", "We are unloaded here."}),
	)
	// The seed letter has these words too: the tests look at January 1950.
	got, res := found(t, db, SearchQuery{Text: "вынуждены", Lang: "ru", From: "1950-01", To: "1950-01"})
	if !slices.Equal(got, []string{"exact/ru/1", "ocr/ru/1"}) {
		t.Fatalf("got %v, want the exact hit, then the OCR variant", got)
	}
	if v := res.Hits[0].OCRVariant; len(v) != 0 {
		t.Errorf("the exact hit is marked as a variant %v", v)
	}
	if v := res.Hits[1].OCRVariant; !slices.Equal(v, []string{"вниуждени"}) || !hasMark(res.Hits[1].Text, res.Hits[1].Marks, "вниуждени") {
		t.Errorf("got variant %v, marks %v, want вниуждени marked", v, res.Hits[1].Marks)
	}
	if res.Total != 2 {
		t.Errorf("got total %d, want 2", res.Total)
	}
	// With another word: the variant's passage once, after the exact one.
	if got, _ := found(t, db, SearchQuery{Text: "ждать вынуждены", Lang: "ru", From: "1950-01", To: "1950-01"}); !slices.Equal(got, []string{"exact/ru/1", "ocr/ru/1"}) {
		t.Errorf("with another word: got %v, want the exact hit, then the OCR variant", got)
	}
	if got, _ := found(t, db, SearchQuery{Text: "большой войне", Lang: "ru", To: "1950-01"}); !slices.Equal(got, []string{"ocr/ru/2"}) {
		t.Errorf("two letters swapped: got %v, want ocr/ru/2", got)
	}
	if got, _ := found(t, db, SearchQuery{Text: "вынуждены", Lang: "ru", To: "1950-01", NoOCR: true}); !slices.Equal(got, []string{"exact/ru/1"}) {
		t.Errorf("with OCR variants off: got %v, want the exact hit only", got)
	}
}

// TestSearchFiltersCountsPaging: filters by language, document, date and
// visibility; counts; pages that follow each other; sorting by date.
func TestSearchFiltersCountsPaging(t *testing.T) {
	db := openTest(t)
	var pairs [][2]string
	for i := range 7 {
		pairs = append(pairs, [2]string{fmt.Sprintf("Граница %d закрыта.", i), fmt.Sprintf("Border %d is closed.", i)})
	}
	createDocuments(t, db,
		pairDocument("late", "1953-07-27", true, pairs[:3]...),
		pairDocument("early", "1950-06-25", true, pairs[3:]...),
		pairDocument("secret", "1951-01-01", false, [2]string{"Граница на замке.", "The border is shut."}),
	)
	tests := []struct {
		name  string
		q     SearchQuery
		total int
	}{
		{"anonymous: public documents only", SearchQuery{Text: "граница"}, 7},
		{"signed in: all", SearchQuery{Text: "граница", Viewer: &sverka.User{ID: 1}}, 8},
		{"one side", SearchQuery{Text: "граница border", Lang: "en"}, 0},
		{"English side", SearchQuery{Text: "border", Lang: "en"}, 7},
		{"one document", SearchQuery{Text: "граница", DocumentID: "early"}, 4},
		{"a document not there", SearchQuery{Text: "граница", DocumentID: "nope"}, 0},
		{"from a year", SearchQuery{Text: "граница", From: "1951", Viewer: &sverka.User{ID: 1}}, 4},
		{"up to a day", SearchQuery{Text: "граница", To: "1950-06-25"}, 4},
		{"a month", SearchQuery{Text: "граница", From: "1953-07", To: "1953-07"}, 3},
		{"a day range across months", SearchQuery{Text: "граница", From: "1950-06-26", To: "1953-07-26"}, 0},
		// The filters' tokens are in the index beside the words, but no
		// word finds them.
		{"a filter's token", SearchQuery{Text: "pub"}, 0},
		{"the beginning of one", SearchQuery{Text: "pu*"}, 0},
		{"a year's token", SearchQuery{Text: "y1953"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, res := found(t, db, tc.q)
			if res.Total != tc.total || len(res.Hits) != tc.total {
				t.Errorf("got total %d and %d hits, want %d", res.Total, len(res.Hits), tc.total)
			}
		})
	}
	var pages []string
	for offset := 0; offset < 7; offset += 3 {
		got, res := found(t, db, SearchQuery{Text: "граница", Sort: "date", Limit: 3, Offset: offset})
		pages = append(pages, got...)
		if res.More != (offset+3 < 7) {
			t.Errorf("offset %d: got more %v", offset, res.More)
		}
	}
	want := []string{"early/ru/1", "early/ru/2", "early/ru/3", "early/ru/4", "late/ru/1", "late/ru/2", "late/ru/3"}
	if !slices.Equal(pages, want) {
		t.Errorf("pages by date: got %v, want %v", pages, want)
	}
	for _, bad := range []SearchQuery{{Text: "граница", From: "1950-13"}, {Text: "граница", From: "1953", To: "1950"}, {Text: "граница", Sort: "size"}} {
		if _, err := db.Search(context.Background(), bad); !isInvalid(err) {
			t.Errorf("%+v: got %v, want a validation error", bad, err)
		}
	}
}

func isInvalid(err error) bool {
	var ve *sverka.ValidationError
	return errors.As(err, &ve)
}
