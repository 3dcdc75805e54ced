package suggest

import (
	"math"
	"strings"
	"unicode/utf8"
)

// logBeforeSmall is the log probability, against a comma's, that a mark
// between a word and the next in lower case is that mark. A full stop
// (after a word of three letters or more that is written Russian, not an
// abbreviation, nor a unit after a number): fortunes-ru has 6 such against
// 22,696 commas, developers-reference-ru none against 3,733. A semicolon
// and a colon: fortunes-ru and the tuning part of developers-reference-ru
// have 901 and 1,437 against 24,880 commas.
var logBeforeSmall = map[string]float64{".": math.Log(3e-4), ";": math.Log(901.0 / 24880), ":": math.Log(1437.0 / 24880)}

// A comma begins a clause of its sentence, a semicolon or colon most
// often a clause of its own: in fortunes-ru and the tuning part of
// developers-reference-ru 31.7 % of the words after a comma (7,894 of
// 24,880) are a word that opens a subordinate clause (clauseWord), 4.5 %
// of those after a semicolon or colon (105 of 2,338). What the word after
// such a mark says of it, against a comma:
var (
	logClauseAfterMark = math.Log(0.045 / 0.317)
	logOtherAfterMark  = math.Log((1 - 0.045) / (1 - 0.317))
)

// The aligned English keeps a semicolon or colon of the Russian: of the
// 24 before a word in lower case in the tuning part of
// developers-reference-ru with the English paragraph, 2 are in a
// paragraph whose English has fewer of that mark than the Russian; of the
// 1,005 commas there, none is in a paragraph whose English has more
// semicolons than the Russian, and 17 more colons. What the English says
// of such a mark, against a comma read as it (add-half smoothed):
var (
	logFewerInEnglish = math.Log((2 + 0.5) / (24 + 1) / (1 - 17.0/1005))
	logKeptInEnglish  = math.Log((22 + 0.5) / (24 + 1) / (17.0 / 1005))
)

// clauseWord reports whether the lower-case w opens a subordinate clause
// (что, как, который…): after a comma far more often than after a
// semicolon or colon.
func clauseWord(w string) bool {
	return strings.HasPrefix(w, "котор") || containsString(clauseWords, w)
}

var clauseWords = []string{"что", "чтобы", "как", "где", "куда", "откуда", "чем", "кто", "будто", "словно", "то", "ибо", "пока", "хотя"}

// afterNumber reports whether token i follows a number (500 тыс., 9 мес.:
// a unit's abbreviation).
func (s *scan) afterNumber(i int) bool {
	j := i - 1
	if j >= 0 && s.toks[j].kind == spaceToken {
		j--
	}
	return j >= 0 && s.toks[j].kind == numberToken
}

// markForComma is the hypothesis that a full stop, semicolon or colon
// between a word and the next in lower case is a comma OCR misread: its
// tail lost ("максимумом. а" for "максимумом, а") or a speck above it
// ("максимумом; а"). The word after it and the aligned English, if any,
// say more of a semicolon or colon.
func (s *scan) markForComma(i int) (hypothesis, bool) {
	t := s.toks[i]
	keep, ok := logBeforeSmall[t.text]
	if !ok || i == 0 || i+2 >= len(s.toks) || s.toks[i+1].text != " " {
		return hypothesis{}, false
	}
	p, n := s.toks[i-1], s.toks[i+2]
	if p.kind != wordToken || n.kind != wordToken || utf8.RuneCountInString(p.text) < 3 || !isCyrillic(p.text) || !isCyrillic(n.text) ||
		shapeOf(n.text) != lowerCase || !s.c.written(p.text).valid || s.afterNumber(i-1) {
		return hypothesis{}, false
	}
	if t.text != "." {
		keep += logOtherAfterMark
		if clauseWord(key(n.text)) {
			keep += logClauseAfterMark - logOtherAfterMark
		}
		keep += s.markInEnglish(t.text)
	}
	return hypothesis{start: t.start, end: t.end, keep: keep, readings: []scored{{",", -s.cost(Edit{t.text, ","}), 1}}}, true
}

// markInEnglish is what the aligned English says of a semicolon or colon
// of the unit: nothing without English, else whether the English has as
// many of that mark as the unit has.
func (s *scan) markInEnglish(mark string) float64 {
	if s.englishText == "" {
		return 0
	}
	if strings.Count(s.englishText, mark) < strings.Count(string(s.runes), mark) {
		return logFewerInEnglish
	}
	return logKeptInEnglish
}
