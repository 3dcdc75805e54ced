package suggest

import (
	"context"
	"testing"

	"sverka/ocrnoise"
)

// evaluateDocuments checks units as documents of docSize consecutive
// units each (CheckAll: each unit alone, then what its document's words
// say) and measures the flags as evaluate does.
func evaluateDocuments(c *Checker, units []evalUnit, docSize int) score {
	flags := make([][]Flag, 0, len(units))
	for at := 0; at < len(units); at += docSize {
		var doc []Unit
		for _, u := range units[at:min(at+docSize, len(units))] {
			doc = append(doc, Unit{Text: u.text, English: u.english})
		}
		flags = append(flags, c.CheckAll(context.Background(), doc)...)
	}
	return scoreFlags(units, flags)
}

// referenceDocSize is how many consecutive paragraphs of
// developers-reference-ru make a document in the evaluations: about a
// section of the book.
const referenceDocSize = 20

// TestDocumentEvidence measures what a document's other words add (see
// document) on the held-out evaluation sets of developers-reference-ru,
// each paragraph checked alone (Check) and with the paragraphs around it
// as a document (CheckAll): errors injected by ocrnoise, words garbled
// with and without the English, real-word errors.
func TestDocumentEvidence(t *testing.T) {
	c := newChecker(t)
	pairs := referencePairs(t)
	paras := referenceParagraphs(t)
	held := pairs[heldOut:]
	for _, set := range []struct {
		name  string
		units []evalUnit
		gain  bool // whether the documents must find more right readings
	}{
		{"injected", injected(paras[heldOut:], 200, 0.08, 2), false},
		{"garbled", withEnglish(held, ocrnoise.Garble, 200, 0.08, 2, false), true},
		{"garbled with English", withEnglish(held, ocrnoise.Garble, 200, 0.08, 2, true), true},
		{"injected with English", withEnglish(held, ocrnoise.Inject, 200, 0.08, 2, true), false},
		{"real-word", realWords(paras[heldOut:], c.lex, 200, 0.08, 2), true},
	} {
		t.Run(set.name, func(t *testing.T) {
			alone, doc := evaluate(c, set.units), evaluateDocuments(c, set.units, referenceDocSize)
			t.Logf("held-out %s, %d errors: alone recall %.3f, precision %.3f, first right %.3f (%d); in documents %.3f, %.3f, %.3f (%d)",
				set.name, alone.errors, alone.recall(), alone.precision(), alone.accuracy(), alone.right, doc.recall(), doc.precision(), doc.accuracy(), doc.right)
			// A document may take a right reading for a form it has more
			// often (архив for архиве): one in a hundred errors at most.
			if doc.recall() < alone.recall() || doc.right < alone.right-alone.errors/100 || doc.precision() < alone.precision()-0.01 {
				t.Errorf("in documents recall %.3f, right first %d, precision %.3f; alone %.3f, %d, %.3f: want recall no lower, right readings no fewer by more than 1 %% of the errors, precision no more than 0.01 lower",
					doc.recall(), doc.right, doc.precision(), alone.recall(), alone.right, alone.precision())
			}
			if set.gain && doc.right <= alone.right {
				t.Errorf("in documents %d right first readings, alone %d: want more", doc.right, alone.right)
			}
		})
	}
}
