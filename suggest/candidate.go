package suggest

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"sverka/lexicon"
)

// candidate is a reading of a word that the channel could have turned into
// the OCR form, and the edits it took.
type candidate struct {
	text  string // lower case
	edits []Edit
}

// alphabet is what a lost or misread letter may have been.
const alphabet = "абвгдежзийклмнопрстуфхцчшщъыьэюяё"

// cheapWeight is the least prior weight of an edit the search may take
// twice; rarer edits are taken once at most.
const cheapWeight = 0.1

// maxEditBytes is the most an edit of oneEdit replaces: two code points.
// An edit at or before upto ends at most this far past it, so none can
// leave an ending that begins further on.
const maxEditBytes = 2 * utf8.UTFMax

// glyphEdits are the letter confusions oneEdit tries for one letter.
type glyphEdits struct {
	lookAlike string   // the Russian letter a look-alike prints like, or ""
	similar   []string // the letters it is taken for
	multiple  bool     // whether a glyph of multiple begins with it
}

// glyphs holds the glyphEdits of the letters below U+0500 (Latin and
// Cyrillic; the others have none), read for every letter of every word
// the speller edits.
var glyphs = func() []glyphEdits {
	t := make([]glyphEdits, 0x500)
	for _, p := range similar {
		r := []rune(p)
		if r[0] != r[1] {
			t[r[0]].similar = append(t[r[0]].similar, string(r[1]))
			t[r[1]].similar = append(t[r[1]].similar, string(r[0]))
		}
	}
	for r, s := range lookAlike {
		t[r].lookAlike = s
	}
	for o := range multiple {
		r, _ := utf8.DecodeRuneInString(o)
		t[r].multiple = true
	}
	return t
}()

// oneEdit calls fn for each single edit of the lower-case word w at or
// after byte from and at or before byte upto (the end of the longest
// beginning of w that may begin a word: an edit further on leaves a
// beginning no word has), and that leaves an ending w[j:] from byte after
// on (the endings before it end no word): the bytes w[i:j] replaced by
// want. With cheapOnly, only edits the channel
// expects often; with glyphsOnly, only letter confusions (no letter lost,
// added or moved).
func oneEdit(w string, from, upto, after int, cheapOnly, glyphsOnly bool, fn func(i, j int, want string, e Edit)) {
	// at[k] is the byte offset of the k-th code point; at[n] = len(w).
	var buf [40]int
	at := buf[:0]
	for i := range w {
		at = append(at, i)
	}
	at = append(at, len(w))
	n := len(at) - 1
	// Every edit before the "if cheapOnly" below has a prior weight of at
	// least cheapWeight (letter confusions, look-alikes, spaces, hyphens,
	// transpositions).
	sub := func(k, m int, want string) {
		if at[k+m] >= after {
			fn(at[k], at[k+m], want, Edit{w[at[k]:at[k+m]], want})
		}
	}
	for k := 0; k < n && at[k] <= upto; k++ {
		if at[k] < from {
			continue
		}
		r := w[at[k]:at[k+1]]
		if g := glyphsOf(r); g != nil {
			if g.lookAlike != "" {
				sub(k, 1, g.lookAlike)
			}
			for _, t := range g.similar {
				sub(k, 1, t)
			}
			for m := 1; m <= 2 && k+m <= n && g.multiple; m++ {
				for _, t := range multiple[w[at[k]:at[k+m]]] {
					sub(k, m, t)
				}
			}
		}
		switch r {
		case "-":
			sub(k, 1, "")
			sub(k, 1, " ")
		case " ":
			sub(k, 1, "")
			sub(k, 1, "ъ")
		}
		if glyphsOnly {
			continue
		}
		if k >= 2 && n-k >= 2 && at[k] >= after {
			fn(at[k], at[k], " ", Edit{"", " "})
			if containsString(particles, w[at[k]:]) || containsString(numerals, w[:at[k]]) && containsString(numerals, w[at[k]:]) {
				fn(at[k], at[k], "-", Edit{"", "-"})
			}
		}
		if k+1 < n && r != w[at[k+1]:at[k+2]] && at[k+2] >= after {
			sub(k, 2, w[at[k+1]:at[k+2]]+r) // the swapped letters made only when sub would take them
		}
		if cheapOnly {
			continue
		}
		sub(k, 1, "")
		for _, a := range alphabetLetters {
			if a != r {
				sub(k, 1, a)
			}
			if at[k] >= after {
				fn(at[k], at[k], a, Edit{"", a})
			}
		}
	}
	if !cheapOnly && !glyphsOnly && upto >= len(w) {
		for _, a := range alphabetLetters {
			fn(len(w), len(w), a, Edit{"", a})
		}
	}
}

// particles are written after a hyphen (какой-либо, кто-нибудь, всё-таки).
var particles = []string{"либо", "нибудь", "то", "ка", "таки", "де"}

// numerals are the forms of small numbers, which a hyphen joins into an
// approximate range (пяти-шести, двух-трёх).
var numerals = strings.Fields(`один одного одному одним одном два двух двум двумя три трех трёх трем трём тремя
	четыре четырех четырёх четырем четырём четырьмя пять пяти пятью шесть шести шестью семь семи семью
	восемь восьми восемью девять девяти девятью десять десяти десятью двадцать двадцати тридцать тридцати
	сорок сорока пятьдесят пятидесяти сто ста`)

// alphabetLetters are the letters of alphabet as strings.
var alphabetLetters = strings.Split(alphabet, "")

// glyphsOf returns the glyphEdits of the letter r, or nil if it has none.
func glyphsOf(r string) *glyphEdits {
	c, _ := utf8.DecodeRuneInString(r)
	if int(c) >= len(glyphs) {
		return nil
	}
	return &glyphs[c]
}

// speller finds the readings of one word in one shape.
type speller struct {
	c     *Checker
	shape caseShape
	vocab *vocabulary
	best  map[uint64]candidate // by HashOf the lower-case reading
	// word is the word being edited, walked; edited is it after a first
	// edit (see reachesEdited).
	word, edited walked
}

// weight is the prior probability of a sequence of edits.
func weight(es []Edit) float64 {
	p := 1.0
	for _, e := range es {
		p *= priorWeight(e) * errorRate / priorMass
	}
	return p
}

// try keeps the reading of w with w[i:j] replaced by want if it is written
// Russian and no cheaper edits gave it. A reading of one word is looked up
// by its hash, built only when it is a word; one with a space or hyphen is
// built and split.
func (sp *speller) try(w, shaped, title string, i, j int, want string, es []Edit) {
	if i == 0 && j == len(w) && want == "" {
		return
	}
	h := lexicon.HashOf(w[:i], want, w[j:])
	var valid bool
	if hasSpaceOrHyphen(want) || hasSpaceOrHyphen(w) {
		// Most such readings begin no word: the reading is made only for
		// those that may.
		if valid = sp.reachesEdited(w, i, j, want); valid {
			s := w[:i] + want + w[j:]
			valid = s != w && !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") && sp.c.valid(s, sp.shape)
		}
	} else {
		valid = sp.known(w, shaped, title, i, j, want, h)
	}
	if !valid {
		return
	}
	if old, ok := sp.best[h]; ok && weight(old.edits) >= weight(es) {
		return
	}
	sp.best[h] = candidate{w[:i] + want + w[j:], slices.Clone(es)}
}

// hasSpaceOrHyphen is strings.ContainsAny(s, " -"), without making a set
// of the two each time.
func hasSpaceOrHyphen(s string) bool {
	return strings.IndexByte(s, ' ') >= 0 || strings.IndexByte(s, '-') >= 0
}

// known reports whether the one-word reading is in the lexicon in the
// word's shape (or, capitalised, in lower case; in capitals, as a name), or
// often seen in the counts.
func (sp *speller) known(w, shaped, title string, i, j int, want string, lower uint64) bool {
	lex := sp.c.lex
	if lex != nil {
		if lex.KnownHash(lower) && sp.shape != mixedCase {
			return true // a lower-case word may be capitalised
		}
		if sp.shape != lowerCase && len(shaped) == len(w) {
			sw := want
			switch {
			case sp.shape == upperCase:
				sw = strings.ToUpper(want)
			case i == 0:
				sw = withShape(want, titleCase)
			}
			if lex.KnownHash(lexicon.HashOf(shaped[:i], sw, shaped[j:])) {
				return true
			}
			if sp.shape == upperCase && lex.KnownHash(lexicon.HashOf(title[:i], withShape(want, map[bool]caseShape{true: titleCase}[i == 0]), title[j:])) {
				return true
			}
		}
	}
	return sp.vocab.has(lower) && !strings.Contains(want, "ё") && !strings.Contains(w, "ё")
}

// candidates returns the readings within two edits of the lower-case word
// w that are written Russian in the given shape, each once with its
// cheapest edits: any one edit, or two likely ones. A word whose Latin
// letters and digits read as Russian ones (see readLookAlikes) is searched
// in that spelling, where they take none of the two edits, and in its own
// not deeper. Another
// word of mixed script (кому-інбо), certainly misread, is searched
// deeper: an unlikely edit and a letter confusion; so is a word of five
// letters or more that has no one-word reading otherwise, only words
// split (two or three letters of
// it misread: on developers-reference-ru with words garbled by
// ocrnoise.Garble, held-out recall 0.34 -> 0.42, right first readings 75
// -> 103, precision 0.62 -> 0.66, when only a word with no reading at all
// was searched deeper; see TestGarbledWords for what a word with readings
// split only adds).
func (c *Checker) candidates(w string, shape caseShape) []candidate {
	looks := c.lookAlikeReadings(w, shape)
	deep := looks == nil && strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) && !unicode.Is(unicode.Cyrillic, r) || r == 'і' }) >= 0
	out := c.search(w, shape, deep)
	if !deep && utf8.RuneCountInString(w) >= 5 && (len(out) == 0 || !slices.ContainsFunc(out, oneWord) && spellingOf().odd(w)) {
		out = addReadings(out, c.search(w, shape, true))
	}
	if shape == lowerCase && !slices.ContainsFunc(out, oneWord) && spellingOf().odd(w) {
		out = addReadings(out, c.nearReadings(w))
	}
	return addReadings(looks, out)
}

// oneWord reports whether a candidate is one word, not a word split.
func oneWord(cd candidate) bool { return !strings.Contains(cd.text, " ") }

// search is candidates' search, deep or not.
func (c *Checker) search(w string, shape caseShape, deep bool) []candidate {
	sp := c.newSpeller(shape)
	shaped, title := sp.shapes(w)
	// A deep search's second edit may come before its first.
	sp.walk(&sp.word, w, nil, 0)
	upto, after := len(w), 0
	if !deep {
		upto, after = sp.word.end, sp.back(w)
	}
	oneEdit(w, 0, upto, 0, false, false, func(i, j int, want string, e1 Edit) {
		if j >= after {
			sp.try(w, shaped, title, i, j, want, []Edit{e1})
		}
		unlikely := priorWeight(e1) < cheapWeight
		if unlikely && !deep {
			return
		}
		if _, ok := sp.through(&sp.word, i, want); !ok && !unlikely {
			return // no second edit after this one can make a word
		}
		s1 := w[:i] + want + w[j:]
		// The second edit comes after the first (so each pair is tried once),
		// unless the first was unlikely and the second may be anywhere.
		from := i + len(want)
		if unlikely {
			from = 0
		}
		sp.walk(&sp.edited, s1, &sp.word, i)
		upto1 := sp.edited.end
		// The second edit leaves w's ending from after on as it was (moved
		// by the first edit), unless it comes first.
		after1 := after + len(want) - (j - i)
		if deep {
			after1 = sp.back(s1)
		}
		if upto1 < from || after1 > upto1+maxEditBytes {
			return // no edit left could make a word
		}
		shaped1, title1 := sp.shapes(s1)
		oneEdit(s1, from, upto1, after1, true, unlikely, func(i2, j2 int, want2 string, e2 Edit) {
			sp.try(s1, shaped1, title1, i2, j2, want2, []Edit{e1, e2})
		})
	})
	return sp.readings(w)
}

// shapes returns the lower-case w in the speller's shape and, for a word
// in capitals (which may be a name), capitalised: what known looks up.
func (sp *speller) shapes(w string) (shaped, title string) {
	if sp.shape == upperCase {
		title = withShape(w, titleCase)
	}
	return withShape(w, sp.shape), title
}

func (c *Checker) newSpeller(shape caseShape) *speller {
	return &speller{c: c, shape: shape, vocab: c.vocabulary(), best: map[uint64]candidate{}}
}

// readings returns what the speller found other than w, in a stable order.
func (sp *speller) readings(w string) []candidate {
	out := make([]candidate, 0, len(sp.best))
	for _, cd := range sp.best {
		if cd.text != w {
			out = append(out, cd)
		}
	}
	slices.SortFunc(out, func(a, b candidate) int { return strings.Compare(a.text, b.text) })
	return out
}
