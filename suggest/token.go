package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind tells words from what stands between them.
type tokenKind int

const (
	wordToken   tokenKind = iota // letters, with hyphens or apostrophes inside
	numberToken                  // digits, with letters or hyphens after ("38-ю"), or letters, a hyphen and digits ("Ту-154")
	spaceToken
	markToken // anything else: punctuation, dashes, stray marks
)

// token is a run of a text's code points [Start, End).
type token struct {
	kind       tokenKind
	start, end int
	text       string
}

// tokenize splits runes into words, numbers, spaces and marks. A word keeps
// an inner hyphen ("кому-либо", "ев-руководителей") but not a leading or
// trailing one ("-на", "собстве-"); letters, a hyphen and digits are a
// designation ("Ту-154", "Т-34"), taken as a number: the checker never
// doubts it, where it read "Ту-" as a word.
func tokenize(runes []rune) []token {
	var out []token
	for i := 0; i < len(runes); {
		j := i + 1
		kind := markToken
		switch r := runes[i]; {
		case isLetter(r):
			kind = wordToken
			for j < len(runes) && (isLetter(runes[j]) || isInnerJoin(runes, j) && !unicode.IsDigit(runes[j+1])) {
				j++
			}
			if isInnerJoin(runes, j) { // a designation: "Ту-154", "МиГ-15"
				kind, j = numberToken, numberEnd(runes, j)
			}
		case unicode.IsDigit(r):
			kind, j = numberToken, numberEnd(runes, j)
		case unicode.IsSpace(r):
			kind = spaceToken
			for j < len(runes) && unicode.IsSpace(runes[j]) {
				j++
			}
		}
		out = append(out, token{kind: kind, start: i, end: j, text: string(runes[i:j])})
		i = j
	}
	return out
}

// numberEnd is the end of a number that goes on at runes[j]: its digits,
// and letters or digits joined to them.
func numberEnd(runes []rune, j int) int {
	for j < len(runes) && (unicode.IsDigit(runes[j]) || isLetter(runes[j]) || isInnerJoin(runes, j)) {
		j++
	}
	return j
}

// isLetter reports whether r may stand in a word: a letter or a combining
// mark (a stress accent, the breve of й written apart).
func isLetter(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// isInnerJoin reports whether runes[j] is a hyphen or apostrophe with a
// letter or digit on both sides.
func isInnerJoin(runes []rune, j int) bool {
	if j+1 >= len(runes) || j == 0 || !strings.ContainsRune("-'’", runes[j]) {
		return false
	}
	next := runes[j+1]
	return isLetter(next) || unicode.IsDigit(next)
}

// isCyrillic reports whether s has a Cyrillic letter.
func isCyrillic(s string) bool {
	for _, r := range s {
		if cyrillic(r) {
			return true
		}
	}
	return false
}

// cyrillic is unicode.Is(unicode.Cyrillic, r), the Russian alphabet told
// without the table: most of what the checker asks.
func cyrillic(r rune) bool {
	return r >= 'А' && r <= 'я' || r == 'ё' || r == 'Ё' || unicode.Is(unicode.Cyrillic, r)
}

// caseShape is how a word is capitalised.
type caseShape int

const (
	lowerCase caseShape = iota
	titleCase
	upperCase
	mixedCase
)

func shapeOf(w string) caseShape {
	upper, lower, first := 0, 0, true
	firstUpper := false
	for _, r := range w {
		// The Russian alphabet's letters, most of what is asked, are told
		// apart without the tables of unicode.IsUpper and IsLower, as those
		// tell them.
		isUpper, isLower := r >= 'А' && r <= 'Я' || r == 'Ё', r >= 'а' && r <= 'я' || r == 'ё'
		if !isUpper && !isLower {
			isUpper, isLower = unicode.IsUpper(r), unicode.IsLower(r)
		}
		switch {
		case isUpper:
			upper++
			if first {
				firstUpper = true
			}
		case isLower:
			lower++
		}
		if isUpper || isLower || isLetter(r) {
			first = false
		}
	}
	switch {
	case upper == 0:
		return lowerCase
	case lower == 0 && upper > 1:
		return upperCase
	case firstUpper && upper == 1:
		return titleCase
	}
	return mixedCase
}

// withShape writes the lower-case word w in shape s.
func withShape(w string, s caseShape) string {
	switch s {
	case upperCase:
		return strings.ToUpper(w)
	case titleCase:
		r := []rune(w)
		if len(r) > 0 {
			r[0] = unicode.ToUpper(r[0])
		}
		return string(r)
	}
	return w
}

// lower is strings.ToLower, without looking up the case of each letter of
// a word already in lower-case Russian (most of those the checker meets):
// а to п are 0xD0 0xB0-0xBF in UTF-8, р to я 0xD1 0x80-0x8F, ё 0xD1 0x91.
func lower(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if 'A' <= c && c <= 'Z' {
				return strings.ToLower(s)
			}
			i++
		case i+1 < len(s) && (c == 0xD0 && s[i+1] >= 0xB0 && s[i+1] <= 0xBF || c == 0xD1 && (s[i+1] >= 0x80 && s[i+1] <= 0x8F || s[i+1] == 0x91)):
			i += 2
		default:
			return strings.ToLower(s)
		}
	}
	return s
}

// russianLetter reports whether s is one letter of the Russian alphabet,
// either case (А to я, Ё, ё), told by its bytes.
func russianLetter(s string) bool {
	return len(s) == 2 && (s[0] == 0xD0 && (s[1] >= 0x90 && s[1] <= 0xBF || s[1] == 0x81) || s[0] == 0xD1 && (s[1] >= 0x80 && s[1] <= 0x8F || s[1] == 0x91))
}

// hasSpace reports whether s has white space (unicode.IsSpace), passing
// over Cyrillic letters by their bytes: a code point from U+0400 to U+04FF
// is 0xD0-0xD3 and a continuation byte, and none is a space.
func hasSpace(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if c == ' ' || c >= '\t' && c <= '\r' {
				return true
			}
			i++
		case c >= 0xD0 && c <= 0xD3 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return true
			}
			i += size
		}
	}
	return false
}
