package align

import (
	"slices"
	"strings"
	"testing"
)

// synthDictionary pairs the words of the first sentences of st at the same positions:
// random pairs, but the same ones wherever the words recur, so that words are evidence.
func synthDictionary(st synthText) *Dictionary {
	d := NewDictionary()
	for k := range min(len(st.ru), len(st.en), 200) {
		ru, en := strings.Fields(st.ru[k].Text), strings.Fields(st.en[k].Text)
		for w := range min(len(ru), len(en)) {
			d.Add(ru[w], en[w])
		}
	}
	return d
}

// tables are the costs and the forward tables of a run, copied.
type tables struct {
	cost       [][len(moves)]float32
	best, soft []float64
}

func tablesOf(s *scorer, g *grid) tables {
	s.forward(g)
	return tables{cost: slices.Clone(g.cost), best: slices.Clone(g.best), soft: slices.Clone(g.soft)}
}

func sameTables(t *testing.T, what string, got, want tables) {
	t.Helper()
	if !slices.Equal(got.cost, want.cost) || !slices.Equal(got.best, want.best) || !slices.Equal(got.soft, want.soft) {
		t.Errorf("%s: a run that keeps the costs of the run before differs from a run from scratch", what)
	}
}

// TestKeptCostsChangeNothing runs a narrow band and then a wider one, as best does when
// the path comes near the edge, and after learn, and checks that the costs kept from the
// run before give exactly the tables a scorer without them computes.
func TestKeptCostsChangeNothing(t *testing.T) {
	st := synthesize(7, 600)
	dict := synthDictionary(st)
	n, m := len(st.ru), len(st.en)
	narrow, wide := diagonalBand(n, m, 2), diagonalBand(n, m, 12)

	fresh := newScorer(st.ru, st.en, dict)
	if !fresh.words {
		t.Fatal("the synthetic dictionary gives no word evidence")
	}
	want := tablesOf(fresh, fresh.run(wide))
	s := newScorer(st.ru, st.en, dict)
	s.run(narrow)
	sameTables(t, "wider band", tablesOf(s, s.run(wide)), want)

	// learn changes the words: their costs must not be kept.
	g := s.run(wide)
	s.forward(g)
	links := g.links(g.path())
	if !s.learn(links) {
		t.Fatal("learn learnt nothing from the synthetic text")
	}
	got := tablesOf(s, s.run(narrow))
	scratch := newScorer(st.ru, st.en, dict)
	g = scratch.run(wide)
	scratch.forward(g)
	g.links(g.path())
	scratch.learn(links)
	scratch.kept, scratch.met = keptCosts{}, meetings{}
	sameTables(t, "after learn", got, tablesOf(scratch, scratch.run(narrow)))
}
