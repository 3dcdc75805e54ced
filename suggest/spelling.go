package suggest

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// A word neither the lexicon nor the counts know is either a real word
// they lack (a rare name, a term) or a word OCR garbled. How probable it
// is as written comes from a letter model of Russian word forms: a letter
// trigram model (Witten-Bell smoothed) of the forms of the embedded
// counts, each counted once, as the words no dictionary has are rare
// ones. Real words read as Russian spelling does (идемпотентны,
// репозиторию); a word with two or three letters misread does not
// (уатей, иииеемоя), and is doubted the more.

// spellingSymbols are the symbols of the letter model: а to я (ё read as
// е), a hyphen, the edge of a word, and anything else.
const (
	hyphenSymbol = 32
	edgeSymbol   = 33
	otherSymbol  = 34
	spellingSize = 35
)

// spellingModel is the letter model: log P(c | a b) by symbols, and what
// a letter of a Russian word usually costs at most (-log P): of the forms
// it learned from, the mean of a form's cost per letter and one standard
// deviation more (2.56 + 0.59 nats).
type spellingModel struct {
	table     [spellingSize][spellingSize][spellingSize]float32
	perLetter float64
}

var spelling struct {
	once  sync.Once
	model *spellingModel
}

// symbolOf returns the letter model's symbol of a lower-case rune.
func symbolOf(r rune) int {
	switch {
	case r >= 'а' && r <= 'я':
		return int(r - 'а')
	case r == 'ё':
		return int('е' - 'а')
	case r == '-':
		return hyphenSymbol
	}
	return otherSymbol
}

// spellingOf returns the letter model made from the embedded counts' forms
// (once a process).
func spellingOf() *spellingModel {
	spelling.once.Do(func() {
		DefaultCounts()
		var forms []string
		defaultCounts.eachWord(func(k string, _ float64) { forms = append(forms, k) })
		slices.Sort(forms) // summed in one order, the model is the same in every process
		spelling.model = trainSpelling(forms)
	})
	return spelling.model
}

// trainSpelling returns the letter model of forms, each counted once.
func trainSpelling(forms []string) *spellingModel {
	var tri [spellingSize][spellingSize][spellingSize]float64
	for _, f := range forms {
		a, b := edgeSymbol, edgeSymbol
		for _, r := range f + "\x00" {
			c := edgeSymbol
			if r != 0 {
				c = symbolOf(r)
			}
			tri[a][b][c]++
			a, b = b, c
		}
	}
	// Counts of bigrams and unigrams, and how many symbols follow each
	// context (Witten-Bell's T).
	var bi [spellingSize][spellingSize]float64
	var uni [spellingSize]float64
	total := 0.0
	for a := range spellingSize {
		for b := range spellingSize {
			for c := range spellingSize {
				bi[b][c] += tri[a][b][c]
				uni[c] += tri[a][b][c]
				total += tri[a][b][c]
			}
		}
	}
	var p1 [spellingSize]float64
	for c := range spellingSize {
		p1[c] = (uni[c] + 1) / (total + spellingSize)
	}
	var p2 [spellingSize][spellingSize]float64
	for b := range spellingSize {
		n, types := 0.0, 0.0
		for c := range spellingSize {
			n += bi[b][c]
			if bi[b][c] > 0 {
				types++
			}
		}
		for c := range spellingSize {
			p2[b][c] = wittenBell(bi[b][c], n, types, p1[c])
		}
	}
	m := new(spellingModel)
	for a := range spellingSize {
		for b := range spellingSize {
			n, types := 0.0, 0.0
			for c := range spellingSize {
				n += tri[a][b][c]
				if tri[a][b][c] > 0 {
					types++
				}
			}
			for c := range spellingSize {
				m.table[a][b][c] = float32(math.Log(wittenBell(tri[a][b][c], n, types, p2[b][c])))
			}
		}
	}
	// The usual cost of a letter: a form's per letter, its mean over the
	// forms and one standard deviation more.
	sum, squares := 0.0, 0.0
	for _, f := range forms {
		x := -m.logp(f) / float64(utf8.RuneCountInString(f))
		sum += x
		squares += x * x
	}
	mean := sum / float64(len(forms))
	m.perLetter = mean + math.Sqrt(squares/float64(len(forms))-mean*mean)
	return m
}

// wittenBell is the probability of a symbol seen k times after a context
// seen n times followed by types symbols, backing off to lower.
func wittenBell(k, n, types, lower float64) float64 {
	if n == 0 {
		return lower
	}
	return (k + types*lower) / (n + types)
}

// logp returns the log probability of a lower-case word form by the
// letter model, its end included; the words of a form with spaces each,
// and the parts of a hyphenated word in Cyrillic letters each (tar-архив
// as архив: the model knows only Russian spelling).
func (m *spellingModel) logp(w string) float64 {
	v := 0.0
	for _, word := range strings.Fields(w) {
		a, b := edgeSymbol, edgeSymbol
		next := func(c int) {
			v += float64(m.table[a][b][c])
			a, b = b, c
		}
		for _, part := range strings.Split(word, "-") {
			if !isCyrillic(part) {
				continue
			}
			if b != edgeSymbol {
				next(hyphenSymbol)
			}
			for _, r := range part {
				next(symbolOf(r))
			}
		}
		if b != edgeSymbol {
			next(edgeSymbol)
		}
	}
	return v
}

// unknownLogp is the language model's score of a form that neither the
// lexicon nor the counts know: a real word's by its length (the longer,
// the less likely), less what its spelling says when the letter model
// finds its letters less likely than a Russian word's usually are (see
// spellingModel). A capitalised form is left to its length: a name, maybe
// a foreign one (Цзе-дун, Бяо), whose spelling the model does not know.
// Each Latin letter or digit that reads as a Russian letter of the word
// (see readLookAlikes) makes any form less likely by logLookAlike.
func unknownLogp(w string) float64 {
	v := unknownName + unknownPerLetter*float64(utf8.RuneCountInString(w))
	if _, es := readLookAlikes(lower(w), lowerCase); es != nil {
		v += logLookAlike * float64(len(es))
	}
	if shapeOf(w) == lowerCase {
		v += min(0, spellingOf().doubt(w))
	}
	return v
}

// doubt is the log of how much less likely the letters of a lower-case
// form are than a Russian word's of its length usually are: below 0, odd
// spelling.
func (m *spellingModel) doubt(w string) float64 {
	return m.logp(w) + m.perLetter*float64(utf8.RuneCountInString(w))
}

// odd reports whether a lower-case form is spelt as Russian words
// usually are not.
func (m *spellingModel) odd(w string) bool { return m.doubt(w) < 0 }
