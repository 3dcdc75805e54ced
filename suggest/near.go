package suggest

import (
	"math/bits"
	"slices"
)

// nearReadings returns the forms the counts have seen often that are at
// most maxTranslatedEdits from a lower-case word (by the alignment the
// channel learns from) and keep more than half of their letters: the
// readings of a word garbled beyond what the speller's search of likely
// edits reaches (two or three letters of a faint copy misread), which the
// channel then weighs as any other. The speller asks for them only for a
// word spelt as Russian is not, with no reading of one word otherwise.
func (c *Checker) nearReadings(w string) []candidate {
	o := []rune(w)
	if len(o) < minTranslatedLetters || !allCyrillic(w) {
		return nil
	}
	have, mask := letterCounts(o), letterMask(w)
	v := c.vocabulary()
	var out []candidate
	for n := max(0, len(o)-maxTranslatedEdits); n <= len(o)+maxTranslatedEdits && n < len(v.byLength); n++ {
		k := min(maxTranslatedEdits, (n-1)/2)
		for i, f := range v.byLength[n] {
			// Each letter of f that w lacks is an edit.
			if bits.OnesCount64(v.masks[n][i]&^mask) > k {
				continue
			}
			r := []rune(f)
			if common(r, have) < n-k || distance(r, o) > k || f == w {
				continue
			}
			if es := align(w, f); !slices.ContainsFunc(es, merged) {
				out = append(out, candidate{f, es})
			}
		}
	}
	return out
}

// letterMask has a bit for each Russian letter (а to ё) that a word has.
func letterMask(w string) uint64 {
	var m uint64
	for _, r := range w {
		if k := r - 'а'; k >= 0 && k < 64 {
			m |= 1 << k
		}
	}
	return m
}
