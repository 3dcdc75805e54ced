package suggest

import "sverka/lexicon"

// vocabulary is the set of forms the counts have seen often, by
// lexicon.HashOf, with a bit filter in front that turns most strings away
// without a map lookup, and the filter of their beginnings.
type vocabulary struct {
	set    map[uint64]bool
	filter []uint64 // 2¹⁸ bits
	begins *lexicon.Beginnings
}

func newVocabulary(forms []string) *vocabulary {
	v := &vocabulary{set: make(map[uint64]bool, len(forms)), filter: make([]uint64, 1<<18/64), begins: lexicon.NewBeginnings(forms, 22)}
	for _, f := range forms {
		h := lexicon.HashOf(f, "", "")
		v.set[h] = true
		b := h & (1<<18 - 1)
		v.filter[b/64] |= 1 << (b % 64)
	}
	return v
}

func (v *vocabulary) has(h uint64) bool {
	b := h & (1<<18 - 1)
	return v.filter[b/64]&(1<<(b%64)) != 0 && v.set[h]
}

// mayBegin reports whether one of the forms may begin with the string
// whose lexicon.HashOf is h.
func (v *vocabulary) mayBegin(h uint64) bool { return v.begins.MayBegin(h) }

// vocabulary returns the forms seen at least minSeen times in the counts,
// made again when the counts grew.
func (c *Checker) vocabulary() *vocabulary {
	v := c.counts.Version()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.vocab == nil || c.vocabVersion != v {
		c.vocab = newVocabulary(c.counts.frequent(minSeen))
		c.vocabVersion = v
	}
	return c.vocab
}
