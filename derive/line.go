package derive

import "unicode"

func splitLines(seq []unit) [][]unit {
	var out [][]unit
	s := 0
	for i, u := range seq {
		if u.r == '\n' {
			out = append(out, seq[s:i])
			s = i + 1
		}
	}
	return append(out, seq[s:])
}

func blankUnits(ln []unit) bool {
	for _, u := range ln {
		if !unicode.IsSpace(u.r) {
			return false
		}
	}
	return true
}

// para is a paragraph being derived.
type para struct {
	units       []unit
	breakBefore bool // a page break lies between the previous kept paragraph and this one
	glued       bool // ends in a word cut by a page header glued to it
}

// scanParagraphs applies the noise rules line by line and groups the kept
// text into paragraphs.
func scanParagraphs(rs []rune, seq []unit, script *unicode.RangeTable) ([]*para, []Step) {
	var paras []*para
	var steps []Step
	var cur *para
	pending := false // a page break since the last kept text
	for _, ln := range splitLines(seq) {
		if blankUnits(ln) {
			cur = nil
			continue
		}
		res := scanLine(rs, ln, script, cur == nil && pending)
		steps = append(steps, res.steps...)
		var kept []unit
		for i, u := range ln {
			if res.keep[i] {
				kept = append(kept, u)
			}
		}
		if blankUnits(kept) {
			pending = pending || res.breakBefore || res.breakAfter
			continue
		}
		if cur == nil {
			cur = &para{breakBefore: pending || res.breakBefore}
			paras = append(paras, cur)
		} else {
			cur.units = append(cur.units, unit{' ', -1})
		}
		cur.units = append(cur.units, kept...)
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
func scanLine(rs []rune, ln []unit, script *unicode.RangeTable, folio bool) lineResult {
	lr := textOf(ln)
	res := lineResult{keep: make([]bool, len(ln))}
	for i := range res.keep {
		res.keep[i] = true
	}
	drop := func(a, b int, rule string) {
		for i := a; i < b; i++ {
			res.keep[i] = false
		}
		res.steps = append(res.steps, dropSteps(rs, ln[a:b], rule)...)
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

// dropSteps records the drop of units as one step per piece of the source
// they come from (units moved by an edit may come from elsewhere).
func dropSteps(rs []rune, units []unit, rule string) []Step {
	var out []Step
	start, prev := -1, -1
	flush := func() {
		if start >= 0 {
			out = append(out, Step{Op: OpDrop, SourceStart: start, SourceEnd: prev + 1,
				Text: string(rs[start : prev+1]), Rule: rule})
		}
		start = -1
	}
	for _, u := range units {
		if u.pos < 0 {
			flush()
			continue
		}
		if start >= 0 && u.pos != prev+1 {
			flush()
		}
		if start < 0 {
			start = u.pos
		}
		prev = u.pos
	}
	flush()
	return out
}
