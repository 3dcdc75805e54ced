package derive

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"sverka/segment"
)

// finish applies the page-break joins and builds the base text.
func finish(rs []rune, paras []*para, steps []Step, needBreak bool) Result {
	var out [][]unit
	var prev []unit
	var prevGlued bool
	for _, p := range paras {
		units := trimUnits(p.units)
		if len(units) == 0 {
			continue
		}
		if prev == nil {
			prev, prevGlued = units, p.glued
			continue
		}
		rule, sep, hyphen := joinRule(prev, prevGlued, units, p.breakBefore || !needBreak)
		if rule == "" {
			out = append(out, prev)
			prev, prevGlued = units, p.glued
			continue
		}
		last := prev[len(prev)-1]
		leftEnd := last.pos + 1
		left := prev
		if hyphen {
			leftEnd = last.pos
			left = prev[:len(prev)-1]
		}
		rightStart := units[0].pos
		if leftEnd > rightStart {
			leftEnd = rightStart
		}
		steps = append(steps, Step{
			Op:          OpJoin,
			SourceStart: leftEnd,
			SourceEnd:   rightStart,
			Text:        string(rs[leftEnd:rightStart]),
			Replacement: sep,
			Rule:        rule,
			Note:        fmt.Sprintf("%q + %q", lastWord(prev), firstWord(units)),
		})
		// left is a prefix of prev, which owns its backing array: append in
		// place so that long chains of joins stay linear.
		if sep != "" {
			left = append(left, unit{' ', -1})
		}
		prev, prevGlued = append(left, units...), p.glued
	}
	if prev != nil {
		out = append(out, prev)
	}
	var b strings.Builder
	var spans []segment.Span
	var origin []int
	for i, units := range out {
		if i > 0 {
			b.WriteString("\n\n")
			origin = append(origin, -1, -1)
		}
		start := len(origin)
		space := false
		for _, u := range units {
			if unicode.IsSpace(u.r) {
				space = true
				continue
			}
			if space && len(origin) > start {
				b.WriteRune(' ')
				origin = append(origin, -1)
			}
			space = false
			b.WriteRune(u.r)
			origin = append(origin, u.pos)
		}
		spans = append(spans, segment.Span{Start: start, End: len(origin)})
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].SourceStart < steps[j].SourceStart })
	return Result{Text: b.String(), Paragraphs: spans, Steps: steps, Origin: origin}
}

// joinRule decides whether paragraph left continues in right, and how.
func joinRule(left []unit, glued bool, right []unit, pageBreak bool) (rule, sep string, hyphen bool) {
	first := right[0].r
	if !pageBreak || !unicode.IsLower(first) {
		return "", "", false
	}
	last := left[len(left)-1].r
	switch {
	case glued && unicode.IsLetter(last):
		return "pagebreak.glued-header", "", false
	case isHyphen(last) && len(left) >= 2 && unicode.IsLetter(left[len(left)-2].r):
		return "pagebreak.hyphen", "", true
	}
	k := len(left) - 1
	for k > 0 && strings.ContainsRune("\"')]»”’", left[k].r) {
		k--
	}
	if strings.ContainsRune(".?!:;…", left[k].r) {
		return "", "", false
	}
	return "pagebreak.paragraph", " ", false
}

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '¬' || r == '\u00ad' }

func trimUnits(units []unit) []unit {
	a, b := 0, len(units)
	for a < b && unicode.IsSpace(units[a].r) {
		a++
	}
	for b > a && unicode.IsSpace(units[b-1].r) {
		b--
	}
	return units[a:b]
}

// maxNoteWord bounds the words quoted in a join's note.
const maxNoteWord = 40

func lastWord(units []unit) string {
	i := len(units)
	for i > 0 && len(units)-i < maxNoteWord && !unicode.IsSpace(units[i-1].r) {
		i--
	}
	return string(textOf(units[i:]))
}

func firstWord(units []unit) string {
	i := 0
	for i < len(units) && i < maxNoteWord && !unicode.IsSpace(units[i].r) {
		i++
	}
	return string(textOf(units[:i]))
}
