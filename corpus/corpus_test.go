package corpus

import (
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"unicode"

	"sverka/lexicon"
)

// vocabularies reads small vocabularies from Debian's Hunspell
// dictionaries, or skips (fails under CI=true) when they are not installed.
func vocabularies(t *testing.T) (ru, en *Vocabulary) {
	t.Helper()
	v, err := readOnce()
	ru, en = v[0], v[1]
	if errors.Is(err, lexicon.ErrNoDictionary) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return ru, en
}

// readOnce reads the dictionaries once for every test: it takes seconds.
var readOnce = sync.OnceValues(func() ([2]*Vocabulary, error) {
	ru, en, err := ReadDictionaries(3000, rand.New(rand.NewPCG(1, 2)))
	return [2]*Vocabulary{ru, en}, err
})

func TestDocumentShape(t *testing.T) {
	ru, en := vocabularies(t)
	g := New(ru, en, 7)
	total := 0
	for range 2000 {
		n := g.Pairs()
		if n < MinPairs || n > MaxPairs {
			t.Fatalf("got %d pairs, want %d to %d", n, MinPairs, MaxPairs)
		}
		total += n
	}
	if mean := total / 2000; mean < 35 || mean > 80 {
		t.Errorf("got a mean of %d pairs a document, want about 50 (1M sentences in 10k documents)", mean)
	}
	d := g.Document("d1", 60)
	for _, tc := range []struct {
		lang, text string
		script     *unicode.RangeTable
	}{{"ru", d.Russian, unicode.Cyrillic}, {"en", d.English, unicode.Latin}} {
		t.Run(tc.lang, func(t *testing.T) {
			letters, inScript := 0, 0
			for _, r := range tc.text {
				if unicode.IsLetter(r) {
					letters++
					if unicode.Is(tc.script, r) {
						inScript++
					}
				}
			}
			if inScript < letters*95/100 {
				t.Errorf("got %d of %d letters in the language's script", inScript, letters)
			}
			ends := strings.Count(tc.text, ".") + strings.Count(tc.text, "?") + strings.Count(tc.text, "!")
			if ends < 60 || ends > 60*13/10 {
				t.Errorf("got %d sentences for 60 pairs", ends)
			}
			if paras := strings.Count(tc.text, "\n\n") + 1; paras < 60/7 || paras > 60 {
				t.Errorf("got %d paragraphs for 60 sentences", paras)
			}
		})
	}
	if a, b := New(ru, en, 3).Document("x", 30), New(ru, en, 3).Document("x", 30); a != b {
		t.Error("the same seed made different documents")
	}
}

func TestNotesPointAtTheirWords(t *testing.T) {
	ru, en := vocabularies(t)
	g := New(ru, en, 1)
	d := g.Document("d", 40)
	runes := []rune(d.Russian)
	notes := g.Notes(d.Russian, 6, 42)
	if len(notes) != 6 {
		t.Fatalf("got %d notes, want 6", len(notes))
	}
	for _, n := range notes {
		if got := string(runes[n.Start:n.End]); got != n.Exact || got == "" {
			t.Errorf("note at [%d, %d) quotes %q, the text there is %q", n.Start, n.End, n.Exact, got)
		}
		if n.Body == "" || n.Creator == "" {
			t.Errorf("note %+v has no body or no creator", n)
		}
	}
}

func TestQueriesComeFromTheCorpus(t *testing.T) {
	ru, en := vocabularies(t)
	g := New(ru, en, 5)
	var all strings.Builder
	for range 20 {
		d := g.Document("d", 50)
		all.WriteString(strings.ToLower(d.Russian + " " + d.English))
	}
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(all.String(), func(r rune) bool { return !unicode.IsLetter(r) }) {
		words[w] = true
	}
	text := all.String()
	q := g.Queries(10)
	for _, tc := range []struct {
		kind string
		list []string
		ok   func(string) bool
	}{
		{"common", q.Common, func(s string) bool { return words[s] }},
		{"rare", q.Rare, func(s string) bool { return words[s] && strings.Count(text, s) <= 20 }},
		{"phrase", q.Phrase, func(s string) bool { return strings.Contains(text, strings.Trim(s, `"`)) }},
		{"inflected", q.Inflected, func(s string) bool { return !words[s] }},
		{"prefix", q.Prefix, func(s string) bool {
			return strings.HasSuffix(s, "*") && strings.Contains(text, strings.TrimSuffix(s, "*"))
		}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			if len(tc.list) != 10 {
				t.Fatalf("got %d queries, want 10", len(tc.list))
			}
			for _, s := range tc.list {
				if !tc.ok(s) {
					t.Errorf("%s query %q does not fit the corpus", tc.kind, s)
				}
			}
		})
	}
}
