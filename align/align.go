// Package align aligns the sentences of a Russian text with those of its English
// translation.
//
// # Model
//
// Align finds the cheapest sequence of links by dynamic programming over the grid of
// (Russian position, English position), as Gale and Church (1993) did. A link takes
// 0, 1 or 2 sentences from each side: 1-1, 1-0, 0-1, 2-1, 1-2 and 2-2. Its cost, in nats,
// is the sum of
//
//   - the prior of its kind (-ln P, Gale and Church's proportions, with 2-2 rarer);
//   - the length term -ln 2(1-Φ(|δ|)), δ = (l_en - c·l_ru) / √(s²·mean), lengths in code
//     points, c fitted per text pair as total English over total Russian length and
//     s² = 6.8. A sentence with no counterpart pays only its prior: translators' notes and
//     lost passages are not shorter or longer than anything;
//   - lexical evidence that survives OCR noise and translation: digit strings (38-ю and
//     38th are both 38, 5-6 gives 5 and 6), number words and month names (weak evidence,
//     never penalised when missing), proper names and Latin-script words compared after
//     Cyrillic→Latin transliteration by edit distance (ФИЛИППОВ and FILIPPOV, Чжоу and Zhou,
//     Тайвана and Taiwan), final "?", ":", ";", "!" and numbered points "1)". Shared
//     evidence lowers the cost, weighted by 1/√(document frequency) so that a name seen in
//     every sentence says little; digits or punctuation on one side only raise it;
//   - words, when a Dictionary is given (see words.go): each word the dictionary knows
//     lowers the cost when it meets one of its translations on the other side and raises
//     it when it does not, as a damped log-likelihood ratio against the chance of meeting
//     one in sentences picked at random. A second pass adds the stem pairs that the first
//     pass's confident links attest (see learn.go);
//   - paragraphs as soft anchors: a link that crosses a paragraph boundary, and a link
//     boundary that is a paragraph boundary on one side only, cost extra;
//   - possible sentence boundaries (segment.Units): sentences after one may be joined to
//     the one before, counting as one sentence in the prior; a link that starts after one
//     pays its log-odds (splitCost), less when both sides break a line there. So the
//     segmentation is chosen with the alignment.
//
// # Band
//
// The programme only visits a band of cells around a guide path, so time and memory grow
// with (n+m)·width, not n·m. The first guide is the diagonal scaled to the two lengths.
// When the best path comes near the edge of the band, the band is doubled in width and
// re-centred on that path, and the programme runs again (as in Hunalign), until the path
// stays inside or the band covers the grid.
//
// # Confidence
//
// A forward-backward pass over the same band, with soft minima in place of minima, gives
// the posterior probability of each chosen link among all alignments in the band. The
// confidence is that posterior, lowered for links that are unlikely in themselves (a lone
// sentence, a bad length ratio, contradicting numbers): it is multiplied by
// exp(-max(0, cost-1)/8). The product is squared, so that 0.5, below which the workbench
// shows a link as uncertain, falls where the product is 0.7: on the evaluation documents of
// package alignbench (tuning part, all four layouts), links below 0.7 were wrong 8 times in
// 144 and links above 18 times in 9,559; below 0.5, once in 23.
package align

import (
	"math"
	"slices"

	"sverka/segment"
)

// Sentence is one segment to align; Paragraph numbers the paragraph it belongs to (a soft
// anchor). Sentences of one paragraph share its number; numbers only need to differ
// between neighbouring paragraphs. Before is the kind of boundary before the sentence:
// segment.Sure, or a possible boundary (a line end without punctuation, a semicolon, an
// abbreviation), which the aligner takes only when the translation calls for it; a
// sentence after a boundary not taken shares the link of the one before.
type Sentence struct {
	Text      string
	Paragraph int
	Before    segment.Boundary
}

// Link groups consecutive sentences: RU and EN are indexes into the Russian and English
// slices, in order; either side may be empty. Confidence, between 0 and 1, is low for
// links the model doubts.
type Link struct {
	RU, EN     []int
	Confidence float64
}

// band is the set of grid cells the programme visits: for each Russian position i, the
// English positions lo[i]..hi[i]. Cells are stored row after row from start[i].
type band struct {
	lo, hi, start []int
	cells         int
}

func newBand(lo, hi []int) *band {
	b := &band{lo: lo, hi: hi, start: make([]int, len(lo))}
	for i := range lo {
		b.start[i] = b.cells
		b.cells += hi[i] - lo[i] + 1
	}
	return b
}

// index returns the cell of (i, j), or -1 outside the band.
func (b *band) index(i, j int) int {
	if i < 0 || i >= len(b.lo) || j < b.lo[i] || j > b.hi[i] {
		return -1
	}
	return b.start[i] + j - b.lo[i]
}

// diagonalBand is the band of half-width w around the diagonal from (0,0) to (n,m). Row i
// reaches from the diagonal at i to the diagonal at i+1, so that the band stays connected
// when one side has many more sentences than the other.
func diagonalBand(n, m, w int) *band {
	diag := func(i int) int {
		if n == 0 || i > n {
			return m
		}
		return (i*m + n/2) / n
	}
	lo, hi := make([]int, n+1), make([]int, n+1)
	for i := 0; i <= n; i++ {
		lo[i], hi[i] = max(0, diag(i)-w), min(m, diag(i+1)+w)
	}
	return newBand(lo, hi)
}

// pathBand is the band around a path of grid points, of half-width widths[i] in row i.
func pathBand(path [][2]int, n, m int, widths []int) *band {
	lo, hi := make([]int, n+1), make([]int, n+1)
	for i := range lo {
		lo[i], hi[i] = m, 0
	}
	for k, p := range path {
		i, j := p[0], p[1]
		lo[i], hi[i] = min(lo[i], j), max(hi[i], j)
		// A 2-row move skips row i-1: it lies between the two points.
		if k > 0 && path[k-1][0] == i-2 {
			lo[i-1], hi[i-1] = min(lo[i-1], path[k-1][1]), max(hi[i-1], j)
		}
	}
	for i := range lo {
		lo[i], hi[i] = max(0, lo[i]-widths[i]), min(m, hi[i]+widths[i])
	}
	return newBand(lo, hi)
}

// Align aligns Russian sentences ru with English sentences en, with the words of dict
// as evidence (nil for none). Every sentence of both sides appears in exactly one link,
// and the links are in order. A link that ends after a possible boundary pays its
// splitCost; sentences joined across one count as one in the prior of their link. With a
// dictionary, a second pass adds the word pairs that the first pass's links attest
// (see learn).
func Align(ru, en []Sentence, dict *Dictionary) []Link {
	s := newScorer(ru, en, dict)
	n, m := len(ru), len(en)
	g, path := s.best(diagonalBand(n, m, firstWidth), firstWidth)
	links := g.links(path)
	s.spare = g
	if s.words && s.learn(links) {
		// The second pass starts from a narrower band around the first path.
		w := firstWidth / 2
		g, path = s.best(pathBand(path, n, m, slices.Repeat([]int{w}, n+1)), w)
		links = g.links(path)
	}
	return links
}

// firstWidth is the half-width of the first band.
const firstWidth = 8

// best runs the programme in band b, of half-width w, until the best path stays inside
// the band. Where the path comes near the edge, the next band is twice as wide in the
// rows around; everywhere it follows the path.
func (s *scorer) best(b *band, w int) (*grid, [][2]int) {
	n, m := len(s.ru), len(s.en)
	widths := slices.Repeat([]int{w}, n+1)
	for {
		g := s.run(b)
		path := g.path()
		wider := false
		was := slices.Clone(widths)
		for _, i := range g.nearEdge(path) {
			if was[i] >= max(n, m) {
				continue
			}
			to := 2 * was[i]
			for r := max(0, i-to); r <= min(n, i+to); r++ {
				if widths[r] < to {
					widths[r], wider = to, true
				}
			}
		}
		if !wider {
			s.forward(g)
			return g, path
		}
		b = pathBand(path, n, m, widths)
		s.spare = g
	}
}

func newScorer(ru, en []Sentence, dict *Dictionary) *scorer {
	lx := newLexicon(dict)
	s := &scorer{lex: lx}
	s.setSentences(ru, en)
	ruTotal, enTotal := 0, 0
	for i := range s.ru {
		ruTotal += s.ru[i].length
	}
	for j := range s.en {
		enTotal += s.en[j].length
	}
	s.ratio = 1
	if ruTotal > 0 && enTotal > 0 {
		s.ratio = min(2, max(0.5, float64(enTotal)/float64(ruTotal)))
	}

	// Document frequency: in how many sentences of either side a numeral occurs (the larger
	// count), and in how many English sentences a name occurs.
	ruDF, enDF := make([]int, len(lx.nums)), make([]int, len(lx.nums))
	seen := make([]int, len(lx.nums))
	for i := range seen {
		seen[i] = -1
	}
	for i, ev := range s.ru {
		for _, x := range ev.nums {
			if seen[x.id] != i {
				seen[x.id] = i
				ruDF[x.id]++
			}
		}
	}
	for i := range seen {
		seen[i] = -1
	}
	for j, ev := range s.en {
		for _, x := range ev.nums {
			if seen[x.id] != j {
				seen[x.id] = j
				enDF[x.id]++
			}
		}
	}
	s.weight = make([]float64, len(lx.nums))
	for id := range s.weight {
		s.weight[id] = 1 / math.Sqrt(float64(max(1, ruDF[id], enDF[id])))
	}
	nameDF := make([]int, len(lx.enForms))
	seenName := make([]int, len(lx.enForms))
	for i := range seenName {
		seenName[i] = -1
	}
	for j, ev := range s.en {
		for _, e := range ev.names {
			if seenName[e] != j {
				seenName[e] = j
				nameDF[e]++
			}
		}
	}
	s.hasNames = slices.ContainsFunc(s.ru, hasNames) && slices.ContainsFunc(s.en, hasNames)
	s.weighWords()
	s.nameWeight = make([]float64, len(lx.enForms))
	for id := range s.nameWeight {
		s.nameWeight[id] = 1 / math.Sqrt(float64(max(1, nameDF[id])))
	}
	s.setAlone()
	return s
}

func hasNames(ev evidence) bool { return len(ev.names) > 0 }

// span returns the indexes from..to-1, or nil when empty.
func span(from, to int) []int {
	if from == to {
		return nil
	}
	s := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		s = append(s, i)
	}
	return s
}
