package derive

import (
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"sverka/segment"
)

// finish applies the page-break joins and builds the base text.
func finish(raw string, paras []*para, steps []Step, needBreak bool) Result {
	var out [][]piece
	var prev []piece
	var prevGlued bool
	for _, p := range paras {
		ps := trim(raw, p.pieces)
		if len(ps) == 0 {
			continue
		}
		if prev == nil {
			prev, prevGlued = ps, p.glued
			continue
		}
		rule, sep, hyphen := joinRule(raw, prev, prevGlued, ps, p.breakBefore || !needBreak)
		if rule == "" {
			out = append(out, prev)
			prev, prevGlued = ps, p.glued
			continue
		}
		note := fmt.Sprintf("%q + %q", lastWord(raw, prev), firstWord(raw, ps))
		last, right := lastUnit(raw, prev), firstUnit(raw, ps)
		leftEnd, leftOff := last.pos+1, last.off+utf8.RuneLen(last.r)
		if hyphen {
			leftEnd, leftOff = last.pos, last.off
			// The hyphen is a piece's last code point: cut it off.
			prev[len(prev)-1].end = last.off
			if prev[len(prev)-1].end == prev[len(prev)-1].off {
				prev = prev[:len(prev)-1]
			}
		}
		if leftEnd > right.pos {
			leftEnd, leftOff = right.pos, right.off
		}
		steps = append(steps, Step{
			Op:          OpJoin,
			SourceStart: leftEnd,
			SourceEnd:   right.pos,
			Text:        raw[leftOff:right.off],
			Replacement: sep,
			Rule:        rule,
			Note:        note,
		})
		// prev owns its backing array: append in place so that long chains
		// of joins stay linear.
		if sep != "" {
			prev = append(prev, space)
		}
		prev, prevGlued = append(prev, ps...), p.glued
	}
	if prev != nil {
		out = append(out, prev)
	}
	size := 0
	for _, ps := range out {
		for _, p := range ps {
			size += len(p.text(raw))
		}
		size += 2
	}
	var b strings.Builder
	b.Grow(size)
	var spans []segment.Span
	n := 0 // code points written
	for i, ps := range out {
		if i > 0 {
			b.WriteString("\n\n")
			n += 2
		}
		start := n
		collapse(raw, ps, func(r rune, _ int) {
			b.WriteRune(r)
			n++
		})
		spans = append(spans, segment.Span{Start: start, End: n})
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].SourceStart < steps[j].SourceStart })
	return Result{Text: b.String(), Paragraphs: spans, Steps: steps, raw: raw, paras: out}
}

// collapse calls yield for each code point of the paragraph ps as the base
// text has it, with its code point offset in the raw page: every run of
// whitespace made one space the derivation writes (-1), none at either end.
func collapse(raw string, ps []piece, yield func(r rune, pos int)) {
	space, started := false, false
	for u := range units(raw, ps) {
		if unicode.IsSpace(u.r) {
			space = true
			continue
		}
		if space && started {
			yield(' ', -1)
		}
		space, started = false, true
		yield(u.r, u.pos)
	}
}

// joinRule decides whether paragraph left continues in right, and how.
func joinRule(raw string, left []piece, glued bool, right []piece, pageBreak bool) (rule, sep string, hyphen bool) {
	if !pageBreak || !unicode.IsLower(firstUnit(raw, right).r) {
		return "", "", false
	}
	var end [2]rune // the last two code points of left
	n := 0
	for u := range backward(raw, left) {
		end[n] = u.r
		if n++; n == len(end) {
			break
		}
	}
	switch {
	case glued && unicode.IsLetter(end[0]):
		return "pagebreak.glued-header", "", false
	case isHyphen(end[0]) && n == 2 && unicode.IsLetter(end[1]):
		return "pagebreak.hyphen", "", true
	}
	// The last code point but closing quotes and brackets (the first one of
	// left if all are).
	var k rune
	for u := range backward(raw, left) {
		k = u.r
		if !strings.ContainsRune("\"')]»”’", k) {
			break
		}
	}
	if strings.ContainsRune(".?!:;…", k) {
		return "", "", false
	}
	return "pagebreak.paragraph", " ", false
}

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '¬' || r == '\u00ad' }

// maxNoteWord bounds the words quoted in a join's note.
const maxNoteWord = 40

func lastWord(raw string, ps []piece) string {
	rs := word(backward(raw, ps))
	slices.Reverse(rs)
	return string(rs)
}

func firstWord(raw string, ps []piece) string {
	return string(word(units(raw, ps)))
}

// word is the code points us yields up to the first space, at most
// maxNoteWord of them.
func word(us iter.Seq[unit]) []rune {
	var rs []rune
	for u := range us {
		if len(rs) == maxNoteWord || unicode.IsSpace(u.r) {
			break
		}
		rs = append(rs, u.r)
	}
	return rs
}
