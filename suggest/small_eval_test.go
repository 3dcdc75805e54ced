package suggest

import (
	"testing"

	"sverka/ocrnoise"
)

// TestSmallErrors measures the checker on developers-reference-ru with the
// small errors of ocrnoise.Small (a word of one letter read as another or
// as a dash, a comma read as a semicolon), checked as documents, with and
// without the English, on the tuning and the held-out part, and holds the
// held-out words of one letter read as another to what reading them as
// the other words of one letter reached (see shortReadings): found 19 of
// 70 before, 33 after; and the commas read as full stops to what
// markForComma reached: 0 of the 96 punctuation errors before, 13 after;
// with the English, commas read as semicolons and colons, which the word
// after and the English's own marks tell (see markInEnglish): 13 of the
// 96 before, 34 after. The set's precision was 0.165, 0.256 after the
// first and 0.324 after both; with the English 0.414 after the third
// (its flags count the clean text's false flags around few errors).
func TestSmallErrors(t *testing.T) {
	c := newChecker(t)
	pairs := referencePairs(t)
	for _, part := range splitReference(pairs) {
		for _, english := range []bool{false, true} {
			s := evaluateDocuments(c, withEnglish(part.pairs, ocrnoise.Small, 200, 0.1, part.seed, english), referenceDocSize)
			t.Logf("%s small, English %v: %d errors, %d flags: recall %.3f, precision %.3f, first right %.3f (%d); by kind %v",
				part.name, english, s.errors, s.flags, s.recall(), s.precision(), s.accuracy(), s.right, s.byKind)
			for _, k := range ocrnoise.SmallKinds {
				if s.byKind[k][1] < 15 {
					t.Fatalf("only %d errors of kind %s", s.byKind[k][1], k)
				}
			}
			fn, punct := s.byKind["function"][0], s.byKind["punct"][0]
			wantPunct, wantPrecision := 10, 0.3
			if english {
				wantPunct, wantPrecision = 30, 0.4
			}
			if part.name == "held-out" && (fn < 28 || punct < wantPunct || s.precision() < wantPrecision || s.accuracy() < 0.8) {
				t.Errorf("held-out, English %v: %d words of one letter misread found, %d marks, precision %.3f, first right %.3f: want at least 28, %d, %.2f, 0.80",
					english, fn, punct, s.precision(), s.accuracy(), wantPunct, wantPrecision)
			}
		}
	}
}
