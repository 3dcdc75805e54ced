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
		h.keep = unknownBase + unknownPerLetter*float64(n)
		v := -s.cost(edits...)
		if inEnglish(string(reading)) {
			v += numberBonus
		}
		h.readings = append(h.readings, scored{string(reading), v})
		return h, true
	}
	if len(s.numbers) == 0 || inEnglish(ocr) {
		return h, false
	}
	h.keep = logUnmatchedNumber
	for _, en := range s.numbers {
		if e, ok := oneDigit(ocr, en); ok {
			h.readings = append(h.readings, scored{en, numberBonus - s.cost(e)})
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
