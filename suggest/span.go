package suggest

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Log probabilities that clean typed Russian has a pattern that is usually
// an OCR glitch: how much the OCR form itself is doubted.
var (
	// unknownName and unknownPerLetter give the language model's score of
	// a name that neither the lexicon nor the counts know, whatever its
	// spelling (see unknownLogp), and of a word with digits among its
	// letters: the longer, the less likely.
	unknownName      = -14.0
	unknownPerLetter = -1.5
	// logMidCapital: a capitalised common word inside a sentence.
	logMidCapital = math.Log(0.001)
	// logCaseSlip: a capital after a small letter inside a word, each.
	logCaseSlip = math.Log(0.001)
	// logLookAlike: a Latin letter or digit of like shape inside a Russian
	// word (pyк, П0мите), each (chosen on the tuning part of the garbled
	// words among 0.1, 0.01 and 0.001).
	logLookAlike = math.Log(0.01)
	// logNoSpace: punctuation between two words with no space after it.
	logNoSpace = math.Log(1e-4)
	// logHangingHyphen: "собстве- нный", a hyphen before a space.
	logHangingHyphen = math.Log(0.02)
	// logStray: a lone Latin letter or an odd mark inside Russian prose.
	logStray = math.Log(1e-4)
	// logGluedDash: a hyphen glued to the next word after a space ("-на").
	logGluedDash = math.Log(1e-4)
	// nameBonus: an unknown word that the aligned English names.
	nameBonus = 8.0
	// readingNameBonus: a capitalised word or reading that the English
	// names.
	readingNameBonus = 2.0
	// logMissingName is the least language-model score of a capitalised
	// reading that is a name the English has and the rest of the Russian
	// lacks (Пекин for Пенин beside "Peking"): the translation says the
	// name is in the sentence, however rare the word is in the counts.
	logMissingName = math.Log(1e-3)
)

// strayMarks are marks that typed prose does not use but scan noise leaves.
const strayMarks = "·•|¦¬¤■□▪"

// polite lists the lemmas and forms capitalised inside a sentence in
// letters (Вы, Вам, Ваш).
var polite = []string{"вы", "вас", "вам", "вами", "ваш"}

// scan is one unit being checked.
type scan struct {
	c       *Checker
	runes   []rune
	toks    []token
	english []name       // names of the aligned English (englishNames)
	numbers []string     // numbers of the aligned English (englishNumbers)
	missing []name       // names the Russian lacks (missingNames), once known
	trans   *translation // what the aligned English's words translate to, or nil
	// englishText is the aligned English as given (its marks: see
	// markInEnglish).
	englishText string
	used        []Edit       // the edits (folded) whose costs its scores took
	sp          *speller     // made when first needed
	classes     []classStats // of tokens in the counts (classOf), once known
}

// speller returns a speller of lower-case words, to ask reach.
func (s *scan) speller() *speller {
	if s.sp == nil {
		s.sp = s.c.newSpeller(lowerCase)
	}
	return s.sp
}

// hypotheses returns what may be wrong at token i: the word itself, the
// word and the next one (split, hyphenated across a line break, run into
// punctuation), a stray mark, a number, or digits misread in a word.
func (s *scan) hypotheses(i int) []hypothesis {
	t := s.toks[i]
	var out []hypothesis
	if h, ok := s.digitWord(i); ok {
		out = append(out, h)
	}
	switch {
	case t.kind == wordToken && isCyrillic(t.text):
		if h, ok := s.word(i); ok {
			out = append(out, h)
		}
		out = append(out, s.joins(i)...)
		if h, ok := s.noSpace(i); ok {
			out = append(out, h)
		}
	case t.kind == wordToken && isLatinWord(t.text) && len([]rune(t.text)) <= 2 && !(len(t.text) == 2 && shapeOf(t.text) == upperCase):
		if h, ok := s.strayLatin(i); ok {
			out = append(out, h)
		}
	case t.kind == markToken:
		if h, ok := s.strayMark(i); ok {
			out = append(out, h)
		}
		if h, ok := s.dashLetter(i); ok {
			out = append(out, h)
		}
		if h, ok := s.markForComma(i); ok {
			out = append(out, h)
		}
	case t.kind == numberToken:
		if h, ok := s.number(i); ok {
			out = append(out, h)
		}
	}
	return out
}

// neighbour returns the index of the word next to token i (step +1 or -1)
// across whitespace, or -1.
func (s *scan) neighbour(i, step int) int {
	j := i + step
	if j >= 0 && j < len(s.toks) && s.toks[j].kind == spaceToken {
		j += step
	}
	if j < 0 || j >= len(s.toks) || s.toks[j].kind != wordToken {
		return -1
	}
	return j
}

func (s *scan) text(i int) string {
	if i < 0 {
		return ""
	}
	return s.toks[i].text
}

// base is the language model's score of a form as written.
func (s *scan) base(w string) float64 {
	f := s.c.written(w)
	if f.valid {
		return s.translated(w, true, f.logp)
	}
	v := f.logp
	if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && s.namedInEnglish(w) {
		v += nameBonus // a name begins with a capital (тЭо is not Teo)
	}
	return s.translated(w, false, v)
}

// cost sums the channel's costs of edits, and keeps them among the edits
// the unit's scores depend on.
func (s *scan) cost(edits ...Edit) float64 {
	v := 0.0
	for _, e := range edits {
		v += s.c.channel.Cost(e)
		s.use(e)
	}
	return v
}

// use keeps an edit among those the unit's scores depend on.
func (s *scan) use(e Edit) {
	if f := e.folded(); !slices.Contains(s.used, f) {
		s.used = append(s.used, f)
	}
}

// word is the hypothesis that word token i alone is misread.
func (s *scan) word(i int) (hypothesis, bool) {
	t := s.toks[i]
	w, lw, shape := t.text, lower(t.text), shapeOf(t.text)
	fixed, slips := caseSlips(w)
	switch {
	case len(slips) > 0:
		shape = shapeOf(fixed)
	case shape == mixedCase:
		shape = lowerCase
	case shape == titleCase && utf8.RuneCountInString(w) == 1 && s.amongCapitals(i):
		shape = upperCase // В in "В СТОРОНУ ПЕКИНА": a heading's, not a capital
	}
	known := s.c.valid(lw, shape)
	h := hypothesis{start: t.start, end: t.end}
	ctx := s.context(i, i, lw)
	if shape != lowerCase && s.namedInEnglish(w) {
		// The English says the name is here, whatever the words around
		// it make of its ending.
		ctx = max(ctx, 0)
		if known {
			ctx += readingNameBonus
		}
	}
	h.keep = s.base(w) - s.c.channel.keepCost() + ctx
	// A capital after a small letter (тОго) is a letter whose capital is
	// the small one made bigger, misjudged: every reading makes it small.
	slipCost, slipEdits := 0.0, 0
	if len(slips) > 0 && known {
		h.keep += logCaseSlip * float64(len(slips))
		slipCost, slipEdits = s.cost(slips...), len(slips)
		h.readings = append(h.readings, scored{fixed, s.base(fixed) - slipCost + s.context(i, i, lw), len(slips)})
	}
	// A capital inside a sentence is unusual for a common word, as the OCR
	// form and as a reading of it (Корев: Корею, not Коров).
	midCapital := shape == titleCase && s.midSentence(i) && !s.nextCapitalised(i)
	if midCapital && known && s.commonWord(w) {
		h.keep += logMidCapital
		h.readings = append(h.readings, scored{lw, s.base(lw) - s.cost(Edit{string([]rune(w)[:1]), string([]rune(lw)[:1])}) + s.context(i, i, lw), 1})
	}
	if s.abbreviation(w, shape) {
		return h, len(h.readings) > 0 // СССР is not ССОР
	}
	cands := s.c.wordCandidates(lw, shape, known)
	if !known {
		cands = addReadings(cands, s.translatedReadings(lw, shape))
	}
	cands = addReadings(cands, s.nameReadings(w, shape))
	for _, cd := range cands {
		text := withShape(cd.text, shape)
		b := s.base(text)
		if shape != lowerCase && s.namedInEnglish(text) {
			b += readingNameBonus
			if slices.ContainsFunc(s.missingNames(), s.c.nameOf(text)) {
				b = max(b, logMissingName)
			}
		}
		v := b - s.cost(cd.edits...) - slipCost + s.context(i, i, cd.text)
		if midCapital && !strings.Contains(text, " ") && s.commonWord(text) {
			v += logMidCapital
		}
		h.readings = append(h.readings, scored{text, v, len(cd.edits) + slipEdits})
	}
	if known && isOneLetterWord(lw) {
		h.readings = s.shortReadings(i, lw, shape, h.readings)
	}
	return h, len(h.readings) > 0
}

// addReadings returns cands (not changed) with the readings of more that
// it lacks.
func addReadings(cands, more []candidate) []candidate {
	for _, m := range more {
		if !slices.ContainsFunc(cands, func(cd candidate) bool { return cd.text == m.text }) {
			cands = append(slices.Clip(cands), m)
		}
	}
	return cands
}

// abbreviation reports whether a word in capitals is one the lexicon lists
// in capitals only (СССР, США, ООН): written so on purpose, not a common
// word that OCR misread.
func (s *scan) abbreviation(w string, shape caseShape) bool {
	return shape == upperCase && s.c.known(w) && !s.c.known(lower(w)) && !s.c.known(withShape(lower(w), titleCase))
}

// caseSlips returns w with each capital that follows a small letter made
// small, and the second of two capitals before a small letter (ВСегда),
// and the edits that did it.
func caseSlips(w string) (string, []Edit) {
	r := []rune(w)
	var edits []Edit
	for k := 1; k < len(r); k++ {
		if !unicode.IsUpper(r[k]) {
			continue
		}
		if unicode.IsLower(r[k-1]) || k == 1 && unicode.IsUpper(r[0]) && len(r) > 2 && unicode.IsLower(r[2]) {
			small := unicode.ToLower(r[k])
			edits = append(edits, Edit{string(r[k]), string(small)})
			r[k] = small
		}
	}
	if edits == nil {
		return w, nil
	}
	return string(r), edits
}

// midSentence reports whether word token i follows a word or a comma in the
// same sentence: a small word, or one that begins the sentence and is a
// function word (Если, Они), which no name begins with.
func (s *scan) midSentence(i int) bool {
	j := i - 1
	if j >= 0 && s.toks[j].kind == spaceToken {
		j--
	}
	if j < 0 {
		return false
	}
	p := s.toks[j]
	return (p.kind == wordToken && shapeOf(p.text) == lowerCase) || p.text == "," ||
		p.kind == wordToken && shapeOf(p.text) == titleCase && s.c.counts.functionWord(p.text) && s.sentenceStart(j)
}

// sentenceStart reports whether token j begins a sentence: nothing but
// spaces before it, or a full stop, question or exclamation mark.
func (s *scan) sentenceStart(j int) bool {
	k := j - 1
	if k >= 0 && s.toks[k].kind == spaceToken {
		k--
	}
	return k < 0 || strings.Contains(".?!", s.toks[k].text)
}

// commonWord reports whether a capitalised word is a common noun or the
// like rather than a name or a polite pronoun.
func (s *scan) commonWord(w string) bool {
	if s.c.lex == nil || containsString(polite, lower(w)) {
		return false
	}
	lemmas := s.c.lex.Lemmas(w)
	for _, l := range lemmas {
		if shapeOf(l) != lowerCase || containsString(polite, l) {
			return false
		}
	}
	return len(lemmas) > 0
}

// amongCapitals reports whether a word next to token i is written in
// capitals (a heading, a telegram's address).
func (s *scan) amongCapitals(i int) bool {
	for _, step := range []int{-1, +1} {
		if n := s.neighbour(i, step); n >= 0 && shapeOf(s.text(n)) == upperCase {
			return true
		}
	}
	return false
}

// nextCapitalised reports whether the word after token i is capitalised
// too: names run in capitalised words (Дальнем Востоке, Чан Кай-ши).
func (s *scan) nextCapitalised(i int) bool {
	n := s.neighbour(i, +1)
	return n >= 0 && shapeOf(s.text(n)) == titleCase
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// noSpace is the hypothesis that word i and the next are run into a
// punctuation mark with no space after it ("будет,следовательно").
func (s *scan) noSpace(i int) (hypothesis, bool) {
	if i+2 >= len(s.toks) {
		return hypothesis{}, false
	}
	a, m, b := s.toks[i], s.toks[i+1], s.toks[i+2]
	if m.kind != markToken || len([]rune(m.text)) != 1 || !strings.Contains(",;:.!?", m.text) || b.kind != wordToken || !isCyrillic(b.text) {
		return hypothesis{}, false
	}
	if m.text == "." && (len([]rune(a.text)) == 1 || len([]rune(b.text)) == 1) {
		return hypothesis{}, false // т.е., т.д.
	}
	both := s.base(a.text) + s.base(b.text)
	return hypothesis{
		start:    a.start,
		end:      b.end,
		keep:     both + logNoSpace,
		readings: []scored{{a.text + m.text + " " + b.text, both - s.cost(Edit{m.text, m.text + " "}), 1}},
	}, true
}

// strayLatin is the hypothesis that a lone Latin letter or two (with any
// marks glued to it) between Russian words is scan noise: "втянут I: в".
func (s *scan) strayLatin(i int) (hypothesis, bool) {
	p, n := s.neighbour(i, -1), i+1
	for n < len(s.toks) && s.toks[n].kind == markToken && strings.Contains(":;.,·|", s.toks[n].text) {
		n++
	}
	end := s.toks[n-1].end
	if p < 0 || s.toks[i-1].kind != spaceToken || n >= len(s.toks) || s.toks[n].kind != spaceToken {
		return hypothesis{}, false
	}
	if next := s.neighbour(n-1, +1); !isCyrillic(s.text(p)) || next < 0 || !isCyrillic(s.text(next)) {
		return hypothesis{}, false
	}
	return s.deletion(p, end)
}

// strayMark is the hypothesis that a mark is scan noise: an odd mark, or a
// hyphen glued to the next word inside a sentence ("плацдарм -на").
func (s *scan) strayMark(i int) (hypothesis, bool) {
	t := s.toks[i]
	if strings.ContainsAny(t.text, strayMarks) && len([]rune(t.text)) == 1 {
		if p := s.neighbour(i, -1); p >= 0 && s.toks[i-1].kind == spaceToken && isCyrillic(s.text(p)) {
			return s.deletion(p, t.end)
		}
		return hypothesis{}, false
	}
	if s.loneMark(i) {
		return s.deletion(s.neighbour(i, -1), t.end)
	}
	if t.text != "-" || i == 0 || s.toks[i-1].text != " " || i+1 >= len(s.toks) || s.toks[i+1].kind != wordToken || !isCyrillic(s.toks[i+1].text) {
		return hypothesis{}, false
	}
	if p := s.neighbour(i, -1); p < 0 || shapeOf(s.text(p)) != lowerCase {
		return hypothesis{}, false
	}
	next := s.toks[i+1]
	b := s.base(next.text)
	return hypothesis{
		start:    t.start,
		end:      next.end,
		keep:     b + logGluedDash,
		readings: []scored{{next.text, b - s.cost(Edit{"-", ""}), 1}},
	}, true
}

// loneMark reports whether token i is a colon, semicolon or comma standing
// alone between two Russian words of one sentence ("может : быть"), which
// typed prose does not do but specks on a scan do.
func (s *scan) loneMark(i int) bool {
	t := s.toks[i]
	if len([]rune(t.text)) != 1 || !strings.Contains(":;,", t.text) || i == 0 || i+1 >= len(s.toks) ||
		s.toks[i-1].kind != spaceToken || s.toks[i+1].kind != spaceToken {
		return false
	}
	p, n := s.neighbour(i, -1), s.neighbour(i, +1)
	return p >= 0 && n >= 0 && isCyrillic(s.text(p)) && isCyrillic(s.text(n)) && shapeOf(s.text(n)) == lowerCase
}

// deletion is the hypothesis that everything after word p up to end is
// noise: the span runs from p's start, and the reading is p alone.
func (s *scan) deletion(p, end int) (hypothesis, bool) {
	w := s.toks[p]
	noise := string(s.runes[w.end:end])
	b := s.base(w.text)
	return hypothesis{
		start:    w.start,
		end:      end,
		keep:     b + logStray,
		readings: []scored{{w.text, b - s.cost(Edit{noise, ""}), 1}},
	}, true
}

// isLatinWord reports whether w is written in Latin letters only.
func isLatinWord(w string) bool {
	for _, r := range w {
		if !unicode.In(r, unicode.Latin) {
			return false
		}
	}
	return true
}
