// Package variant finds the other spellings under which a word may stand in
// an archive: OCR misreadings (letters the OCR confuses, a letter lost, two
// letters swapped) and the same name in the other script (Filippov,
// Филиппов; Zhou Enlai, Чжоу Энь-лай). Words are compared lower case with
// ё read as е (stemming.Fold).
package variant

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// confusable groups the letters OCR takes for one another in Russian and
// English print, including Latin and Cyrillic look-alikes and digits: each
// letter maps to the first of its group.
var confusable = func() map[rune]rune {
	groups := []string{
		"инпйыnh", // Latin n and h read as п and н
		"шщц",
		"есэёce",
		"оаoa0",
		"бв68",
		"лд",
		"ьъb",
		"тгrt",
		"з3",
		"уyчu",
		"жхx",
		"кk",
		"мm",
		"рp",
		"il1|",
		"s5",
	}
	m := map[rune]rune{}
	for _, g := range groups {
		rs := []rune(g)
		for _, r := range rs {
			if _, ok := m[r]; !ok {
				m[r] = rs[0]
			}
		}
	}
	return m
}()

// class is the group a letter belongs to (itself when it has none).
func class(r rune) rune {
	if c, ok := confusable[r]; ok {
		return c
	}
	return r
}

// Shape is a folded word with the letters OCR confuses made one: a word and
// its misreadings by letter confusion share a shape.
func Shape(word string) string {
	var b strings.Builder
	for _, r := range word {
		b.WriteRune(class(r))
	}
	return b.String()
}

// Neighbours are the shapes of the word's likely misreadings that change its
// length or order: one letter lost, two neighbouring letters swapped. With
// Shape itself they are what to look up.
func Neighbours(word string) []string {
	s := []rune(Shape(word))
	out := []string{string(s)}
	for i := range s {
		out = append(out, string(slices.Concat(s[:i:i], s[i+1:])))
		if i+1 < len(s) && s[i] != s[i+1] {
			t := slices.Clone(s)
			t[i], t[i+1] = t[i+1], t[i]
			out = append(out, string(t))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// MaxDistance is how far (Distance) a misreading of a word of n letters may
// be: nothing for short words, where any change makes another word.
func MaxDistance(n int) float64 {
	switch {
	case n < 4:
		return 0
	case n < 6:
		return 1
	case n < 9:
		return 1.5
	default:
		return 2
	}
}

// Distance is the edit distance between two words where a letter read as
// one it is confused with costs half, any other change (a letter replaced,
// added, lost, or two neighbours swapped) one.
func Distance(a, b string) float64 {
	x, y := []rune(a), []rune(b)
	// d[i][j]: distance between x[:i] and y[:j], in half steps.
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = 2 * i
	}
	for j := range d[0] {
		d[0][j] = 2 * j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			sub := 2
			switch {
			case x[i-1] == y[j-1]:
				sub = 0
			case class(x[i-1]) == class(y[j-1]):
				sub = 1
			}
			d[i][j] = min(d[i-1][j]+2, d[i][j-1]+2, d[i-1][j-1]+sub)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+2)
			}
		}
	}
	return float64(d[len(x)][len(y)]) / 2
}

// RelativeDistance is the Levenshtein distance of a and b over the longer
// one's length in code points: 0 for the same (two empty strings too), 1
// for nothing alike.
func RelativeDistance(a, b string) float64 {
	n := max(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	if n == 0 {
		return 0
	}
	return float64(levenshtein.ComputeDistance(a, b)) / float64(n)
}

// Plausible reports whether found may be an OCR misreading of word: close
// enough for the word's length, and not the word itself.
func Plausible(word, found string) bool {
	if word == found {
		return false
	}
	n := len([]rune(word))
	return Distance(word, found) <= MaxDistance(n) && abs(len([]rune(found))-n) <= 1
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
