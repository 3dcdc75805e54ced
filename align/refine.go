package align

import (
	"math"

	"sverka/segment"
)

// joinPossible joins every sentence after a possible boundary to the one before. It
// returns the joined sentences and, for each, the index of its first input sentence,
// with len(in) at the end.
func joinPossible(in []Sentence) ([]Sentence, []int) {
	var out []Sentence
	var first []int
	for i, x := range in {
		if x.Before != segment.Sure && len(out) > 0 {
			out[len(out)-1].Text += " " + x.Text
			continue
		}
		x.Before = segment.Sure
		out = append(out, x)
		first = append(first, i)
	}
	return out, append(first, len(in))
}

// refine splits the links of the joined sentences at possible boundaries. For each link
// whose sentences hold some, it aligns their parts with the same programme, paying
// splitCost for each boundary taken and the prior of one sentence for parts joined
// across a boundary not taken, and keeps the split when it costs less than the link as
// it was. The links it returns index the input sentences ru and en.
func (s *scorer) refine(g *grid, path [][2]int, links []Link, ru, en []Sentence, ruFirst, enFirst []int) []Link {
	out := make([]Link, 0, len(links))
	for a, l := range links {
		p, q := path[a], path[a+1]
		ruFrom, ruTo := ruFirst[p[0]], ruFirst[q[0]]
		enFrom, enTo := enFirst[p[1]], enFirst[q[1]]
		whole := Link{RU: span(ruFrom, ruTo), EN: span(enFrom, enTo), Confidence: l.Confidence}
		if ruTo-ruFrom == q[0]-p[0] && enTo-enFrom == q[1]-p[1] || ruFrom == ruTo || enFrom == enTo {
			out = append(out, whole)
			continue
		}
		c := g.b.index(q[0], q[1])
		kept := float64(g.cost[c][g.back[c]])
		parts, ok := s.split(ru[ruFrom:ruTo], en[enFrom:enTo], kept)
		if !ok {
			out = append(out, whole)
			continue
		}
		for _, pl := range parts {
			for k := range pl.RU {
				pl.RU[k] += ruFrom
			}
			for k := range pl.EN {
				pl.EN[k] += enFrom
			}
			pl.Confidence *= l.Confidence
			out = append(out, pl)
		}
	}
	return out
}

// split aligns the parts of one link's sentences and returns their links when they cost
// less than kept, the cost of the link as one.
func (s *scorer) split(ru, en []Sentence, kept float64) ([]Link, bool) {
	sub := &scorer{lex: s.lex, ratio: s.ratio, hasNames: s.hasNames,
		ruDF: s.ruDF, enDF: s.enDF, ruN: s.ruN, enN: s.enN}
	ru = append([]Sentence(nil), ru...)
	en = append([]Sentence(nil), en...)
	ru[0].Before, en[0].Before = segment.Sure, segment.Sure
	sub.setSentences(ru, en)
	if sub.ruDF != nil {
		sub.weighSentences()
	}
	sub.weight = extend(s.weight, len(s.lex.nums))
	sub.nameWeight = extend(s.nameWeight, len(s.lex.enForms))
	n, m := len(ru), len(en)
	g := sub.run(diagonalBand(n, m, max(n, m)))
	if g.best[g.b.index(n, m)] >= kept-1e-9 || math.IsInf(kept, 1) {
		return nil, false
	}
	return g.links(g.path()), true
}

// extend returns w with weight 1 for ids beyond it: tokens first seen in a part.
func extend(w []float64, n int) []float64 {
	if len(w) >= n {
		return w
	}
	out := make([]float64, n)
	copy(out, w)
	for i := len(w); i < n; i++ {
		out[i] = 1
	}
	return out
}
