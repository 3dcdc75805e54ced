package suggest

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// oneLetterWords are the Russian words of one letter: prepositions,
// conjunctions and the pronoun я. A word of one letter gives OCR no
// letters around to go on, so it is read as another more often than its
// shape alone says (в Вам for к Вам, о for с), and a faint one as a dash.
const oneLetterWords = "авикосуя"

// shortWordWeight is the least prior weight of a word of one letter read
// as another, or as a dash (see costAtLeast).
var shortWordWeight = 0.5

// logDashGap is the log probability that a dash standing between two words
// of typed prose is one.
var logDashGap = math.Log(0.003)

// isOneLetterWord reports whether the lower-case w is a word of one letter.
func isOneLetterWord(w string) bool {
	return utf8.RuneCountInString(w) == 1 && strings.Contains(oneLetterWords, w)
}

// shortReadings returns readings with the other words of one letter added
// as readings of the one-letter word lw at token i, written in shape.
func (s *scan) shortReadings(i int, lw string, shape caseShape, readings []scored) []scored {
	if !s.validNeighbours(i) {
		return readings // only the words around can tell, and one is misread
	}
	out := readings
	for _, r := range oneLetterWords {
		l := string(r)
		text := withShape(l, shape)
		if l == lw || slices.ContainsFunc(readings, func(sc scored) bool { return sc.text == text }) {
			continue
		}
		out = append(out, scored{text, s.base(text) - s.costAtLeast(Edit{lw, l}, shortWordWeight) + s.context(i, i, l), 1})
	}
	return out
}

// dashLetter is the hypothesis that a dash standing alone between two
// Russian words is a word of one letter read faintly ("вопрос — посылке"
// for "вопрос о посылке").
func (s *scan) dashLetter(i int) (hypothesis, bool) {
	t := s.toks[i]
	if !strings.Contains("—–-", t.text) || i == 0 || i+1 >= len(s.toks) || s.toks[i-1].kind != spaceToken || s.toks[i+1].kind != spaceToken {
		return hypothesis{}, false
	}
	p, n := s.neighbour(i, -1), s.neighbour(i, +1)
	if p < 0 || n < 0 || !isCyrillic(s.text(p)) || !isCyrillic(s.text(n)) || shapeOf(s.text(n)) != lowerCase {
		return hypothesis{}, false
	}
	h := hypothesis{start: t.start, end: t.end, keep: logDashGap}
	for _, r := range oneLetterWords {
		l := string(r)
		h.readings = append(h.readings, scored{l, s.base(l) - s.costAtLeast(Edit{t.text, l}, shortWordWeight) + s.context(i, i, l), 1})
	}
	return h, true
}

// costAtLeast is the channel's cost of an edit whose prior weight is at
// least least, kept among the edits the unit's scores depend on.
func (s *scan) costAtLeast(e Edit, least float64) float64 {
	s.use(e)
	return s.c.channel.costAtLeast(e, least)
}

// validNeighbours reports whether the words before and after token i are
// both there, of two letters or more, and written Russian: the words that
// tell one word of one letter from another.
func (s *scan) validNeighbours(i int) bool {
	for _, step := range []int{-1, +1} {
		n := s.neighbour(i, step)
		if n < 0 || utf8.RuneCountInString(s.text(n)) < 2 || !isCyrillic(s.text(n)) || !s.c.written(s.text(n)).valid {
			return false
		}
	}
	return true
}
