package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"sverka/corpus"
	"sverka/lexicon"
)

// TestCodeTextSlice: passages are cut at code points, as SQL's substr cuts
// them, whatever the order of the ranges and past the end of the text.
func TestCodeTextSlice(t *testing.T) {
	text := "Ёж шёл. Hedgehog went. Ёж"
	ranges := [][2]int{{8, 22}, {0, 7}, {23, 25}, {23, 40}, {3, 3}, {30, 35}}
	want := []string{"Hedgehog went.", "Ёж шёл.", "Ёж", "Ёж", "", ""}
	for i, r := range ranges {
		if rs := []rune(text); r[0] < len(rs) {
			if got := string(rs[r[0]:min(r[1], len(rs))]); got != want[i] {
				t.Fatalf("the test's own want %d: %q is not %q", i, want[i], got)
			}
		}
	}
	ct := newCodeText(text)
	var got []string
	for _, r := range ranges {
		got = append(got, ct.slice(r[0], r[1]))
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestCodeTextSliceLongText: in a text of many marks, with characters of
// one to four bytes, every cut equals the code points' own slice.
func TestCodeTextSliceLongText(t *testing.T) {
	text := mixedWidthText(1500)
	runes := []rune(text)
	ct := newCodeText(text)
	for start := -1; start <= len(runes)+2; start += 7 {
		for _, n := range []int{0, 1, 5, 63, 64, 65, 200} {
			end := start + n
			want := ""
			if s, e := max(start, 0), min(end, len(runes)); s < e {
				want = string(runes[s:e])
			}
			if got := ct.slice(start, end); got != want {
				t.Fatalf("slice(%d, %d) = %q, want %q", start, end, got, want)
			}
		}
	}
}

// TestHitTextsCutInSQLAsInGo: a page of hits shows the same passages
// whether their base texts are read whole into the cache or each passage
// is cut out by SQL (a text with one passage on the page, not cached):
// Cyrillic, letters outside the BMP, combining marks, on either engine.
func TestHitTextsCutInSQLAsInGo(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	createDocuments(t, db, pairDocument("cut", "1950-01-01", true,
		[2]string{"Ёж 𝔸 шёл домой.", "The hedgehog 𝔸 went home."},
		[2]string{"Ёж спал.", "The hedgehog slept."},
		[2]string{"Кот пришёл с е\u0301жиком 😀.", "A cat came with a hedgehog 😀."},
	), pairDocument("other", "1950-01-02", true,
		[2]string{"Другой 😀 ёж пришёл.", "Another 😀 hedgehog came."},
	))
	search := func(q string) []SearchHit {
		t.Helper()
		res, err := db.Search(ctx, SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return res.Hits
	}
	queries := []string{"ёж", "hedgehog", "кот", "пришёл", "слепой"}
	db.baseTexts = newTextCache(1) // nothing fits: every passage alone in its text is cut by SQL
	var cut [][]SearchHit
	for _, q := range queries {
		cut = append(cut, search(q))
	}
	db.baseTexts = newTextCache(DefaultTextCacheBytes)
	ids, err := db.reader.QueryContext(ctx, `SELECT id FROM base_texts`)
	if err != nil {
		t.Fatal(err)
	}
	list, err := scanColumn[int64](ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range list {
		if _, err := db.cachedText(ctx, db.reader, id); err != nil {
			t.Fatal(err)
		}
	}
	for i, q := range queries {
		if got := search(q); !reflect.DeepEqual(got, cut[i]) {
			t.Errorf("%q: cut in SQL %+v, from cached texts %+v", q, cut[i], got)
		}
	}
	if len(cut[0]) < 3 || cut[0][0].Text == "" {
		t.Fatalf("ёж: got %+v, want hits with text", cut[0])
	}
}

// TestMarksSkipOnlyWordsNoKeyMatches: leaving out the words that have no
// letter of the scripts of the keys marked (hitMarks.scripts) marks what
// looking every word's key up marks, on made-up texts of both languages
// with OCR's mixed-script words among them (a Latin o or c in a Russian
// word), for queries of every kind in either language.
func TestMarksSkipOnlyWordsNoKeyMatches(t *testing.T) {
	ru, en, err := corpus.ReadDictionaries(2000, rand.New(rand.NewPCG(7, 7)))
	if errors.Is(err, lexicon.ErrNoDictionary) && os.Getenv("CI") != "true" {
		t.Skip("needs hunspell-ru and hunspell-en-us:", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	keyer := loadKeyer()
	g := corpus.New(ru, en, 7)
	var texts []string
	mixed := strings.NewReplacer("о", "o", "с", "c")
	for i := range 6 {
		d := g.Document(fmt.Sprintf("m%d", i), 20)
		texts = append(texts, d.Russian, d.English, mixed.Replace(d.Russian))
	}
	qs := g.Queries(15)
	var queries []string
	for _, kind := range [][]string{qs.Common, qs.Rare, qs.Phrase, qs.Inflected, qs.Prefix} {
		queries = append(queries, kind...)
	}
	queries = append(queries, mixed.Replace(qs.Common[0]), mixed.Replace(qs.Rare[0]), "1950")
	marked, skipped := 0, 0
	for _, q := range queries {
		exact := map[string]bool{}
		var prefixes []string
		for _, term := range parseTerms(q) {
			if term.prefix {
				prefixes = append(prefixes, term.words[0])
			}
			for _, w := range term.words {
				for _, k := range keyer.QueryKeys(w) {
					exact[k] = true
				}
			}
		}
		m := newHitMarks(keyer, exact, nil, prefixes)
		every := newHitMarks(keyer, exact, nil, prefixes)
		every.scripts = cyrillic | latin | otherScript
		for _, text := range texts {
			got, _ := m.mark(text)
			want, _ := every.mark(text)
			if !slices.Equal(got, want) {
				t.Fatalf("query %q: marks %v, looking every key up %v", q, got, want)
			}
			marked += len(got)
		}
		for w := range m.seen {
			if m.scripts&scriptsOf(w) == 0 {
				skipped++
			}
		}
	}
	if marked == 0 || skipped == 0 {
		t.Errorf("%d marks, %d words skipped: the texts test nothing", marked, skipped)
	}
}
