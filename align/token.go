package align

import (
	"strconv"
	"strings"
	"unicode"
)

// token is what one whitespace-separated token of a text offers as evidence, worked out
// once per distinct token of a side: a long text repeats its tokens, and reading each
// again (trimming, case folding, stemming, looking up) was most of the cost of extract.
type token struct {
	skip   bool      // neither a letter nor a digit
	digits bool      // holds digits: its digit runs are its numbers, and it is no name
	nums   []numeral // digit runs, or number words and months (weak)
	// name is the token's name id when it is read as a name, or -1 when it never is;
	// always tells whether it is one wherever it stands, or only when it does not open
	// the sentence (see isName).
	name   int32
	always bool
	// word is the stem and dictionary ids of the token's letters; letters tells whether
	// it has any (and the dictionary is not empty).
	word    wordInfo
	letters bool
}

// token returns what raw offers on its side, worked out at its first occurrence.
func (lx *lexicon) token(raw string, russian bool) *token {
	side := sideOf(russian)
	if t, ok := lx.tokens[side][raw]; ok {
		return t
	}
	t := lx.readToken(raw, russian)
	lx.tokens[side][raw] = t
	return t
}

func (lx *lexicon) readToken(raw string, russian bool) *token {
	t := &token{name: -1}
	if lx.dict.Len() > 0 {
		if w := strings.TrimFunc(raw, func(r rune) bool { return !unicode.IsLetter(r) }); w != "" {
			t.letters, t.word = true, lx.lookUp(w, russian)
		}
	}
	w := strings.TrimFunc(raw, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if w == "" {
		t.skip = true
		return t
	}
	if strings.ContainsFunc(w, unicode.IsDigit) {
		t.digits = true
		for _, d := range digitRuns(w) {
			t.nums = append(t.nums, numeral{id: lx.num(d)})
		}
		return t
	}
	lower := strings.ToLower(w)
	for _, part := range strings.Split(lower, "-") {
		if n, ok := numberWord(part, russian); ok {
			t.nums = append(t.nums, numeral{id: lx.num(strconv.Itoa(n)), weak: true})
		}
	}
	if m, ok := month(w, lower, russian); ok {
		t.nums = append(t.nums, numeral{id: lx.num("month" + strconv.Itoa(m)), weak: true})
	}
	if isName(w, false, russian) {
		t.always = isName(w, true, russian)
		if russian {
			t.name = lx.ruName(w)
		} else {
			t.name = lx.enName(w)
		}
	}
	return t
}
