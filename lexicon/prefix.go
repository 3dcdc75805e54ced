package lexicon

import (
	"strings"
	"unicode/utf8"
)

// prefixBits is the size (log2, in bits) of the lexicon's prefixFilter.
const prefixBits = 26

// prefixFilter has a bit set for the hash (HashOf) of every beginning of
// every form in lower case: 8 MB that tell a spelling corrector, with one
// memory read, that no word starts so, and so that no edit further on can
// make a word of it. It answers "maybe" for some strings that begin no
// word (a few per cent), never "no" for one that does. The same type holds
// the endings of forms, hashed from their last byte back (HashBack).
type prefixFilter []uint64

func newPrefixFilter() prefixFilter { return make(prefixFilter, prefixWords) }

// prefixWords is the length of a prefixFilter, in 64-bit words.
const prefixWords = 1 << prefixBits / 64

// bit is where h stands in f (whose length is a power of two).
func (f prefixFilter) bit(h uint64) (int, uint64) {
	b := h & uint64(len(f)*64-1)
	return int(b / 64), 1 << (b % 64)
}

func (f prefixFilter) has(h uint64) bool {
	i, m := f.bit(h)
	return f[i]&m != 0
}

// addPrefixes sets the bits of every beginning of form, in lower case, up
// to the whole form.
func (f prefixFilter) addPrefixes(form string) {
	s := strings.ToLower(form)
	h := emptyHash
	for k := 0; k < len(s); k++ {
		h = ExtendHash(h, s[k:k+1])
		if k+1 == len(s) || utf8.RuneStart(s[k+1]) {
			i, m := f.bit(h)
			f[i] |= m
		}
	}
}

// addSuffixes sets the bits of every ending of form, in lower case, hashed
// back from its last byte.
func (f prefixFilter) addSuffixes(form string) {
	s := strings.ToLower(form)
	h := emptyHash
	for k := len(s) - 1; k >= 0; k-- {
		h = ExtendHashBack(h, s[k:k+1])
		if utf8.RuneStart(s[k]) {
			i, m := f.bit(h)
			f[i] |= m
		}
	}
}

func (f prefixFilter) union(g prefixFilter) {
	for i := range f {
		f[i] |= g[i]
	}
}

// emptyHash is the hash of the empty string, where every hash starts.
const emptyHash uint64 = 14695981039346656037

// ExtendHash returns HashOf(a+s, "", "") given h = HashOf(a, "", ""): a
// string's hash grows letter by letter.
func ExtendHash(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// ExtendHashBack returns the hash of s+b, hashed from its last byte back,
// given h, that of b: HashBack grows letter by letter to the left.
func ExtendHashBack(h uint64, s string) uint64 {
	for i := len(s) - 1; i >= 0; i-- {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// HashBack is the hash of s from its last byte back, as MayEnd takes it.
func HashBack(s string) uint64 { return ExtendHashBack(emptyHash, s) }

// MayBegin reports whether some form of the lexicon, in lower case, may
// begin with the lower-case string whose HashOf is h: false means surely
// not. The empty string begins every form.
func (lx *Lexicon) MayBegin(h uint64) bool {
	lx.edges.Do(lx.readEdges)
	return h == emptyHash || lx.prefixes.has(h)
}

// MayEnd reports whether some form of the lexicon, in lower case, may end
// with the lower-case string whose HashBack is h: false means surely not.
func (lx *Lexicon) MayEnd(h uint64) bool {
	lx.edges.Do(lx.readEdges)
	return h == emptyHash || lx.suffixes.has(h)
}

// Edges is a filter of the beginnings and endings of other words (such as
// those a corpus uses often but the lexicon lacks), asked as the lexicon's
// MayBegin and MayEnd are.
type Edges struct{ begins, ends prefixFilter }

// NewEdges returns the filters of the beginnings and endings of words, with
// 2^bits bits each.
func NewEdges(words []string, bits uint) *Edges {
	e := &Edges{make(prefixFilter, 1<<bits/64), make(prefixFilter, 1<<bits/64)}
	for _, w := range words {
		e.begins.addPrefixes(w)
		e.ends.addSuffixes(w)
	}
	return e
}

// MayBegin reports whether one of the words, in lower case, may begin with
// the string whose HashOf is h.
func (e *Edges) MayBegin(h uint64) bool {
	return h == emptyHash || e.begins.has(h)
}

// MayEnd reports whether one of the words, in lower case, may end with the
// string whose HashBack is h.
func (e *Edges) MayEnd(h uint64) bool {
	return h == emptyHash || e.ends.has(h)
}
