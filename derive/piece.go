package derive

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"
)

// piece is a run of the text being derived: raw[off:end] of the raw page,
// whose first code point is code point pos of the page; or, with off < 0, a
// space the derivation wrote. A derivation works on runs of the raw page
// (a line, the kept part of a line) rather than on each code point, so that
// its memory stays near the size of the text.
type piece struct{ off, end, pos int }

// space is a space the derivation writes (to join lines, or before a moved
// fragment).
var space = piece{off: -1, end: -1, pos: -1}

// text is the piece's text.
func (p piece) text(raw string) string {
	if p.off < 0 {
		return " "
	}
	return raw[p.off:p.end]
}

// unit is one code point of the text being derived, with its code point
// offset pos and byte offset off in the raw page (both -1 for a space the
// derivation wrote). Units are made for a line at a time, never for a text.
type unit struct {
	r        rune
	pos, off int
}

// units yields the code points of ps in order.
func units(raw string, ps []piece) iter.Seq[unit] {
	return func(yield func(unit) bool) {
		for _, p := range ps {
			if p.off < 0 {
				if !yield(unit{' ', -1, -1}) {
					return
				}
				continue
			}
			pos := p.pos
			for i, r := range raw[p.off:p.end] {
				if !yield(unit{r, pos, p.off + i}) {
					return
				}
				pos++
			}
		}
	}
}

// backward yields the code points of ps from the last to the first.
func backward(raw string, ps []piece) iter.Seq[unit] {
	return func(yield func(unit) bool) {
		for k := len(ps) - 1; k >= 0; k-- {
			p := ps[k]
			if p.off < 0 {
				if !yield(unit{' ', -1, -1}) {
					return
				}
				continue
			}
			pos := p.pos + utf8.RuneCountInString(raw[p.off:p.end])
			for end := p.end; end > p.off; {
				r, n := utf8.DecodeLastRuneInString(raw[p.off:end])
				end -= n
				pos--
				if !yield(unit{r, pos, end}) {
					return
				}
			}
		}
	}
}

// firstUnit and lastUnit are the first and the last code point of ps (a
// NUL with no place when ps is empty).
func firstUnit(raw string, ps []piece) unit {
	for u := range units(raw, ps) {
		return u
	}
	return unit{0, -1, -1}
}

func lastUnit(raw string, ps []piece) unit {
	for u := range backward(raw, ps) {
		return u
	}
	return unit{0, -1, -1}
}

// lines yields the lines of seq (the text between two newlines, and after
// the last one) as pieces. The slice yielded is reused by the next line.
func lines(raw string, seq []piece) iter.Seq[[]piece] {
	return func(yield func([]piece) bool) {
		var ln []piece
		for _, p := range seq {
			for p.off >= 0 {
				i := strings.IndexByte(raw[p.off:p.end], '\n')
				if i < 0 {
					break
				}
				if i > 0 {
					ln = append(ln, piece{p.off, p.off + i, p.pos})
				}
				if !yield(ln) {
					return
				}
				ln = ln[:0]
				p = piece{p.off + i + 1, p.end, p.pos + utf8.RuneCountInString(raw[p.off:p.off+i]) + 1}
			}
			if p.off < 0 || p.off < p.end {
				ln = append(ln, p)
			}
		}
		yield(ln)
	}
}

// blank reports whether ps holds nothing but whitespace.
func blank(raw string, ps []piece) bool {
	for _, p := range ps {
		if strings.TrimFunc(p.text(raw), unicode.IsSpace) != "" {
			return false
		}
	}
	return true
}

// trim cuts the whitespace at either end of ps, in place.
func trim(raw string, ps []piece) []piece {
	for len(ps) > 0 {
		t := strings.TrimLeftFunc(ps[0].text(raw), unicode.IsSpace)
		if t != "" {
			cut := ps[0].end - ps[0].off - len(t)
			ps[0].pos += utf8.RuneCountInString(raw[ps[0].off : ps[0].off+cut])
			ps[0].off += cut
			break
		}
		ps = ps[1:]
	}
	for len(ps) > 0 {
		t := strings.TrimRightFunc(ps[len(ps)-1].text(raw), unicode.IsSpace)
		if t != "" {
			ps[len(ps)-1].end = ps[len(ps)-1].off + len(t)
			break
		}
		ps = ps[:len(ps)-1]
	}
	return ps
}

// cut is the part of seq between byte offsets a and b of its text.
func cut(raw string, seq []piece, a, b int) []piece {
	var out []piece
	at := 0
	for _, p := range seq {
		n := len(p.text(raw))
		lo, hi := max(a, at), min(b, at+n)
		at += n
		if lo >= hi {
			continue
		}
		if p.off < 0 {
			out = append(out, p)
			continue
		}
		off := p.off + lo - (at - n)
		out = append(out, piece{off, p.off + hi - (at - n), p.pos + utf8.RuneCountInString(raw[p.off:off])})
	}
	return out
}

// textOf is the text of seq.
func textOf(raw string, seq []piece) string {
	var b strings.Builder
	for _, p := range seq {
		b.WriteString(p.text(raw))
	}
	return b.String()
}
