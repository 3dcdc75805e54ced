package suggest

import (
	"slices"
	"strings"
	"testing"
)

// inCapitals returns the units written in capitals, as headings and
// telegrams' addresses are, without the errors that are none in capitals
// (a capital for a small letter).
func inCapitals(units []evalUnit) []evalUnit {
	var out []evalUnit
	for _, u := range units {
		c := evalUnit{text: strings.ToUpper(u.text), english: u.english}
		if len([]rune(c.text)) != len([]rune(u.text)) {
			continue // a letter whose capital is longer or shorter
		}
		for _, e := range u.errs {
			if !slices.Contains([]string{"capital", "case"}, e.kind) {
				e.want = strings.ToUpper(e.want)
				c.errs = append(c.errs, e)
			}
		}
		out = append(out, c)
	}
	return out
}

// TestCapitals measures the checker on the held-out paragraphs of
// developers-reference-ru with errors injected, written in capitals: a
// text in capitals is read as its small letters are, with its case kept
// (a one-letter word among capitals, В or С, is in capitals, not a
// capital inside a sentence).
func TestCapitals(t *testing.T) {
	c := newChecker(t)
	units := injected(referenceParagraphs(t)[heldOut:], 200, 0.08, 2)
	as, caps := evaluate(c, units), evaluate(c, inCapitals(units))
	t.Logf("held-out injected: as written, %d errors, recall %.3f, precision %.3f, first right %.3f; in capitals (%d errors) %.3f, %.3f, %.3f",
		as.errors, as.recall(), as.precision(), as.accuracy(), caps.errors, caps.recall(), caps.precision(), caps.accuracy())
	if caps.recall() < as.recall()-0.02 || caps.precision() < as.precision()-0.02 || caps.accuracy() < as.accuracy()-0.05 {
		t.Errorf("in capitals recall %.3f, precision %.3f, first right %.3f; as written %.3f, %.3f, %.3f: want recall and precision within 0.02, right first within 0.05",
			caps.recall(), caps.precision(), caps.accuracy(), as.recall(), as.precision(), as.accuracy())
	}
}
