package suggest

import (
	"slices"
	"strings"
	"unicode/utf8"

	"sverka/lexicon"
)

// vocabulary is the set of forms the counts have seen often, by
// lexicon.HashOf, with a bit filter in front that turns most strings away
// without a map lookup, and the filters of their beginnings and endings;
// and the forms by their length, in order (see nearReadings).
type vocabulary struct {
	set      map[uint64]bool
	filter   []uint64 // 2¹⁸ bits
	edges    *lexicon.Edges
	byLength [][]string // forms of n code points at n
	masks    [][]uint64 // letterMask of each
}

func newVocabulary(forms []string) *vocabulary {
	v := &vocabulary{set: make(map[uint64]bool, len(forms)), filter: make([]uint64, 1<<18/64), edges: lexicon.NewEdges(forms, 22)}
	for _, f := range forms {
		h := lexicon.HashOf(f, "", "")
		v.set[h] = true
		b := h & (1<<18 - 1)
		v.filter[b/64] |= 1 << (b % 64)
		n := utf8.RuneCountInString(f)
		for len(v.byLength) <= n {
			v.byLength = append(v.byLength, nil)
		}
		v.byLength[n] = append(v.byLength[n], f)
	}
	v.masks = make([][]uint64, len(v.byLength))
	for n, fs := range v.byLength {
		slices.Sort(fs)
		for _, f := range fs {
			v.masks[n] = append(v.masks[n], letterMask(f))
		}
	}
	return v
}

func (v *vocabulary) has(h uint64) bool {
	b := h & (1<<18 - 1)
	return v.filter[b/64]&(1<<(b%64)) != 0 && v.set[h]
}

// Prepare works out what the checks share and the first would make while
// the others wait: the forms the counts have seen often, the counts of
// words by stem that the English evidence reads, and the letter model of
// unknown words (see spellingOf). A server calls it as it starts, so that
// its first check does not wait for them.
func (c *Checker) Prepare() {
	c.vocabulary()
	c.counts.base.makeStems()
	spellingOf()
}

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

// form is what the language model knows of a form as written.
type form struct {
	valid bool    // written Russian (see Checker.valid)
	logp  float64 // the log probability of its words, or as an unknown word
}

type formKey struct {
	w       string
	version uint64 // of the counts
}

// written returns what the language model knows of a form as written,
// remembered until the counts change.
func (c *Checker) written(w string) form {
	k := formKey{w, c.counts.Version()}
	if f, ok := c.forms.get(k); ok {
		return f
	}
	lw := lower(w)
	f := form{valid: c.valid(lw, shapeOf(w))}
	if f.valid {
		for _, part := range strings.Split(lw, " ") {
			f.logp += c.counts.logWord(part)
		}
	} else {
		f.logp = unknownLogp(w)
	}
	c.forms.put(k, f)
	return f
}

// classOf returns what the counts' context model reads of a word's class,
// remembered until the counts change: every reading of every word is
// scored with the words around it.
func (c *Checker) classOf(w string) classStats {
	k := formKey{w, c.counts.Version()}
	if cs, ok := c.classes.get(k); ok {
		return cs
	}
	cs := c.counts.classOf(w)
	c.classes.put(k, cs)
	return cs
}
