package align

import (
	"math"
	"slices"
)

// grid holds the programme's tables for one band.
type grid struct {
	b    *band
	best []float64             // Viterbi cost to reach the cell
	back []int8                // move into the cell on the best path, -1 at the origin
	soft []float64             // forward soft-min cost to reach the cell
	cost [][len(moves)]float32 // cost of each move into the cell
	n, m int
}

// keptCosts are the costs (see moveCost) of the moves with sentences on both sides into
// the cells of the last band run (by keptSlot), kept for the runs after it, which compute
// only the cells they add. Until learn changes the words (wordsKept), the evidence of
// words is kept too. The cost of a lone sentence is cheap to compute again (see lexOf).
type keptCosts struct {
	b         *band
	cost      [][keptMoves]moveCost
	wordsKept bool
}

// keptMoves is how many moves have sentences on both sides; keptSlot is the index of
// each move among them, or -1 for a lone sentence.
const keptMoves = 4

var keptSlot = [len(moves)]int{0, -1, -1, 1, 2, 3}

// newGrid returns the tables for band b, in the arrays of the spare grid when they are
// large enough.
func (s *scorer) newGrid(b *band) *grid {
	g := s.spare
	if g == nil {
		g = &grid{}
	}
	s.spare = nil
	*g = grid{
		b: b, n: len(s.ru), m: len(s.en),
		best: grow(g.best, b.cells),
		back: grow(g.back, b.cells),
		soft: grow(g.soft, b.cells),
		cost: grow(g.cost, b.cells),
	}
	return g
}

// run fills the Viterbi table of band b and keeps the costs of its moves; forward fills
// the forward table once the band is final.
func (s *scorer) run(b *band) *grid {
	n := len(s.ru)
	s.meetAll(b)
	g := s.newGrid(b)
	last := s.kept
	// The arrays of the costs before last are free again.
	s.kept = keptCosts{b: b, cost: grow(s.spareCost, b.cells), wordsKept: true}
	inf := math.Inf(1)
	for i := 0; i <= n; i++ {
		for j := b.lo[i]; j <= b.hi[i]; j++ {
			c := b.start[i] + j - b.lo[i]
			if i == 0 && j == 0 {
				g.best[c], g.back[c] = 0, -1
				continue
			}
			old := -1
			if last.b != nil {
				old = last.b.index(i, j)
			}
			best, arg := inf, int8(-1)
			for k, mv := range moves {
				p := b.index(i-mv.di, j-mv.dj)
				slot := keptSlot[k]
				if p < 0 || math.IsInf(g.best[p], 1) {
					g.cost[c][k] = float32(inf)
					if slot >= 0 {
						s.kept.cost[c][slot].pre = inf // not computed
					}
					continue
				}
				var mc moveCost
				switch {
				case slot < 0:
					mc = s.costOf(i-mv.di, j-mv.dj, k)
				case old >= 0 && !math.IsInf(last.cost[old][slot].pre, 1):
					mc = last.cost[old][slot]
					if !last.wordsKept {
						mc.words = s.wordCost(i-mv.di, j-mv.dj, k)
					}
				default:
					mc = s.costOf(i-mv.di, j-mv.dj, k)
				}
				if slot >= 0 {
					s.kept.cost[c][slot] = mc
				}
				lc := mc.total()
				g.cost[c][k] = float32(lc)
				if v := g.best[p] + lc; v < best {
					best, arg = v, int8(k)
				}
			}
			g.best[c], g.back[c] = best, arg
		}
	}
	s.spareCost = last.cost
	return g
}

// forward fills the forward soft-min table of g, the band last run, from the costs kept.
func (s *scorer) forward(g *grid) {
	b := g.b
	for i := 0; i <= g.n; i++ {
		for j := b.lo[i]; j <= b.hi[i]; j++ {
			c := b.start[i] + j - b.lo[i]
			if i == 0 && j == 0 {
				g.soft[c] = 0
				continue
			}
			var terms [len(moves)]float64
			nt := 0
			for k, mv := range moves {
				p := b.index(i-mv.di, j-mv.dj)
				if p < 0 || math.IsInf(g.best[p], 1) {
					continue
				}
				var mc moveCost
				if slot := keptSlot[k]; slot >= 0 {
					mc = s.kept.cost[c][slot]
				} else {
					mc = s.costOf(i-mv.di, j-mv.dj, k)
				}
				terms[nt] = g.soft[p] + mc.total()
				nt++
			}
			g.soft[c] = softMin(terms[:nt])
		}
	}
}

// softMin is -ln Σ exp(-t) over terms, +Inf for none, computed from the least term.
func softMin(terms []float64) float64 {
	if len(terms) == 0 {
		return math.Inf(1)
	}
	least := slices.Min(terms)
	sum := 0.0
	for _, t := range terms {
		if t == least {
			sum++ // exp(0), without calling it
		} else {
			sum += math.Exp(least - t)
		}
	}
	return least - math.Log(sum)
}

// path returns the grid points of the best path from (0,0) to (n,m).
func (g *grid) path() [][2]int {
	var rev [][2]int
	i, j := g.n, g.m
	for {
		rev = append(rev, [2]int{i, j})
		k := g.back[g.b.index(i, j)]
		if k < 0 {
			break
		}
		i, j = i-moves[k].di, j-moves[k].dj
	}
	for a, z := 0, len(rev)-1; a < z; a, z = a+1, z-1 {
		rev[a], rev[z] = rev[z], rev[a]
	}
	return rev
}

// nearEdge returns the rows where the path comes within two cells of an edge of the band
// that is not an edge of the grid: a wider band might there hold a better path.
func (g *grid) nearEdge(path [][2]int) []int {
	const margin = 2
	var rows []int
	for _, p := range path {
		i, j := p[0], p[1]
		if (g.b.lo[i] > 0 && j-g.b.lo[i] < margin) || (g.b.hi[i] < g.m && g.b.hi[i]-j < margin) {
			rows = append(rows, i)
		}
	}
	return rows
}

// links turns the path into links with confidences from a backward soft-min pass.
func (g *grid) links(path [][2]int) []Link {
	b := g.b
	// The Viterbi costs are not needed once the path is known: their array holds the
	// backward costs.
	bwd := g.best
	for i := g.n; i >= 0; i-- {
		for j := b.hi[i]; j >= b.lo[i]; j-- {
			c := b.start[i] + j - b.lo[i]
			if i == g.n && j == g.m {
				bwd[c] = 0
				continue
			}
			var terms [len(moves)]float64
			nt := 0
			for k, mv := range moves {
				q := b.index(i+mv.di, j+mv.dj)
				if q < 0 || math.IsInf(bwd[q], 1) {
					continue
				}
				lc := float64(g.cost[q][k])
				if math.IsInf(lc, 1) {
					continue
				}
				terms[nt] = lc + bwd[q]
				nt++
			}
			bwd[c] = softMin(terms[:nt])
		}
	}
	total := g.soft[b.index(g.n, g.m)]
	links := make([]Link, 0, len(path)-1)
	for a := 1; a < len(path); a++ {
		p, q := path[a-1], path[a]
		k := g.back[b.index(q[0], q[1])]
		lc := float64(g.cost[b.index(q[0], q[1])][k])
		post := math.Exp(total - (g.soft[b.index(p[0], p[1])] + lc + bwd[b.index(q[0], q[1])]))
		l := Link{
			RU:         span(p[0], q[0]),
			EN:         span(p[1], q[1]),
			Confidence: math.Pow(min(1, post)*math.Exp(-max(0, lc-1)/8), 2),
		}
		links = append(links, l)
	}
	return links
}
