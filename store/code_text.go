package store

import (
	"math/bits"
	"unicode/utf8"
)

// codeText is a base text as the store's cache keeps it: the UTF-8 string
// and where every codeStep-th code point begins, so that cutting a passage
// out of it (positions are code points) walks fewer than codeStep code
// points instead of the text up to the passage. A search cuts a few
// passages out of texts of up to hundreds of kilobytes; the marks cost
// 4 bytes per codeStep code points.
type codeText struct {
	text string
	// at[k] is the byte offset of code point k*codeStep; n counts the
	// code points.
	at []uint32
	n  int
}

const codeStep = 64

// newCodeText indexes text in one walk, eight bytes at a time between
// marks (a search reads the whole texts of its hits: at 10,000 documents
// the walk was a fifth of a search's CPU byte by byte).
func newCodeText(text string) *codeText {
	t := &codeText{text: text, at: make([]uint32, 0, len(text)/codeStep+1)}
	for i := 0; i < len(text); {
		if left := codeStep - t.n%codeStep; left > 8 && left < codeStep && i+8 <= len(text) {
			// Eight bytes begin at most eight code points: no mark among them.
			t.n += 8 - continuations(text[i:i+8])
			i += 8
			continue
		}
		if text[i]&0xC0 != 0x80 { // the first byte of a code point
			if t.n%codeStep == 0 {
				t.at = append(t.at, uint32(i))
			}
			t.n++
		}
		i++
	}
	return t
}

// continuations counts the bytes of b (eight) that continue a code point
// (10xxxxxx in UTF-8).
func continuations(b string) int {
	const lows = 0x0101010101010101
	w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
	return bits.OnesCount64(w >> 7 & ^(w >> 6) & lows)
}

// size is what the text weighs in the cache.
func (t *codeText) size() int64 { return int64(len(t.text) + 4*len(t.at)) }

// offset is the byte offset of code point p, clipped to the text.
func (t *codeText) offset(p int) int {
	if p <= 0 {
		return 0
	}
	if p >= t.n {
		return len(t.text)
	}
	i := int(t.at[p/codeStep])
	for k := p % codeStep; k > 0; k-- {
		for i++; t.text[i]&0xC0 == 0x80; i++ {
		}
	}
	return i
}

// slice is the code points [start, end) of the text, clipped to it as
// SQL's substr clips.
func (t *codeText) slice(start, end int) string {
	s, e := t.byteRange(start, end)
	return t.text[s:e]
}

// byteRange is where code points [start, end) of the text lie in its
// bytes, clipped to it as slice clips: the passage is text[s:e].
func (t *codeText) byteRange(start, end int) (s, e int) {
	s, e = t.offset(start), t.offset(end)
	return s, max(s, e)
}

// matches reports what anno.Matches reports of the text as code points:
// whether it holds exact at [start, end), preceded by prefix and followed
// by suffix.
func (t *codeText) matches(start, end int, exact, prefix, suffix string) bool {
	if start < 0 || end < start || end > t.n || t.slice(start, end) != exact {
		return false
	}
	p, s := utf8.RuneCountInString(prefix), utf8.RuneCountInString(suffix)
	return p <= start && t.slice(start-p, start) == prefix && end+s <= t.n && t.slice(end, end+s) == suffix
}
