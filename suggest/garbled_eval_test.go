package suggest

import (
	"testing"

	"sverka/ocrnoise"
)

// TestGarbledWords measures the checker on the held-out paragraphs of
// developers-reference-ru with words garbled by ocrnoise.Garble (two or
// three letters misread, one lost), checked as documents, with and
// without the English: a garbled word is rarely within two likely edits
// of its reading, so it must be doubted for its spelling (see
// unknownLogp), searched deeper, and read among the frequent forms a few
// edits away (nearReadings); its Latin letters and digits of like shape
// are read as Russian letters first (readLookAlikes: recall 0.718 ->
// 0.735, 0.772 -> 0.791 with the English), and make the word as written
// less likely (logLookAlike: 0.740, 0.794).
func TestGarbledWords(t *testing.T) {
	c := newChecker(t)
	held := referencePairs(t)[heldOut:]
	for _, set := range []struct {
		name              string
		english           bool
		recall, precision float64
		right             int
	}{
		{"garbled", false, 0.738, 0.77, 176},
		{"garbled with English", true, 0.79, 0.79, 202},
	} {
		t.Run(set.name, func(t *testing.T) {
			s := evaluateDocuments(c, withEnglish(held, ocrnoise.Garble, 200, 0.08, 2, set.english), referenceDocSize)
			t.Logf("held-out %s, %d errors, %d flags: recall %.3f, precision %.3f, first right %.3f (%d)",
				set.name, s.errors, s.flags, s.recall(), s.precision(), s.accuracy(), s.right)
			if s.recall() < set.recall || s.precision() < set.precision || s.right < set.right {
				t.Errorf("recall %.3f, precision %.3f, right first %d: want at least %.2f, %.2f, %d",
					s.recall(), s.precision(), s.right, set.recall, set.precision, set.right)
			}
		})
	}
}
