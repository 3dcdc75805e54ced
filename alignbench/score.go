package alignbench

import (
	"sverka/align"
	"sverka/segment"
)

// Score counts the links of one alignment against the gold blocks.
type Score struct {
	Links, Right int // links proposed, and those inside one gold pair
	Pairs, Found int // gold pairs, and those whose every link is right
	// Flagged and FlaggedWrong count the links whose confidence is below Uncertain, and
	// the wrong ones among them; Unflagged and UnflaggedWrong the others.
	Flagged, FlaggedWrong, Unflagged, UnflaggedWrong int
}

// Uncertain is the confidence below which the workbench shows a link as uncertain.
const Uncertain = 0.5

// Add accumulates another score.
func (s *Score) Add(o Score) {
	s.Links += o.Links
	s.Right += o.Right
	s.Pairs += o.Pairs
	s.Found += o.Found
	s.Flagged += o.Flagged
	s.FlaggedWrong += o.FlaggedWrong
	s.Unflagged += o.Unflagged
	s.UnflaggedWrong += o.UnflaggedWrong
}

// Precision is the share of links that are right.
func (s Score) Precision() float64 { return ratio(s.Right, s.Links) }

// Recall is the share of gold pairs found.
func (s Score) Recall() float64 { return ratio(s.Found, s.Pairs) }

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Judge scores the alignment a of the texts ru and en.
func Judge(ru, en Text, a align.Texts) Score {
	ruBlock, enBlock := blockOf(a.RU, ru.Blocks), blockOf(a.EN, en.Blocks)
	s := Score{Links: len(a.Links), Pairs: len(ru.Blocks)}
	bad := make([]bool, len(ru.Blocks))
	for _, l := range a.Links {
		k, right := -1, true
		for _, i := range l.RU {
			right = right && same(&k, ruBlock[i])
		}
		for _, j := range l.EN {
			right = right && same(&k, enBlock[j])
		}
		if right {
			s.Right++
		} else {
			for _, i := range l.RU {
				markBad(bad, ruBlock[i])
			}
			for _, j := range l.EN {
				markBad(bad, enBlock[j])
			}
		}
		if l.Confidence < Uncertain {
			s.Flagged++
			if !right {
				s.FlaggedWrong++
			}
		} else {
			s.Unflagged++
			if !right {
				s.UnflaggedWrong++
			}
		}
	}
	for _, b := range bad {
		if !b {
			s.Found++
		}
	}
	return s
}

// same reports whether block b is the link's block k so far, taking it when k is unset.
func same(k *int, b []int) bool {
	if len(b) != 1 {
		return false
	}
	if *k < 0 {
		*k = b[0]
	}
	return *k == b[0]
}

func markBad(bad []bool, blocks []int) {
	for _, b := range blocks {
		bad[b] = true
	}
}

// blockOf lists, for each segment, the gold blocks it overlaps (one, unless it runs
// across a block boundary).
func blockOf(segs, blocks []segment.Span) [][]int {
	out := make([][]int, len(segs))
	k := 0
	for i, s := range segs {
		for k < len(blocks) && blocks[k].End <= s.Start {
			k++
		}
		for b := k; b < len(blocks) && blocks[b].Start < s.End; b++ {
			out[i] = append(out[i], b)
		}
	}
	return out
}
