// Package strtab keeps a set of strings compactly, each under a number:
// their bytes one after another in one string, where each ends, and an
// open-addressing hash index of their numbers. A string costs its bytes
// and 8 to 20 more, where a Go map from strings costs 40 to 60 and a
// small allocation for each; dictionaries of a few hundred thousand words
// (a hunspell lexicon's stems, word counts, a bilingual dictionary's
// stems) stay a few megabytes. Strings are only ever added.
package strtab

import (
	"hash/maphash"
	"slices"
	"strings"
)

// Table is a set of strings numbered from 0 in the order they were added.
// Lookups are safe for concurrent use with each other, not with Add. A
// Table must not be copied after its first Add (it holds a strings.Builder).
type Table struct {
	text  strings.Builder // every string, one after another
	ends  []uint32        // ends[i] is where string i ends in text
	slots []uint32        // a string's number + 1 at its hash's slot or after; 0 empty
	seed  maphash.Seed
}

// Len is the number of strings.
func (t *Table) Len() int { return len(t.ends) }

// At is string i (which shares the table's memory).
func (t *Table) At(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.text.String()[start:t.ends[i]]
}

// Find returns the number of s, and whether the table has it.
func (t *Table) Find(s string) (int, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := maphash.String(t.seed, s) & mask; ; i = (i + 1) & mask {
		n := t.slots[i]
		if n == 0 {
			return 0, false
		}
		if t.At(int(n-1)) == s {
			return int(n - 1), true
		}
	}
}

// Add adds s unless the table has it, and returns its number.
func (t *Table) Add(s string) int {
	if n, ok := t.Find(s); ok {
		return n
	}
	if 2*(len(t.ends)+1) > len(t.slots) {
		t.grow()
	}
	t.text.WriteString(s)
	t.ends = append(t.ends, uint32(t.text.Len()))
	t.place(len(t.ends) - 1)
	return len(t.ends) - 1
}

// grow doubles the index (at most half of it is ever filled).
func (t *Table) grow() {
	if len(t.slots) == 0 {
		t.seed = maphash.MakeSeed()
	}
	t.slots = make([]uint32, max(16, 2*len(t.slots)))
	for i := range t.ends {
		t.place(i)
	}
}

// place puts string i's number at the first free slot from its hash's.
func (t *Table) place(i int) {
	mask := uint64(len(t.slots) - 1)
	k := maphash.String(t.seed, t.At(i)) & mask
	for t.slots[k] != 0 {
		k = (k + 1) & mask
	}
	t.slots[k] = uint32(i + 1)
}

// Clone returns a copy of t, which strings may be added to without
// changing t.
func (t *Table) Clone() *Table {
	out := &Table{ends: slices.Clone(t.ends), slots: slices.Clone(t.slots), seed: t.seed}
	out.text.WriteString(t.text.String())
	return out
}

// Trim gives back the room kept for strings to come: for a table that is
// complete.
func (t *Table) Trim() {
	text := t.text.String()
	t.text = strings.Builder{}
	t.text.Grow(len(text))
	t.text.WriteString(text)
	t.ends = append([]uint32(nil), t.ends...)
}
