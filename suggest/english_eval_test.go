package suggest

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"sverka/ocrnoise"
)

// withEnglish returns n of the pairs' Russian paragraphs with errors
// injected by inject at rate, each with the English it translates when
// english is set, seeded.
func withEnglish(pairs []pair, inject func(string, float64, *rand.Rand) (string, []ocrnoise.Error), n int, rate float64, seed uint64, english bool) []evalUnit {
	rng := rand.New(rand.NewPCG(seed, 5))
	var units []evalUnit
	for _, p := range pairs[:min(n, len(pairs))] {
		if p.en == "" {
			continue
		}
		noisy, errs := inject(p.ru, rate, rng)
		u := evalUnit{text: noisy}
		if english {
			u.english = p.en
		}
		for _, e := range errs {
			u.errs = append(u.errs, evalError{e.Start, e.End, e.Want, e.Kind})
		}
		units = append(units, u)
	}
	return units
}

// TestEnglishEvidence measures what the aligned English adds on
// developers-reference-ru with words garbled beyond a search of likely
// edits (ocrnoise.Garble), and with the errors of ocrnoise.Inject, each
// paragraph checked with and without the English paragraph it
// translates, on the tuning and the held-out part.
func TestEnglishEvidence(t *testing.T) {
	c := newChecker(t)
	pairs := referencePairs(t)
	for _, part := range splitReference(pairs) {
		t.Run(part.name, func(t *testing.T) {
			var got [2][2]score
			for i, inject := range []func(string, float64, *rand.Rand) (string, []ocrnoise.Error){ocrnoise.Garble, ocrnoise.Inject} {
				for k, english := range []bool{false, true} {
					s := evaluate(c, withEnglish(part.pairs, inject, 200, 0.08, part.seed, english))
					got[i][k] = s
					t.Logf("%s, %s, English %v: %d errors, %d flags: recall %.3f, precision %.3f, first reading right %.3f, right %d",
						part.name, []string{"garbled", "injected"}[i], english, s.errors, s.flags, s.recall(), s.precision(), s.accuracy(), s.right)
				}
			}
			if got[0][0].errors < 100 {
				t.Fatalf("only %d errors garbled", got[0][0].errors)
			}
			garbled, injected := got[0], got[1]
			// Without English, a word with no reading within two likely
			// edits is searched deeper (see candidates).
			if garbled[0].recall() < 0.38 {
				t.Errorf("garbled words without English: recall %.2f, want at least 0.38", garbled[0].recall())
			}
			if garbled[1].recall() < garbled[0].recall()+0.05 || garbled[1].right < garbled[0].right*23/20 {
				t.Errorf("garbled words: the English raises recall %.2f -> %.2f and right first readings %d -> %d, want +0.05 and +15 %%",
					garbled[0].recall(), garbled[1].recall(), garbled[0].right, garbled[1].right)
			}
			if injected[1].recall() < injected[0].recall() || injected[1].precision() < max(0.85, injected[0].precision()-0.005) || injected[1].accuracy() < injected[0].accuracy()-0.005 {
				t.Errorf("injected errors: with the English recall %.3f, precision %.3f, first right %.3f; without %.3f, %.3f, %.3f: want none lower by more than 0.005 (precision at least 0.85)",
					injected[1].recall(), injected[1].precision(), injected[1].accuracy(), injected[0].recall(), injected[0].precision(), injected[0].accuracy())
			}
		})
	}
}

// BenchmarkCheckDocumentEnglish checks a 2,000-sentence document whose
// paragraphs have their English, with a fresh checker each time (the
// dictionaries read before: once a process).
func BenchmarkCheckDocumentEnglish(b *testing.B) {
	var units []Unit
	rng := rand.New(rand.NewPCG(7, 7))
	pairs := referencePairs(b)
	for sentences, i := 0, 0; sentences < 2000; i++ {
		p := pairs[i%heldOut]
		text, _ := ocrnoise.Inject(p.ru, 0.05, rng)
		units = append(units, Unit{Text: text, English: p.en})
		sentences += strings.Count(text, ". ") + 1
	}
	c := newChecker(b)
	c.Check(units[0])
	cpu := cpuTime()
	for b.Loop() {
		New(c.lex, DefaultCounts(), NewChannel()).CheckAll(context.Background(), units)
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// referencePart is the tuning or the held-out part of the reference pairs,
// with the seed of the errors injected into it.
type referencePart struct {
	name  string
	pairs []pair
	seed  uint64
}

// splitReference is the reference pairs' tuning part and held-out part.
func splitReference(pairs []pair) []referencePart {
	return []referencePart{{"tuning", pairs[:heldOut], 1}, {"held-out", pairs[heldOut:], 2}}
}
