package segment

import (
	"strings"
	"unicode"
)

// abbreviations holds lowercase abbreviations (without the final dot):
// always, only when a digit follows (such as "No. 5"), and those that may also
// end a sentence.
type abbreviations struct {
	always, beforeDigit, ending map[string]bool
}

// before reports whether the '.' at dot, in a segment starting at segStart,
// closes an abbreviation, an initial or an enumerator rather than a sentence.
func (ab abbreviations) before(rs []rune, segStart, dot int, next rune) bool {
	t := dot
	for t > segStart && (unicode.IsLetter(rs[t-1]) || unicode.IsDigit(rs[t-1]) || rs[t-1] == '.') {
		t--
	}
	tok := strings.TrimLeft(string(rs[t:dot]), ".")
	if tok == "" {
		return false
	}
	if isDigits(tok) {
		return t == segStart && len(tok) <= 3
	}
	if spaced, ok := spacedAbbreviation(rs, segStart, t, tok); ok {
		tok = spaced
	}
	if isDigits(strings.ReplaceAll(tok, ".", "")) {
		// A numbered heading: "5.1.".
		return t == segStart && len(tok) <= 8
	}
	if n := []rune(tok); len(n) == 1 && unicode.IsUpper(n[0]) {
		return true
	}
	low := strings.ToLower(tok)
	if ab.always[low] || (ab.beforeDigit[low] && unicode.IsDigit(next)) {
		return true
	}
	if strings.Contains(low, ".") {
		for _, part := range strings.Split(low, ".") {
			if n := len([]rune(part)); n == 0 || n > 2 || isDigits(part) {
				return false
			}
		}
		return true
	}
	return false
}

// mayEnd reports whether the abbreviation whose '.' is at dot may also end a
// sentence: a year or a list ended ("1950 г.", "и т.д."), a company, a dotted
// abbreviation ("U.S."); not an initial, a title or an enumerator.
func (ab abbreviations) mayEnd(rs []rune, segStart, dot int) bool {
	t := dot
	for t > segStart && (unicode.IsLetter(rs[t-1]) || rs[t-1] == '.') {
		t--
	}
	tok := strings.TrimLeft(string(rs[t:dot]), ".")
	if spaced, ok := spacedAbbreviation(rs, segStart, t, tok); ok {
		tok = spaced
	}
	tok = strings.ToLower(tok)
	return ab.ending[tok] || (strings.Contains(tok, ".") && !ab.always[tok])
}

// spacedAbbreviation reads an abbreviation of short lower-case parts written with
// spaces, "т. д." or "т. е.", as its dotted form "т.д": tok is its last part, which
// starts at t.
func spacedAbbreviation(rs []rune, segStart, t int, tok string) (string, bool) {
	if !shortLower(tok) {
		return "", false
	}
	parts := []string{tok}
	for t-2 > segStart && rs[t-1] == ' ' && rs[t-2] == '.' {
		f := t - 2
		for f > segStart && unicode.IsLetter(rs[f-1]) {
			f--
		}
		part := string(rs[f : t-2])
		if !shortLower(part) || (f > segStart && !IsSpace(rs[f-1])) {
			break
		}
		parts = append([]string{part}, parts...)
		t = f
	}
	if len(parts) == 1 {
		return "", false
	}
	return strings.Join(parts, "."), true
}

// shortLower reports whether s is one or two lower-case letters.
func shortLower(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.IsLower(r) {
			return false
		}
		n++
	}
	return n >= 1 && n <= 2
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

var (
	enAlways = []string{
		"cde", "cdes", "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "capt", "maj",
		"sgt", "adm", "gov", "pres", "sen", "rep", "rev", "st", "jr", "sr", "messrs",
		"e.g", "i.e", "cf", "viz", "approx", "ibid", "inc", "ltd", "corp", "dept", "univ",
		"jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
	}
	enDigit  = []string{"no", "nos", "p", "pp", "vol", "art", "ch", "fig", "para"}
	ruAlways = []string{
		"г", "гг", "т.е", "т.к", "т.н", "тов", "тт", "см", "ср", "напр", "проф", "акад",
		"ген", "им", "ул", "ред", "изд", "млн", "млрд", "тыс", "руб", "коп", "обл", "англ",
	}
	ruDigit = []string{"с", "стр", "ст", "л", "д", "ф", "оп", "№"}
	// Abbreviations that often end a sentence too.
	ending = []string{"г", "гг", "т.д", "т.п", "др", "пр", "etc", "inc", "ltd", "corp", "jr", "sr"}
)

func abbreviationsFor(lang string) abbreviations {
	primary := strings.ToLower(lang)
	if i := strings.IndexAny(primary, "-_"); i >= 0 {
		primary = primary[:i]
	}
	var always, digit []string
	switch primary {
	case "en":
		always, digit = enAlways, enDigit
	case "ru":
		always, digit = ruAlways, ruDigit
	default:
		always = append(append([]string{}, enAlways...), ruAlways...)
		digit = append(append([]string{}, enDigit...), ruDigit...)
	}
	ab := abbreviations{always: map[string]bool{}, beforeDigit: map[string]bool{}, ending: map[string]bool{}}
	for _, a := range ending {
		ab.ending[a] = true
	}
	for _, a := range always {
		ab.always[a] = true
	}
	for _, a := range digit {
		ab.beforeDigit[a] = true
	}
	return ab
}
