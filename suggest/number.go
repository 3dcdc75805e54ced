package suggest

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// digitLike maps the letters and marks typewriter OCR reads for digits.
var digitLike = map[rune]rune{
	'O': '0', 'o': '0', 'О': '0', 'о': '0', 'D': '0',
	'I': '1', 'l': '1', '|': '1', 'І': '1', 'i': '1',
	'З': '3', 'з': '3', 'Ч': '4', 'ч': '4', 'S': '5', 'б': '6', 'B': '8',
}

// Log probabilities of numbers as the English sees them.
var (
	// logUnmatchedNumber: a number the aligned English, which has
	// numbers, does not have.
	logUnmatchedNumber = -6.0
	// numberBonus: a reading of a number that the English has.
	numberBonus = 8.0
)

var englishNumber = regexp.MustCompile(`\d[\d,]*`)

// englishNumbers returns the numbers written in digits in an English
// translation ("1,000" as 1000).
func englishNumbers(en string) []string {
	var out []string
	for _, m := range englishNumber.FindAllString(en, -1) {
		out = append(out, strings.ReplaceAll(strings.TrimRight(m, ","), ",", ""))
	}
	return out
}

// number is the hypothesis that a number token i (with a digit-like
// letter glued before it: I95О) is misread: letters or marks read for
// digits (195О for 1950), or, when the aligned English has numbers, a digit
// misread (1956 where the English says 1950). The English must have the
// number the reading gives, or the token must mix digits with letters.
func (s *scan) number(i int) (hypothesis, bool) {
	start := i
	if p := i - 1; p >= 0 && s.toks[p].kind == wordToken && len([]rune(s.toks[p].text)) == 1 && digitLike[[]rune(s.toks[p].text)[0]] != 0 {
		start = p
	}
	runes := s.runes[s.toks[start].start:s.toks[i].end]
	// The number is the run of digits and digit-like letters it begins
	// with; what follows (-ю, г) is kept.
	n := 0
	for n < len(runes) && (unicode.IsDigit(runes[n]) || digitLike[runes[n]] != 0) {
		n++
	}
	if n < len(runes) && isLetter(runes[n]) && n > 0 && digitLike[runes[n-1]] != 0 {
		n-- // "38-го" is fine, but in "3О5г" the letters stop at the last digit
	}
	if n < len(runes) && unicode.In(runes[n], unicode.Latin) {
		return hypothesis{}, false // part of a Latin word: i18n, x86
	}
	ocr := string(runes[:n])
	var edits []Edit
	reading := []rune(ocr)
	for k, r := range reading {
		if d, ok := digitLike[r]; ok {
			reading[k] = d
			edits = append(edits, Edit{string(r), string(d)})
		}
	}
	h := hypothesis{start: s.toks[start].start, end: s.toks[start].start + n}
	inEnglish := func(x string) bool { return slices.Contains(s.numbers, x) }
	if len(edits) > 0 {
		// Digits mixed with letters are no number as written.
		h.keep = unknownName + unknownPerLetter*float64(n)
		v := -s.cost(edits...)
		if inEnglish(string(reading)) {
			v += numberBonus
		}
		h.readings = append(h.readings, scored{string(reading), v, len(edits)})
		return h, true
	}
	if len(s.numbers) == 0 || inEnglish(ocr) {
		return h, false
	}
	h.keep = logUnmatchedNumber
	for _, en := range s.numbers {
		if e, ok := oneDigit(ocr, en); ok {
			h.readings = append(h.readings, scored{en, numberBonus - s.cost(e), 1})
		}
	}
	return h, len(h.readings) > 0
}

// oneDigit returns the edit when a and b are numbers of one length that
// differ in one digit.
func oneDigit(a, b string) (Edit, bool) {
	if len(a) != len(b) {
		return Edit{}, false
	}
	at := -1
	for k := range len(a) {
		if a[k] != b[k] {
			if at >= 0 {
				return Edit{}, false
			}
			at = k
		}
	}
	if at < 0 {
		return Edit{}, false
	}
	return Edit{a[at : at+1], b[at : at+1]}, true
}

// digitWord is the hypothesis that the digits of a run of letters and
// digits with no space (инф0рмацию, гла4ы, 0дин: tokens of their own) are
// letters misread: the run is read as one word the speller mends.
func (s *scan) digitWord(i int) (hypothesis, bool) {
	glued := func(k int) bool {
		return k >= 0 && k < len(s.toks) && (s.toks[k].kind == wordToken || s.toks[k].kind == numberToken)
	}
	if glued(i - 1) {
		return hypothesis{}, false // not where the run begins
	}
	j := i
	for glued(j + 1) {
		j++
	}
	runes := s.runes[s.toks[i].start:s.toks[j].end]
	if !digitInWord(runes) {
		return hypothesis{}, false
	}
	w := string(runes)
	lw, shape := lower(w), shapeOf(w)
	if shape == mixedCase {
		shape = lowerCase
	}
	h := hypothesis{start: s.toks[i].start, end: s.toks[j].end}
	h.keep = s.base(w) - s.c.channel.keepCost() + s.context(i, j, lw)
	for _, cd := range addReadings(s.c.wordCandidates(lw, shape, false), s.translatedReadings(lw, shape)) {
		text := withShape(cd.text, shape)
		h.readings = append(h.readings, scored{text, s.base(text) - s.cost(cd.edits...) + s.context(i, j, cd.text), len(cd.edits)})
	}
	return h, len(h.readings) > 0
}

// digitInWord reports whether a digit stands between two Cyrillic letters,
// or digits OCR reads for letters (0 for о, 3 for з, 6 for б) do (до60вьте),
// or one begins a word: a number's ending (38-ю), a footnote's mark
// (Москве1) and a lost space (5лет, в1950) stand otherwise.
func digitInWord(r []rune) bool {
	cyrillic := func(k int) bool { return k >= 0 && k < len(r) && unicode.Is(unicode.Cyrillic, r[k]) }
	letterLike := func(c rune) bool { return unicode.IsDigit(c) && len(glyphsOf(string(c)).similar) > 0 }
	for k := 0; k < len(r); k++ {
		if !unicode.IsDigit(r[k]) {
			continue
		}
		n := k + 1 // the digits r[k:n]
		for n < len(r) && unicode.IsDigit(r[n]) {
			n++
		}
		alike := !slices.ContainsFunc(r[k:n], func(c rune) bool { return !letterLike(c) })
		if cyrillic(n) && (cyrillic(k-1) && (n == k+1 || alike) || k == 0 && n == 1 && alike) {
			return true
		}
		k = n
	}
	return false
}
