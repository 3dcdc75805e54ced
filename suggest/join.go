package suggest

import (
	"strings"
	"unicode/utf8"
)

// joins are the hypotheses that word i and the next are one word: split
// by a stray space (a faint ъ read as a gap) or hyphenated at a line end.
func (s *scan) joins(i int) []hypothesis {
	a := s.toks[i]
	var out []hypothesis
	try := func(j int, gaps []Edit, keepPenalty float64) {
		b := s.toks[j]
		h := hypothesis{start: a.start, end: b.end}
		upper := shapeOf(a.text) == upperCase
		// Most pairs make no word: the filter of beginnings says so
		// before the lexicon is asked, walking the first word once, and
		// before the joined word is made (lower folds letter by letter, so
		// the joined word in lower case is the parts in lower case).
		la, lb := lower(a.text), lower(b.text)
		r := s.c.reachOf(la, s.speller())
		if r.end < len(la) {
			return
		}
		st := r.st
		for _, e := range gaps {
			want := e.Want
			if upper {
				want = strings.ToUpper(e.Want)
			}
			lj := la + lower(want) + lb
			if end, _ := s.speller().reachFrom(lj, len(la), st, nil); end < len(lj) {
				continue
			}
			joined := a.text + e.Want + lb
			if upper {
				joined = a.text + want + b.text
			}
			if !s.c.written(joined).valid {
				continue
			}
			h.readings = append(h.readings, scored{joined, s.base(joined) - s.cost(e) + s.context(i, j, lj), 1})
		}
		if len(h.readings) > 0 {
			h.keep = s.base(a.text) + s.base(b.text) - 2*s.c.channel.keepCost() + s.context(i, j, lower(a.text+" "+b.text)) + keepPenalty
			out = append(out, h)
		}
	}
	// "об яснял": two words one space apart.
	if i+2 < len(s.toks) && s.toks[i+1].text == " " && s.toks[i+2].kind == wordToken && isCyrillic(s.toks[i+2].text) {
		try(i+2, []Edit{{" ", ""}, {" ", "ъ"}, {" ", "ь"}}, 0)
	}
	// "пол.тика": a letter read as a mark, glued to the parts of its word
	// (but т.е., т.к.: a dot between single letters is an abbreviation).
	if i+2 < len(s.toks) && s.toks[i+1].kind == markToken && s.toks[i+2].kind == wordToken && isCyrillic(s.toks[i+2].text) {
		m := s.toks[i+1].text
		if utf8.RuneCountInString(m) == 1 && !(m == "." && utf8.RuneCountInString(a.text) == 1 && utf8.RuneCountInString(s.toks[i+2].text) == 1) {
			gaps := make([]Edit, len(alphabetLetters))
			for k, l := range alphabetLetters {
				gaps[k] = Edit{m, l}
			}
			try(i+2, gaps, logNoSpace)
		}
	}
	// "собстве- нный": a hyphen, then a space or a line break.
	if i+3 < len(s.toks) && s.toks[i+1].text == "-" && s.toks[i+2].kind == spaceToken && s.toks[i+3].kind == wordToken && isCyrillic(s.toks[i+3].text) {
		try(i+3, []Edit{{"-" + s.toks[i+2].text, ""}}, logHangingHyphen)
	}
	return out
}
