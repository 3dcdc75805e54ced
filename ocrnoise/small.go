package ocrnoise

import (
	"math/rand/v2"
	"strings"
	"unicode"
)

// SmallKinds lists the kinds of error Small makes.
var SmallKinds = []string{"function", "dashletter", "punct"}

// oneLetter are the Russian words of one letter: prepositions,
// conjunctions and the pronoun я.
const oneLetter = "авикосуя"

// shortWords are function words of two letters OCR reads as each other
// (one letter misread, and the result a word too): clean → OCR.
var shortWords = map[string][]string{"по": {"но"}, "но": {"по"}, "из": {"ив"}}

// marksFor are what OCR reads for a mark that is there: a comma with a
// speck of ink above it as a semicolon or colon, its tail lost as a full
// stop; a full stop with a speck below as a comma or above as a colon.
var marksFor = map[rune][]string{',': {";", ";", ":", "."}, '.': {",", ":"}}

// Small returns text with about rate of its small things misread, and the
// errors, in text order: a word of one letter (or a two-letter function
// word) read as another (к Вам as в Вам, с as о: a short word gives OCR
// no letters around to go on, so it is read as another one more often
// than its shape alone would say; kind "function"), a word of one letter
// read as a dash ("вопрос — посылке" for "вопрос о посылке"; kind
// "dashletter"), and a comma or full stop read as another mark
// ("максимумом; а" for "максимумом, а"; kind "punct"). Each error's span
// is the misread word or mark alone.
func Small(text string, rate float64, rng *rand.Rand) (string, []Error) {
	runes := []rune(text)
	out := make([]rune, 0, len(runes))
	var errs []Error
	add := func(ocr, want, kind string) {
		errs = append(errs, Error{Start: len(out), End: len(out) + len([]rune(ocr)), OCR: ocr, Want: want, Kind: kind})
		out = append(out, []rune(ocr)...)
	}
	for i := 0; i < len(runes); {
		r := runes[i]
		if alts, ok := marksFor[r]; ok && i > 0 && isRussian(runes[i-1]) && i+1 < len(runes) && runes[i+1] == ' ' && rng.Float64() < rate {
			add(alts[rng.IntN(len(alts))], string(r), "punct")
			i++
			continue
		}
		if !isRussian(r) {
			out = append(out, r)
			i++
			continue
		}
		j := wordEnd(runes, i)
		word := string(runes[i:j])
		spaced := i > 0 && runes[i-1] == ' ' && j < len(runes) && runes[j] == ' '
		ocr, kind := "", ""
		if spaced && rng.Float64() < rate {
			ocr, kind = misreadShort(word, rng)
		}
		if ocr == "" {
			out = append(out, runes[i:j]...)
		} else {
			add(ocr, word, kind)
		}
		i = j
	}
	return string(out), errs
}

// misreadShort returns what OCR reads for a short word between spaces, and
// the kind of error, or "" when it has no such error.
func misreadShort(word string, rng *rand.Rand) (string, string) {
	lw := strings.ToLower(word)
	if alts, ok := shortWords[lw]; ok {
		return withCase(alts[rng.IntN(len(alts))], word), "function"
	}
	if len([]rune(lw)) != 1 || !strings.Contains(oneLetter, lw) {
		return "", ""
	}
	if rng.Float64() < 0.3 {
		return []string{"—", "—", "-"}[rng.IntN(3)], "dashletter"
	}
	// The table's confusion when it makes a word, else any other word
	// of one letter.
	var alts []string
	for _, c := range confusions[lw] {
		if c != lw && strings.Contains(oneLetter, c) {
			alts = append(alts, c)
		}
	}
	if len(alts) == 0 || rng.Float64() < 0.5 {
		for _, c := range oneLetter {
			if string(c) != lw {
				alts = append(alts, string(c))
			}
		}
	}
	return withCase(alts[rng.IntN(len(alts))], word), "function"
}

// withCase writes the lower-case w with the first letter's case of like.
func withCase(w, like string) string {
	r := []rune(w)
	if unicode.IsUpper([]rune(like)[0]) {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}
