package suggest

import (
	"math/bits"
	"unsafe"
)

// The sizes of what the memos hold, beyond each entry's slot in its map
// (see newMemo): what an entry's strings and slices point to, as the Go
// allocator takes it. A string or slice that points into something the
// checker keeps anyway (an edit's letters, the dictionary's ids) is not
// counted; one that two entries may share (a unit's English, a stem) is
// counted in each, so a memo holds somewhat less than its budget, never
// more.

// heapBytes is what the Go allocator takes for an object of n bytes: small
// objects are rounded up to a size class, 16 bytes apart up to 128 bytes
// and at most an eighth of a power of two apart above.
func heapBytes(n int) int {
	switch {
	case n == 0:
		return 0
	case n <= 8:
		return 8
	case n <= 128:
		return (n + 15) &^ 15
	}
	step := 1 << (bits.Len(uint(n-1)) - 3)
	return (n + step - 1) &^ (step - 1)
}

func stringBytes(s string) int { return heapBytes(len(s)) }

// sliceBytes is a slice's backing array.
func sliceBytes[T any](s []T) int {
	var t T
	return heapBytes(cap(s) * int(unsafe.Sizeof(t)))
}

func stringsBytes(ss []string) int {
	n := sliceBytes(ss)
	for _, s := range ss {
		n += stringBytes(s)
	}
	return n
}

// wordBytes is the size of a word's readings; their edits' letters are the
// word's and the channel's.
func wordBytes(k wordKey, cs []candidate) int {
	n := stringBytes(k.w) + sliceBytes(cs)
	for _, c := range cs {
		n += stringBytes(c.text) + sliceBytes(c.edits)
	}
	return n
}

func unitBytes(k unitKey, r checked) int {
	return stringBytes(k.text) + stringBytes(k.english) + checkedBytes(r)
}

// checkedBytes is the size of what a unit's check worked out; a flag's
// form and readings are its hypothesis's.
func checkedBytes(r checked) int {
	n := sliceBytes(r.doubtful) + sliceBytes(r.votes) + stringsBytes(r.words) + sliceBytes(r.flags) + sliceBytes(r.used)
	for _, h := range r.doubtful {
		n += stringBytes(h.form) + stringsBytes(h.keys) + sliceBytes(h.readings) + stringBytes(h.secondText)
		for _, s := range h.readings {
			n += stringBytes(s.text)
		}
	}
	for _, v := range r.votes {
		n += sliceBytes(v.shares) + sliceBytes(v.own)
	}
	for _, f := range r.flags {
		n += sliceBytes(f.Readings)
	}
	return n
}

func formBytes(k formKey, _ form) int { return stringBytes(k.w) }

func stemFormsBytes(k formKey, fs []string) int { return stringBytes(k.w) + stringsBytes(fs) }

func stemBytes(w, stem string) int { return stringBytes(w) + stringBytes(stem) }

func shareBytes(k formKey, ss stemShare) int { return stringBytes(k.w) + stringBytes(ss.stem) }

// speltBytes is the size of an English stem's Russian stems; their ids are
// the dictionary's.
func speltBytes(en string, sp []stemRunes) int {
	n := stringBytes(en) + sliceBytes(sp)
	for _, s := range sp {
		n += stringBytes(s.stem) + sliceBytes(s.runes)
	}
	return n
}

func nameKeysBytes(k nameKeys) int { return stringsBytes(k.latin) + stringsBytes(k.cyr) }

func variantsBytes(w string, vs []nameVariant) int {
	n := stringBytes(w) + sliceBytes(vs)
	for _, v := range vs {
		n += stringBytes(v.text) + nameKeysBytes(v.keys)
	}
	return n
}

func keysBytes(w string, k nameKeys) int { return stringBytes(w) + nameKeysBytes(k) }

func nameBytes(w string, n name) int {
	return stringBytes(w) + stringBytes(n.latin) + stringsBytes(n.cyr)
}

// englishBytes is the size of what an English text says. Its
// translation's Russian stems spelt out (runes) are made after it is
// remembered, from the spelt memo's: a pointer for each, about as many
// as the English stems (spelt's share is per English stem).
func englishBytes(en string, e english) int {
	n := stringBytes(en) + sliceBytes(e.names) + stringsBytes(e.numbers)
	for _, nm := range e.names {
		n += stringBytes(nm.latin) + stringsBytes(nm.cyr)
	}
	if t := e.trans; t != nil {
		n += heapBytes(int(unsafe.Sizeof(*t))) + sliceBytes(t.en) + heapBytes(len(t.en)*int(unsafe.Sizeof(t)))
		for _, s := range t.en {
			n += stringBytes(s.stem)
		}
	}
	return n
}

func classBytes(k formKey, cs classStats) int { return stringBytes(k.w) + stringBytes(cs.class) }

func beginningBytes(w string, ids []int32) int { return stringBytes(w) + sliceBytes(ids) }

func reachBytes(k formKey, _ reached) int { return stringBytes(k.w) }
