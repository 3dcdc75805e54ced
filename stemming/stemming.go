// Package stemming turns text into search keys: words split on anything that
// is not a letter or digit, folded to lower case with ё read as е (Russian
// print mostly omits the diaeresis), and reduced to their Snowball stem, so
// that "войны", "войне" and "войну" all find "война".
package stemming

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball"
)

// Token is one word of a text: its range [Start, End) in code points and
// its search key.
type Token struct {
	Start, End int
	Key        string
}

// Tokens splits text into words and gives each its key. Each word is stemmed
// by the script it is written in: Cyrillic as Russian, Latin as English.
func Tokens(text string) []Token {
	var out []Token
	runes := []rune(text)
	for i := 0; i < len(runes); {
		if !isWordRune(runes[i]) {
			i++
			continue
		}
		j := i
		for j < len(runes) && isWordRune(runes[j]) {
			j++
		}
		out = append(out, Token{Start: i, End: j, Key: Key(string(runes[i:j]))})
		i = j
	}
	return out
}

// Key is the search key of one word.
func Key(word string) string {
	w := strings.ToLower(word)
	w = strings.ReplaceAll(w, "ё", "е")
	language := ""
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			language = "russian"
		case unicode.Is(unicode.Latin, r):
			language = "english"
		}
		if language != "" {
			break
		}
	}
	if language == "" {
		return w
	}
	s, err := snowball.Stem(w, language, true)
	if err != nil || s == "" {
		return w
	}
	return s
}

// Keys is the space-separated keys of text, in order: what the full-text
// index stores for a passage.
func Keys(text string) string {
	toks := Tokens(text)
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = t.Key
	}
	return strings.Join(keys, " ")
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
