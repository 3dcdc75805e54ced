package derive

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// para is a paragraph being derived.
type para struct {
	pieces      []piece
	breakBefore bool // a page break lies between the previous kept paragraph and this one
	glued       bool // ends in a word cut by a page header glued to it
}

// scanParagraphs applies the noise rules line by line and groups the kept
// text into paragraphs.
func scanParagraphs(raw string, seq []piece, script *unicode.RangeTable) ([]*para, []Step) {
	var paras []*para
	var steps []Step
	var cur *para
	var ln []unit
	pending := false // a page break since the last kept text
	for pieces := range lines(raw, seq) {
		if blank(raw, pieces) {
			cur = nil
			continue
		}
		ln = slices.AppendSeq(ln[:0], units(raw, pieces))
		res := scanLine(raw, ln, script, cur == nil && pending)
		steps = append(steps, res.steps...)
		kept := keptPieces(ln, res.keep)
		if blank(raw, kept) {
			pending = pending || res.breakBefore || res.breakAfter
			continue
		}
		if cur == nil {
			cur = &para{breakBefore: pending || res.breakBefore}
			paras = append(paras, cur)
		} else {
			cur.pieces = append(cur.pieces, space)
		}
		cur.pieces = append(cur.pieces, kept...)
		cur.glued = res.glued
		pending = res.breakAfter
	}
	return paras, steps
}

type lineResult struct {
	keep                    []bool
	steps                   []Step
	breakBefore, breakAfter bool
	glued                   bool
}

// scanLine judges one line. folio says whether the line opens a paragraph
// right after a page break.
func scanLine(raw string, ln []unit, script *unicode.RangeTable, folio bool) lineResult {
	lr := make([]rune, len(ln))
	for i, u := range ln {
		lr[i] = u.r
	}
	res := lineResult{keep: make([]bool, len(ln))}
	for i := range res.keep {
		res.keep[i] = true
	}
	drop := func(a, b int, rule string) {
		for i := a; i < b; i++ {
			res.keep[i] = false
		}
		res.steps = append(res.steps, dropSteps(raw, ln[a:b], rule)...)
	}
	headers := findHeaders(lr)
	tags := findTags(lr, headers)

	ignored := make([]bool, len(lr))
	for _, s := range append(append([]span{}, headers...), tags...) {
		for i := s.a; i < s.b; i++ {
			ignored[i] = true
		}
	}
	for i, r := range lr {
		if r == '*' {
			ignored[i] = true
		}
	}
	if !hasWord(lr, ignored, script) {
		rule := "noise.stamp"
		if len(headers) > 0 {
			rule = "noise.header"
		}
		drop(0, len(lr), rule)
		res.breakBefore, res.breakAfter = true, true
		return res
	}
	for _, h := range headers {
		drop(h.a, h.b, "noise.header")
	}
	for _, t := range tags {
		drop(t.a, t.b, "noise.markup")
	}
	first, last := len(lr), -1 // kept text
	for i, r := range lr {
		if res.keep[i] && !unicode.IsSpace(r) {
			first = min(first, i)
			last = i
		}
	}
	for _, h := range headers {
		if h.b <= first {
			res.breakBefore = true
		}
		if h.a > last {
			res.breakAfter = true
			res.glued = h.a > 0 && unicode.IsLetter(lr[h.a-1]) && res.keep[h.a-1]
		}
	}
	if folio || res.breakBefore {
		if a, b, ok := folioAt(lr, res.keep); ok {
			drop(a, b, "noise.folio")
		}
	}
	if script != nil && script != unicode.Latin {
		if a, b, ok := trailingGarbage(lr, res.keep); ok {
			drop(a, b, "noise.trailing-garbage")
		}
	}
	return res
}

// keptPieces is the units of a line that keep says are kept, as pieces.
func keptPieces(ln []unit, keep []bool) []piece {
	var out []piece
	for i, u := range ln {
		switch {
		case !keep[i]:
		case u.off < 0:
			out = append(out, space)
		case len(out) > 0 && out[len(out)-1].end == u.off:
			out[len(out)-1].end += utf8.RuneLen(u.r)
		default:
			out = append(out, piece{u.off, u.off + utf8.RuneLen(u.r), u.pos})
		}
	}
	return out
}

// dropSteps records the drop of units as one step per piece of the source
// they come from (units moved by an edit may come from elsewhere).
func dropSteps(raw string, units []unit, rule string) []Step {
	var out []Step
	var start, prev unit
	open := false
	flush := func() {
		if open {
			end := prev.off + utf8.RuneLen(prev.r)
			out = append(out, Step{Op: OpDrop, SourceStart: start.pos, SourceEnd: prev.pos + 1,
				Text: raw[start.off:end], Rule: rule})
		}
		open = false
	}
	for _, u := range units {
		if u.pos < 0 {
			flush()
			continue
		}
		if open && u.pos != prev.pos+1 {
			flush()
		}
		if !open {
			start, open = u, true
		}
		prev = u
	}
	flush()
	return out
}
