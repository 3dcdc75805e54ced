package align

import (
	"strings"
	"unicode/utf8"

	"sverka/translit"
)

// ukrainianLetters spells the letters of Ukrainian (and Belarusian) that
// Russian lacks, as OCR of a mixed text may read them; translit.Latin spells
// the Russian ones.
var ukrainianLetters = strings.NewReplacer("і", "i", "ї", "i", "є", "e")

// cyrillicDigraphs are spellings of the Russian (Palladius) system for Chinese names whose
// pinyin form differs from letter-by-letter transliteration: Чжоу is Zhou, Цзе is Ze.
var cyrillicDigraphs = []struct{ from, to string }{
	{"чж", "zh"},
	{"цз", "z"},
}

// russianEndings are inflectional endings tried off a Russian word before comparing it with
// an English name, longest first, so that Тайвана, Энь-лая and Германии meet Taiwan,
// Enlai and Germany.
var russianEndings = []string{
	"ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими",
	"ой", "ей", "ом", "ем", "ах", "ях", "ов", "ев", "ий", "ия", "ии", "ую", "юю",
	"а", "я", "у", "ю", "е", "ы", "и", "ь", "о",
}

// transliterate returns the folded Latin form of a Cyrillic word: lower case, letters only.
// Non-Cyrillic letters pass through, so mixed OCR output still yields something comparable.
func transliterate(word string) string {
	w := strings.ToLower(word)
	for _, d := range cyrillicDigraphs {
		w = strings.ReplaceAll(w, d.from, d.to)
	}
	return foldLatin(translit.Latin(ukrainianLetters.Replace(w)))
}

// stemRussian strips one inflectional ending, keeping at least three letters.
func stemRussian(word string) string {
	w := strings.ToLower(word)
	n := utf8.RuneCountInString(w)
	for _, e := range russianEndings {
		if strings.HasSuffix(w, e) && n-utf8.RuneCountInString(e) >= 3 {
			return strings.TrimSuffix(w, e)
		}
	}
	return w
}

// latinFolds merge spellings that English and Russian transliteration render differently
// (Kh/H, C/K, W/V, Y/I, J/I): after folding, Japan and Япония, Pact and Пакт, Biao and Бяо
// are within a small edit distance.
var latinFolds = strings.NewReplacer(
	"kh", "h", "ck", "k", "ch", "ch", "ph", "f", "c", "k", "w", "v", "y", "i", "j", "i",
	"q", "k", "x", "ks",
)

// foldLatin lower-cases a Latin word, drops everything but ASCII letters and applies
// latinFolds.
func foldLatin(word string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(word) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return latinFolds.Replace(b.String())
}

// similarName reports whether two folded Latin names are close enough to be the same name:
// an edit distance of at most a third of the longer name's length, rounded down after
// taking one away, so three-letter names must match exactly.
func similarName(a, b string) bool {
	if a == b {
		return len(a) > 1
	}
	l := max(len(a), len(b))
	limit := (l - 1) / 3
	if limit == 0 || abs(len(a)-len(b)) > limit {
		return false
	}
	return editDistance(a, b, limit) <= limit
}

// editDistance is the Levenshtein distance of two byte strings, stopping early once every
// entry of a row exceeds limit (it then returns limit+1).
func editDistance(a, b string, limit int) int {
	var buf [2][64]int
	if len(b) >= len(buf[0]) {
		b = b[:len(buf[0])-1]
	}
	prev, cur := buf[0][:len(b)+1], buf[1][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := i
		for j := 1; j <= len(b); j++ {
			d := prev[j-1]
			if a[i-1] != b[j-1] {
				d++
			}
			d = min(d, prev[j]+1, cur[j-1]+1)
			cur[j] = d
			best = min(best, d)
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
