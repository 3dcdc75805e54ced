// Package ocrnoise injects the errors of typewriter OCR into clean Russian
// text, to measure how well OCR suggestions find and fix them on text that
// no one tuned them on: letter confusions (Б/В, з/в, ю/в, ы/и, м/и, ц/щ),
// Latin look-alikes inside Cyrillic words, words split by a stray space,
// words run together, stray marks (I:, ·, |), line-break hyphens left
// inside words (собстве- нный), a lost space after a comma, a capital in
// the middle of a sentence, two letters swapped, a capital inside a word
// where a letter's capital is only a bigger small one (тОже, Сказал for
// сказал), and a letter read as a mark (пол.тика, с(оюз). Its confusion
// table is
// its own, wider than the suggester's, and a fifth of the letter errors are
// random substitutions, so that the measurement is not circular. Small
// makes the errors of small things: a word of one letter read as another
// or as a dash, a comma read as a semicolon.
package ocrnoise

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
)

// Error is one injected error: where the noisy text has OCR at code points
// [Start, End), the clean text had Want.
type Error struct {
	Start, End int
	OCR, Want  string
	Kind       string
}

// Kinds lists the kinds of error Inject makes.
var Kinds = []string{"letter", "latin", "split", "merge", "mark", "hyphen", "nospace", "case", "swap", "capital", "markletter"}

// smallCaps are the Cyrillic letters whose capital, in typewriter type, is
// the small letter made bigger: OCR that misjudges a letter's height reads
// one for the other.
const smallCaps = "взжклмнопстхшщэю"

// letterMarks are marks OCR reads for a faint or broken letter: a dot or
// comma for a speck of ink, a bar or exclamation mark for a stroke, a
// parenthesis for a round letter.
var letterMarks = []string{".", ",", "'", "-", "|", "!", "("}

// confusions are pairs of letters typewriter OCR confuses: clean → OCR.
var confusions = map[string][]string{
	"в": {"б", "з", "ю", "е"}, "б": {"в", "6"}, "з": {"в", "э", "3"}, "ю": {"в", "ю", "io"},
	"ы": {"и", "ьі", "ь"}, "и": {"н", "й", "ы", "п", "к"}, "н": {"и", "к", "п", "ц"},
	"м": {"и", "ш", "ы", "ии"}, "ц": {"щ", "п", "н"}, "щ": {"ш", "щ"}, "ш": {"щ", "ш", "ш"},
	"е": {"с", "о", "е"}, "о": {"с", "а", "0"}, "с": {"е", "о"}, "а": {"о", "д"},
	"л": {"п", "я", "л"}, "я": {"л", "а"}, "к": {"н", "х"}, "п": {"н", "л"},
	"т": {"г"}, "г": {"т", "r"}, "ь": {"ъ", "б"}, "ъ": {"ь", " "}, "д": {"а", "л"},
	"у": {"ч", "y"}, "ч": {"у", "4"}, "э": {"з"}, "х": {"ж", "к"}, "ж": {"х"},
}

// latin maps Cyrillic letters to the Latin letters that print alike.
var latin = map[rune]rune{'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'к': 'k'}

const russian = "абвгдежзийклмнопрстуфхцчшщъыьэюя"

var stray = []string{" I:", " ·", " |", " l", " i.", " :"}

// Inject returns text with about rate of its Russian words (three letters
// or more) given one error each, and the errors, in text order.
func Inject(text string, rate float64, rng *rand.Rand) (string, []Error) {
	runes := []rune(text)
	var out []rune
	var errs []Error
	for i := 0; i < len(runes); {
		if !isRussian(runes[i]) {
			out = append(out, runes[i])
			i++
			continue
		}
		j := wordEnd(runes, i)
		word := string(runes[i:j])
		n := j - i
		if n < 2 || rng.Float64() >= rate {
			out = append(out, runes[i:j]...)
			i = j
			continue
		}
		start := len(out)
		ocr, want, kind, consumed := corrupt(runes, i, j, rng)
		if ocr == "" && want == "" {
			out = append(out, []rune(word)...)
			i = j
			continue
		}
		out = append(out, []rune(ocr)...)
		errs = append(errs, Error{Start: start, End: len(out), OCR: ocr, Want: want, Kind: kind})
		i = consumed
	}
	return string(out), errs
}

// corrupt makes one error in the word runes[i:j] (and what follows it, for
// the kinds that span two words); it returns the noisy and clean spans and
// where the clean text goes on.
func corrupt(runes []rune, i, j int, rng *rand.Rand) (ocr, want, kind string, next int) {
	w := runes[i:j]
	n := len(w)
	word := string(w)
	nextWord := func() (int, int, bool) { // the following word after one space
		if j+1 < len(runes) && runes[j] == ' ' && isRussian(runes[j+1]) {
			k := j + 1
			for k < len(runes) && isRussian(runes[k]) {
				k++
			}
			return j + 1, k, true
		}
		return 0, 0, false
	}
	switch kind = Kinds[rng.IntN(len(Kinds))]; kind {
	case "letter":
		// One letter misread, and in a third of the words a second one.
		noisy := slices.Clone(w)
		for k := 0; k == 0 || k == 1 && n >= 5 && rng.Float64() < 0.33; k++ {
			noisy = misread(noisy, rng)
		}
		if string(noisy) == word {
			return "", "", "", 0
		}
		return string(noisy), word, kind, j
	case "latin":
		for _, p := range rng.Perm(n) {
			if l, ok := latin[w[p]]; ok {
				return string(w[:p]) + string(l) + string(w[p+1:]), word, kind, j
			}
		}
	case "split":
		if n >= 5 {
			p := 2 + rng.IntN(n-3)
			return string(w[:p]) + " " + string(w[p:]), word, kind, j
		}
	case "hyphen":
		if n >= 6 {
			p := 3 + rng.IntN(n-5)
			return string(w[:p]) + "- " + string(w[p:]), word, kind, j
		}
	case "merge":
		if s, e, ok := nextWord(); ok {
			return word + string(runes[s:e]), word + " " + string(runes[s:e]), kind, e
		}
	case "nospace":
		if j+2 < len(runes) && runes[j] == ',' && runes[j+1] == ' ' && isRussian(runes[j+2]) {
			k := j + 2
			for k < len(runes) && isRussian(runes[k]) {
				k++
			}
			return word + "," + string(runes[j+2:k]), word + ", " + string(runes[j+2:k]), kind, k
		}
	case "mark":
		if _, _, ok := nextWord(); ok {
			return word + stray[rng.IntN(len(stray))], word, kind, j
		}
	case "case":
		if i > 1 && runes[i-1] == ' ' && unicode.IsLower(runes[i-2]) && unicode.IsLower(w[0]) {
			return string(unicode.ToUpper(w[0])) + string(w[1:]), word, kind, j
		}
	case "capital":
		for _, p := range rng.Perm(n) {
			if p > 0 && strings.ContainsRune(smallCaps, w[p]) {
				return string(w[:p]) + string(unicode.ToUpper(w[p])) + string(w[p+1:]), word, kind, j
			}
		}
	case "markletter":
		if n >= 3 {
			p := 1 + rng.IntN(n-2)
			return string(w[:p]) + letterMarks[rng.IntN(len(letterMarks))] + string(w[p+1:]), word, kind, j
		}
	case "swap":
		p := rng.IntN(n - 1)
		if w[p] != w[p+1] {
			return string(w[:p]) + string(w[p+1]) + string(w[p]) + string(w[p+2:]), word, kind, j
		}
	}
	return "", "", "", 0
}

// RealWords returns text with about rate of its Russian words given a
// real-word error, and the errors, in text order: one letter confused (as
// the confusion table has it) so that the word reads as another word that
// isWord knows (Ваш as Баш, бы as би, с as о, это as вто). No
// lexicon-based spelling check can find these; a word with no such
// confusion is left as it is. Words of one letter (в, к, с, о) count.
func RealWords(text string, rate float64, rng *rand.Rand, isWord func(string) bool) (string, []Error) {
	return eachWord(text, "realword", func(w []rune) (string, bool) {
		if rng.Float64() >= rate {
			return "", false
		}
		var words []string
		for p := range w {
			c := string(unicode.ToLower(w[p]))
			for _, sub := range confusions[c] {
				if unicode.IsUpper(w[p]) {
					sub = strings.ToUpper(sub)
				}
				if r := string(w[:p]) + sub + string(w[p+1:]); r != string(w) && isWord(r) && !slices.Contains(words, r) {
					words = append(words, r)
				}
			}
		}
		if len(words) == 0 {
			return "", false
		}
		return words[rng.IntN(len(words))], true
	})
}

// Garble returns text with about rate of its Russian words of six letters
// or more given two or three errors each (kind "garble"), and the errors,
// in text order: letters misread (see misread) and, in a third of the
// words, a letter lost, as a faint or smudged word of a carbon copy reads.
// Few of these are within reach of a search of one or two likely edits:
// they measure what other evidence (the aligned translation) recovers.
func Garble(text string, rate float64, rng *rand.Rand) (string, []Error) {
	return eachWord(text, "garble", func(w []rune) (string, bool) {
		if len(w) < 6 || rng.Float64() >= rate {
			return "", false
		}
		noisy := slices.Clone(w)
		for range 2 + rng.IntN(2) {
			noisy = misread(noisy, rng)
		}
		if rng.Float64() < 0.33 {
			p := 1 + rng.IntN(len(noisy)-1)
			noisy = slices.Delete(noisy, p, p+1)
		}
		return string(noisy), string(noisy) != string(w)
	})
}

// eachWord returns text with each Russian word w for which misread
// returns true read as it says, and those errors, of the given kind, in
// text order.
func eachWord(text, kind string, misread func(w []rune) (string, bool)) (string, []Error) {
	runes := []rune(text)
	var out []rune
	var errs []Error
	for i := 0; i < len(runes); {
		j := i + 1
		if isRussian(runes[i]) {
			for j < len(runes) && isRussian(runes[j]) {
				j++
			}
		}
		w := runes[i:j]
		ocr, ok := "", false
		if isRussian(w[0]) {
			ocr, ok = misread(w)
		}
		if !ok {
			out = append(out, w...)
			i = j
			continue
		}
		errs = append(errs, Error{Start: len(out), End: len(out) + len([]rune(ocr)), OCR: ocr, Want: string(w), Kind: kind})
		out = append(out, []rune(ocr)...)
		i = j
	}
	return string(out), errs
}

// misread replaces one letter of w by one OCR takes it for.
func misread(w []rune, rng *rand.Rand) []rune {
	p := rng.IntN(len(w))
	c := string(unicode.ToLower(w[p]))
	var sub string
	if alts := confusions[c]; len(alts) > 0 && rng.Float64() < 0.8 {
		sub = alts[rng.IntN(len(alts))]
	} else {
		sub = string([]rune(russian)[rng.IntN(len([]rune(russian)))])
	}
	if unicode.IsUpper(w[p]) {
		sub = strings.ToUpper(sub)
	}
	return slices.Concat(w[:p], []rune(sub), w[p+1:])
}

// wordEnd returns where the Russian word at runes[i] ends.
func wordEnd(runes []rune, i int) int {
	for i < len(runes) && isRussian(runes[i]) {
		i++
	}
	return i
}

func isRussian(r rune) bool {
	return unicode.Is(unicode.Cyrillic, r)
}
