package stemming_test

import (
	"bufio"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"sverka/lexicon"
	"sverka/stemming"
)

// openLexicon loads a hunspell dictionary, skipping the test where it is
// not installed (but failing under CI, which installs it).
func openLexicon(t *testing.T, lang string) *lexicon.Lexicon {
	t.Helper()
	lx, err := lexicon.Open(lang)
	if errors.Is(err, lexicon.ErrNoDictionary) && os.Getenv("CI") != "true" {
		t.Skipf("%v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

// findsAll reports the pairs of a group where a query for one form would
// not find a text holding the other, in any capitalisation print uses.
func findsAll(k *stemming.Keyer, group []string) []string {
	var misses []string
	for _, a := range group {
		keys := k.QueryKeys(a)
		for _, b := range group {
			for _, written := range []string{b, strings.ToUpper(b), strings.ToLower(b)} {
				if !slices.Contains(keys, k.Key(written)) {
					misses = append(misses, a+" ⇏ "+written)
				}
			}
		}
	}
	return misses
}

// TestNameForms: every form of a name from public texts finds every other.
func TestNameForms(t *testing.T) {
	k := stemming.New(openLexicon(t, "ru_RU"), openLexicon(t, "en_US"))
	f, err := os.Open("testdata/names.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	groups := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		groups++
		group := strings.Fields(line)
		if misses := findsAll(k, group); len(misses) > 0 {
			t.Errorf("%s: %v", group[0], misses)
		}
	}
	if groups < 50 {
		t.Fatalf("got %d groups of names, want at least 50", groups)
	}
}

// TestLexiconForms: for word-form groups built from the dictionaries
// (every inflected form of a stem: proper names, common nouns, English
// words, drawn across the whole dictionary), every form finds every other.
func TestLexiconForms(t *testing.T) {
	ru, en := openLexicon(t, "ru_RU"), openLexicon(t, "en_US")
	k := stemming.New(ru, en)
	tests := []struct {
		name  string
		lex   *lexicon.Lexicon
		pick  func(stem string) bool
		count int
	}{
		{"Russian names", ru, func(s string) bool { return startsUpper(s) && isCyrillicWord(s) }, 120},
		{"Russian words", ru, func(s string) bool { return !startsUpper(s) && isCyrillicWord(s) }, 80},
		{"English words", en, func(s string) bool { return !startsUpper(s) && isLatinWord(s) }, 40},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stems []string
			tc.lex.Stems(func(s string) bool {
				if tc.pick(s) {
					stems = append(stems, s)
				}
				return true
			})
			slices.Sort(stems)
			if len(stems) < tc.count {
				t.Fatalf("got %d stems, want at least %d", len(stems), tc.count)
			}
			failed := 0
			for i := range tc.count {
				j := i * len(stems) / tc.count // evenly across the dictionary
				for len(tc.lex.Forms(stems[j])) < 3 && j+1 < len(stems) {
					j++ // a group of one or two forms says little
				}
				stem := stems[j]
				if misses := findsAll(k, tc.lex.Forms(stem)); len(misses) > 0 {
					failed++
					t.Errorf("%s: %v", stem, misses)
				}
			}
			t.Logf("%d groups, %d failed", tc.count, failed)
		})
	}
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func isCyrillicWord(s string) bool {
	return utf8.RuneCountInString(s) > 2 && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.Is(unicode.Cyrillic, r) })
}

func isLatinWord(s string) bool {
	return utf8.RuneCountInString(s) > 2 && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.Is(unicode.Latin, r) })
}
