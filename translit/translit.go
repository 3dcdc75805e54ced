// Package translit renders names written in Latin letters as Russian
// writes them, so that a name in an English translation (Zhou Enlai,
// Pyongyang, Truman) can be found in its Russian original (Чжоу Эньлай,
// Пхеньян, Трумэн): Chinese in Pinyin by the Palladius system, Korean
// romanisations by syllable, and anything else by English spelling rules.
// A name has several possible renderings; Key folds away what they differ
// in, so a name and a rendering are compared by their keys.
package translit

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// maxRenderings bounds how many renderings of one word are kept: the most
// likely spellings come first, and the long tail of combinations of
// unlikely ones is dropped.
const maxRenderings = 64

// Cyrillic returns the ways Russian may write a word written in Latin
// letters, as lower-case Cyrillic: its Palladius spelling if it is Pinyin,
// its spellings as Korean syllables if it parts into them, and its
// spellings by English rules. A word of no Latin letters has none.
func Cyrillic(word string) []string {
	w := strings.ToLower(word)
	if w == "" || strings.IndexFunc(w, func(r rune) bool { return !isLatin(r) && r != '\'' && r != '’' && r != '-' }) >= 0 {
		return nil
	}
	var out []string
	for _, part := range [][]string{pinyin(w), korean(w), english(w)} {
		for _, r := range part {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

func isLatin(r rune) bool {
	return r >= 'a' && r <= 'z' || r == 'ü'
}

// keyFolds are the spellings of one sound that renderings differ in.
var keyFolds = strings.NewReplacer("ё", "е", "э", "е", "й", "и", "ы", "и", "ь", "", "ъ", "", "-", "")

// Key folds a Cyrillic word, or a rendering, to what Russian spellings of
// one name share: е, ё and э alike, и, й and ы alike, no soft or hard sign,
// no doubled letter, and no vowel at the end (where Russian adds its case
// endings: Пекин, Пекина; Эньлай, Эньлая).
func Key(w string) string {
	w = keyFolds.Replace(strings.ToLower(w))
	b := make([]rune, 0, len(w))
	for _, r := range w {
		if len(b) > 0 && b[len(b)-1] == r {
			continue
		}
		b = append(b, r)
	}
	for len(b) > 1 && strings.ContainsRune("аеиоуюя", b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return string(b)
}

// syllables returns the renderings of w parted into pieces that render
// gives spellings of, every parting and every combination of spellings,
// the first spellings first, at most maxRenderings.
func syllables(w string, render func(string) []string) []string {
	// at[i] holds the renderings of w[:i].
	at := make([][]string, len(w)+1)
	at[0] = []string{""}
	for i := 0; i < len(w); i++ {
		if len(at[i]) == 0 || !utf8.RuneStart(w[i]) {
			continue
		}
		for j := i + 1; j <= len(w) && j-i <= maxPiece; j++ {
			if j < len(w) && !utf8.RuneStart(w[j]) {
				continue
			}
			for _, s := range render(w[i:j]) {
				for _, p := range at[i] {
					if len(at[j]) >= maxRenderings {
						break
					}
					if r := p + s; !slices.Contains(at[j], r) {
						at[j] = append(at[j], r)
					}
				}
			}
		}
	}
	return at[len(w)]
}

// maxPiece is the longest piece syllables tries, in bytes.
const maxPiece = 8
