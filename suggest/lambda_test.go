package suggest

import (
	"math"
	"strings"
	"testing"
	"unicode"

	"sverka/stemming"
)

// TestTranslatedShareFits checks that translatedShare is where the
// mixture of counts and translation is most likely on the clean Russian
// of the tuning part of developers-reference-ru with its English: the
// log likelihood there is higher than a tenth to either side.
func TestTranslatedShareFits(t *testing.T) {
	c := newChecker(t)
	type word struct {
		counts, trans float64 // log probabilities, the translation's of the stem without the share
		form, stem    string
	}
	var words []word
	for _, p := range referencePairs(t)[:heldOut] {
		s := &scan{c: c, trans: c.translationOf(p.en)}
		if s.trans == nil {
			continue
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(p.ru), func(r rune) bool { return !unicode.Is(unicode.Cyrillic, r) }) {
			if !c.validWord(w, lowerCase) {
				continue
			}
			wd := word{counts: c.counts.logWord(w), trans: math.Inf(-1), form: w, stem: stemming.Key(w)}
			if v, ok := s.trans.logp(wd.stem); ok {
				wd.trans = v - math.Log(translatedShare)
			}
			words = append(words, wd)
		}
	}
	likelihood := func(share float64) float64 {
		ll := 0.0
		for _, w := range words {
			ll += logAddExp(w.counts+math.Log(1-share), w.trans+c.counts.logShare(w.form, w.stem)+math.Log(share))
		}
		return ll
	}
	at := likelihood(translatedShare)
	t.Logf("%d words: log likelihood %.1f at %.2f", len(words), at, translatedShare)
	for _, share := range []float64{translatedShare - 0.1, translatedShare + 0.1} {
		if l := likelihood(share); l >= at {
			t.Errorf("log likelihood %.1f at %.2f, %.1f at translatedShare %.2f: not the best fit", l, share, at, translatedShare)
		}
	}
}
