package align

import (
	"math"

	"sverka/segment"
)

// move is one kind of link: di Russian and dj English sentences.
type move struct{ di, dj int }

// moves lists the link kinds the programme allows; the index into it is stored per cell.
var moves = [...]move{{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2}}

// priorCost is -ln of the prior probability of each move, from Gale and Church's counts
// (1-1: 0.89, 1-0 and 0-1: 0.0099 together, 2-1 and 1-2: 0.089 together) except 2-2,
// lowered from their 0.011 to 0.004: with 0.011, two neighbouring 1-1 links whose length
// errors cancel out were merged into one 2-2 link about once in 150 sentences of
// generated text (see TestAlignSynthetic5000).
var priorCost = [len(moves)]float64{
	-math.Log(0.89),
	-math.Log(0.0099 / 2), -math.Log(0.0099 / 2),
	-math.Log(0.089 / 2), -math.Log(0.089 / 2),
	-math.Log(0.004),
}

const (
	// lengthVariance is Gale and Church's s², the variance of the English length per
	// Russian character; their value fits Russian and English as well as it fitted German
	// and French.
	lengthVariance = 6.8

	// paragraphCrossCost is charged for each paragraph boundary inside a link, on either
	// side: paragraphs are soft anchors.
	paragraphCrossCost = 1.0
	// paragraphMismatchCost is charged at a link boundary that is a paragraph boundary on
	// one side only.
	paragraphMismatchCost = 0.5

	// numberBonus and numberMiss weigh a digit string found on both sides of a link, and
	// one found on one side only; a weak numeral (number word, month) gets weakBonus.
	numberBonus = 2.0
	numberMiss  = 1.0
	weakBonus   = 0.75
	// nameBonus weighs a proper name (transliterated and fuzzily compared) on both sides.
	nameBonus = 1.5
	// endBonus and endMiss weigh a final "?", ":", ";" or "!" found on both sides of a
	// link, or on one side only.
	endBonus = 1.0
	endMiss  = 1.0
	// pointBonus and pointMiss weigh numbered points "1)" that agree or disagree.
	pointBonus = 1.5
	pointMiss  = 2.0
)

// splitCost is the cost of ending a link at a possible boundary, by kind, in nats: the
// log-odds against the boundary, measured on the continuous texts of package alignbench
// (wrapped at 72 columns): three line ends in four without final punctuation before a
// capital (or with one before a small letter) end a block, and about half of the
// semicolons and colons. An abbreviation before a capital seldom ends a sentence. A sure
// boundary costs nothing.
var splitCost = [...]float64{
	segment.Sure:         0,
	segment.LineEnd:      -math.Log(3),
	segment.Clause:       0,
	segment.Abbreviation: 1.5,
	segment.ShortLine:    -math.Log(3),
}

// jointLineBonus is the extra evidence of a link that starts after a possible line
// boundary on both sides at once: the two layouts agree, as paragraphs do.
const jointLineBonus = 1.0

// lineBreak reports whether b is a possible boundary at a line end.
func lineBreak(b segment.Boundary) bool { return b == segment.LineEnd || b == segment.ShortLine }

// lengthCost is Gale and Church's -ln P(δ | match) with δ the normalised difference of
// the English length from its expected value c·ru, the variance taken proportional to the
// mean of the two lengths (in Russian units) so that the measure is symmetric.
func lengthCost(ru, en int, c float64) float64 {
	mean := (float64(ru) + float64(en)/c) / 2
	if mean == 0 {
		return 0
	}
	delta := math.Abs((float64(en) - c*float64(ru)) / math.Sqrt(mean*lengthVariance))
	// Interpolate in a table of the tail cost: the programme evaluates it for every move
	// of every cell, and erfc and log dominated its time.
	x := delta * tailSteps
	k := int(x)
	if k >= len(tailTable)-1 {
		return tailCost(delta)
	}
	f := x - float64(k)
	return tailTable[k]*(1-f) + tailTable[k+1]*f
}

// tailSteps is the number of table entries per unit of δ; tailTable covers δ < 16.
const tailSteps = 64

var tailTable = func() []float64 {
	t := make([]float64, 16*tailSteps+1)
	for k := range t {
		t[k] = tailCost(float64(k) / tailSteps)
	}
	return t
}()

// tailCost is -ln 2(1-Φ(δ)) for δ ≥ 0.
func tailCost(delta float64) float64 {
	p := math.Erfc(delta / math.Sqrt2)
	if p < 1e-300 {
		// Asymptotic tail: -ln erfc(x/√2) ≈ x²/2 + ln(x·√(π/2)).
		return delta*delta/2 + math.Log(delta*math.Sqrt(math.Pi/2))
	}
	return -math.Log(p)
}

// setSentences extracts the evidence of the sentences of both sides.
func (s *scorer) setSentences(ru, en []Sentence) {
	s.ru, s.en = make([]evidence, len(ru)), make([]evidence, len(en))
	s.ruPara, s.enPara = make([]int, len(ru)), make([]int, len(en))
	s.ruBefore, s.enBefore = make([]segment.Boundary, len(ru)), make([]segment.Boundary, len(en))
	// English first: Russian words then look up only translations the English has.
	for j, x := range en {
		s.en[j] = s.lex.extract(x.Text, false)
		s.enPara[j], s.enBefore[j] = x.Paragraph, x.Before
		s.lex.markPresent(s.en[j].words)
	}
	for i, x := range ru {
		s.ru[i] = s.lex.extract(x.Text, true)
		s.ruPara[i], s.ruBefore[i] = x.Paragraph, x.Before
	}
}

// scorer computes the cost of links from the precomputed evidence of both sides.
type scorer struct {
	ru, en         []evidence
	ruPara, enPara []int
	// ruBefore and enBefore are the boundaries before each sentence.
	ruBefore, enBefore []segment.Boundary
	// words tells whether the sentences have dictionary words (see weighWords); table
	// is meetAll's, by id.
	words        bool
	table        []uint64
	met          meetings  // of the band being run
	kept         keptCosts // of the last band run
	spareCost    [][keptMoves]moveCost
	spare        *grid     // the tables of a grid no longer needed
	ratio        float64   // expected English code points per Russian one
	weight       []float64 // per numeral id: 1/√(document frequency)
	nameWeight   []float64 // per English name id: 1/√(document frequency)
	lex          *lexicon
	hasNames     bool         // whether both sides have names at all
	alone        [2][]float64 // per side (see sideOf): the lexicalCost of each sentence alone
	ruBuf, enBuf []numeral    // scratch for matching
	usedBuf      []bool
}

// paragraphBreak reports whether a paragraph starts at sentence i of a side with n
// sentences (the start and the end of the text count as breaks).
func paragraphBreak(para []int, i int) bool {
	return i == 0 || i == len(para) || para[i-1] != para[i]
}

// total is the cost of the move: the evidence of words is added between the other two
// parts, in the order the sum was always made, so that keeping the parts changes no
// confidence in its last digit.
func (c moveCost) total() float64 { return c.pre + c.words + c.lex }

// moveCost is the cost of a move in three parts: pre is the prior, length and
// paragraphs, lex the lexical evidence, words the evidence of words, which is all that
// learn changes.
type moveCost struct{ pre, lex, words float64 }

// costOf is the cost of move k from (i, j).
func (s *scorer) costOf(i, j, k int) moveCost {
	mv := moves[k]
	cost := s.prior(i, j, k)
	ruLen, enLen := 0, 0
	for a := i; a < i+mv.di; a++ {
		ruLen += s.ru[a].length
	}
	for b := j; b < j+mv.dj; b++ {
		enLen += s.en[b].length
	}
	// A sentence without a counterpart has no length to compare: its cost is the prior.
	if mv.di > 0 && mv.dj > 0 {
		cost += lengthCost(ruLen, enLen, s.ratio)
	}
	if mv.di == 2 && s.ruPara[i] != s.ruPara[i+1] {
		cost += paragraphCrossCost
	}
	if mv.dj == 2 && s.enPara[j] != s.enPara[j+1] {
		cost += paragraphCrossCost
	}
	if paragraphBreak(s.ruPara, i) != paragraphBreak(s.enPara, j) {
		cost += paragraphMismatchCost
	}
	return moveCost{pre: cost, lex: s.lexOf(i, j, mv), words: s.wordCost(i, j, k)}
}

// prior is the prior cost of move k from (i, j): that of its kind, except that two
// sentences across a possible boundary not taken count as one, and a link that starts
// after a possible boundary pays for taking it.
func (s *scorer) prior(i, j, k int) float64 {
	mv := moves[k]
	di, dj := mv.di, mv.dj
	cost := 0.0
	if di > 0 {
		cost += splitCost[s.ruBefore[i]]
		if di == 2 && s.ruBefore[i+1] != segment.Sure {
			di = 1
		}
	}
	if dj > 0 {
		cost += splitCost[s.enBefore[j]]
		if dj == 2 && s.enBefore[j+1] != segment.Sure {
			dj = 1
		}
	}
	if di > 0 && dj > 0 && lineBreak(s.ruBefore[i]) && lineBreak(s.enBefore[j]) {
		cost -= jointLineBonus
	}
	if di == mv.di && dj == mv.dj {
		return cost + priorCost[k]
	}
	for kk, m := range moves {
		if m.di == di && m.dj == dj {
			return cost + priorCost[kk]
		}
	}
	return cost + priorCost[k]
}

// lexOf is lexicalCost, read from alone for a lone sentence: it has no counterpart to
// meet.
func (s *scorer) lexOf(i, j int, mv move) float64 {
	switch {
	case mv.dj == 0:
		return s.alone[1][i]
	case mv.di == 0:
		return s.alone[0][j]
	}
	return s.lexicalCost(i, j, mv)
}

// setAlone sets the lexicalCost of each sentence alone, English then Russian.
func (s *scorer) setAlone() {
	s.alone = [2][]float64{make([]float64, len(s.en)), make([]float64, len(s.ru))}
	for j := range s.en {
		s.alone[0][j] = s.lexicalCost(0, j, move{0, 1})
	}
	for i := range s.ru {
		s.alone[1][i] = s.lexicalCost(i, 0, move{1, 0})
	}
}

// lexicalCost is the evidence of numbers, names and punctuation: negative when the two
// sides share it, positive when strong evidence is found on one side only. Each token is
// matched at most once, so merging sentences never earns more than their separate links.
func (s *scorer) lexicalCost(i, j int, mv move) float64 {
	cost := 0.0
	ru := s.ruBuf[:0]
	en := s.enBuf[:0]
	for a := i; a < i+mv.di; a++ {
		ru = append(ru, s.ru[a].nums...)
	}
	for b := j; b < j+mv.dj; b++ {
		en = append(en, s.en[b].nums...)
	}
	if len(ru)+len(en) > 0 {
		used := s.usedBuf[:0]
		for range en {
			used = append(used, false)
		}
		for _, r := range ru {
			found := false
			for e := range en {
				if !used[e] && en[e].id == r.id {
					used[e], found = true, true
					w := s.weight[r.id]
					if r.weak || en[e].weak {
						cost -= weakBonus * w
					} else {
						cost -= numberBonus * w
					}
					break
				}
			}
			if !found && !r.weak {
				cost += numberMiss * s.weight[r.id]
			}
		}
		for e := range en {
			if !used[e] && !en[e].weak {
				cost += numberMiss * s.weight[en[e].id]
			}
		}
		s.usedBuf = used
	}
	s.ruBuf, s.enBuf = ru, en

	if s.hasNames {
		cost += s.nameCost(i, j, mv)
	}

	// A part joined to the next across a possible boundary has no end of its own.
	var ruEnd, enEnd [4]int
	ends := false
	for a := i; a < i+mv.di; a++ {
		if s.ru[a].end != 0 && (a+1 == i+mv.di || s.ruBefore[a+1] == segment.Sure) {
			countEnd(&ruEnd, s.ru[a].end)
			ends = true
		}
	}
	for b := j; b < j+mv.dj; b++ {
		if s.en[b].end != 0 && (b+1 == j+mv.dj || s.enBefore[b+1] == segment.Sure) {
			countEnd(&enEnd, s.en[b].end)
			ends = true
		}
	}
	for c := range ruEnd {
		if ends {
			cost -= endBonus * float64(min(ruEnd[c], enEnd[c]))
			cost += endMiss * float64(abs(ruEnd[c]-enEnd[c]))
		}
	}

	if mv.di > 0 && mv.dj > 0 {
		rp, ep := s.ru[i].point, s.en[j].point
		switch {
		case rp != 0 && rp == ep:
			cost -= pointBonus
		case rp != ep:
			cost += pointMiss
		}
	}
	return cost
}

// nameCost rewards names found on both sides of a link, each name used once.
func (s *scorer) nameCost(i, j int, mv move) float64 {
	cost := 0.0
	if !s.mayMeetNames(i, j, mv) {
		return cost
	}
	var used [16]bool
	for a := i; a < i+mv.di; a++ {
	names:
		for _, r := range s.ru[a].names {
			n := 0
			for b := j; b < j+mv.dj; b++ {
				for _, e := range s.en[b].names {
					if n < len(used) && !used[n] && s.lex.match(r, e) {
						used[n] = true
						cost -= nameBonus * s.nameWeight[e]
						continue names
					}
					n++
				}
			}
		}
	}
	return cost
}

func countEnd(c *[4]int, end byte) {
	switch end {
	case '?':
		c[0]++
	case ':':
		c[1]++
	case ';':
		c[2]++
	case '!':
		c[3]++
	}
}
