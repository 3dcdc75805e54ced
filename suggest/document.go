package suggest

import (
	"math"
	"slices"
	"strings"
)

// The document a unit belongs to is evidence too: a word a document uses
// once is far more likely to be used again in it than its frequency in the
// counts says (a cache language model: Kuhn and De Mori, 1990). A word's
// probability in a unit is a mixture, with weight docWeight, of its share
// of the document's other words and the counts' probability. The
// document's words are counted as the checker reads them: a word of a
// doubtful span counts as its readings and itself, each by its
// probability, so that the forms OCR misread one word into (пландарм,
// плацдары, плащарм) support each other's reading (плацдарм), and a word
// misread the same way everywhere supports its reading, not itself, where
// the reading wins elsewhere.
//
// A unit's doubtful spans are scored again with this evidence after every
// unit of the document is checked: it is a vote, like a second OCR
// reading, on what the unit's check remembers, and a unit need not be
// checked again when another changes.

// docWeight is the mixture weight of the document's words.
const docWeight = 0.1

// docMost is the most (nats) the document may add to a reading or to the
// OCR form: a span whose best reading is that much less likely than the
// OCR form is not doubtful.
const docMost = 3.0

// document is what the words of a document say: how often each form
// (counting key) that a doubtful hypothesis is or may be read as occurs,
// and of how many words.
type document struct {
	n     map[string]*docWord
	words float64
}

// docWord is what the document knows of a form it counts.
type docWord struct {
	n float64 // how often the document has it
	p float64 // its probability by the counts
}

// newDocument counts the words of the checked units of a document that
// a doubtful word (one hypothesis a word) is or may be read as, that word
// by the shares of its readings.
func newDocument(counts *Counts, units []checked) *document {
	d := &document{n: map[string]*docWord{}}
	for _, r := range units {
		for _, h := range r.doubtful {
			for _, k := range h.keys {
				if d.n[k] == nil && k != "" {
					d.n[k] = &docWord{p: math.Exp(counts.logWord(k))}
				}
			}
		}
	}
	for _, r := range units {
		d.words += float64(len(r.words))
		for _, w := range r.words {
			if dw := d.n[w]; dw != nil {
				dw.n++
			}
		}
		for j, h := range r.doubtful {
			if v := r.votes[j]; v.soft {
				d.n[h.keys[0]].n -= 1 - v.keep
				for k, rk := range h.keys[1:] {
					if rk != "" {
						d.n[rk].n += v.shares[k]
					}
				}
			}
		}
	}
	return d
}

// hypVote is what the document's vote needs of a doubtful hypothesis,
// worked out with its unit's check: whether its word counts by the shares
// of its readings (soft: the first of a unit's hypotheses of one word at
// its start), those shares, and what the word counts for as each of its
// keys (own[0] as its OCR form's, own[1+k] as reading k's).
type hypVote struct {
	soft   bool
	keep   float64
	shares []float64
	own    []float64
}

// votesOf works out the hypVote of each of a unit's doubtful hypotheses.
func votesOf(hyps []hypothesis) []hypVote {
	out := make([]hypVote, len(hyps))
	var starts []int
	for j, h := range hyps {
		if h.keys == nil {
			continue
		}
		v := &out[j]
		keep, shares := 1.0, []float64(nil)
		if !containsInt(starts, h.start) {
			starts = append(starts, h.start)
			keep, shares = h.shares()
			v.soft, v.keep, v.shares = true, keep, shares
		}
		form, keys := h.keys[0], h.keys[1:]
		// own is what the word counts for as k.
		own := func(k string) float64 {
			v := 0.0
			if k == form {
				v = keep
			}
			for x, rk := range keys {
				if shares != nil && rk == k {
					v += shares[x]
				}
			}
			return v
		}
		v.own = make([]float64, len(h.keys))
		for x, k := range h.keys {
			v.own[x] = own(k)
		}
	}
	return out
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// vote returns h, a doubtful hypothesis of a unit, with what the
// document's other words say of its OCR form and readings added (its own
// word, counted as newDocument counted it, left out), and whether they say
// anything; if not, h as it is.
func (d *document) vote(h hypothesis, v hypVote) (hypothesis, bool) {
	if d == nil || d.words <= 1 || h.keys == nil {
		return h, false
	}
	keepShare := d.logShare(h.keys[0], v.own[0])
	add := make([]float64, len(h.readings))
	said := keepShare != 0
	for k := range h.readings {
		add[k] = d.logShare(h.keys[k+1], v.own[k+1])
		said = said || add[k] != 0
	}
	if !said {
		return h, false
	}
	h.keep += keepShare
	h.readings = slices.Clone(h.readings)
	for k := range h.readings {
		h.readings[k].score += add[k]
	}
	return h, true
}

// logShare is the log of how much more probable the mixture makes a form
// with counting key k ("" for several words) than a form the document's
// other words lack, at most docMost, the word's own count (own) left out.
// (The mixture takes docWeight of every form's probability by the counts;
// that is the same for the OCR form and each reading, and left out.)
func (d *document) logShare(k string, own float64) float64 {
	if k == "" {
		return 0
	}
	dw := d.n[k]
	n := dw.n - own
	if n <= 1e-9 {
		return 0
	}
	return min(docMost, math.Log1p(docWeight/(1-docWeight)*n/(d.words-1)/dw.p))
}

// wordKeys returns the counting keys of h's OCR form and of each of its
// readings ("" for one of several words), or nil if h is not a span of one
// word, whose readings the document's words may vote on.
func wordKeys(h hypothesis) []string {
	if h.form == "" || strings.ContainsFunc(h.form, func(r rune) bool { return !isLetter(r) && r != '-' }) {
		return nil
	}
	keys := []string{key(h.form)}
	for _, r := range h.readings {
		k := ""
		if !strings.Contains(r.text, " ") {
			k = key(r.text)
		}
		keys = append(keys, k)
	}
	return keys
}

// shares returns the probability of h's OCR form and of each reading.
func (h hypothesis) shares() (float64, []float64) {
	top := h.keep
	for _, r := range h.readings {
		top = max(top, r.score)
	}
	sum := math.Exp(h.keep - top)
	out := make([]float64, len(h.readings))
	for i, r := range h.readings {
		out[i] = math.Exp(r.score - top)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return math.Exp(h.keep-top) / sum, out
}
