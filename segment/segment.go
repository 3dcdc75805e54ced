// Package segment splits plain text into paragraphs, sentence segments and
// words.
//
// All offsets are Unicode code point (rune) offsets into the text, never byte
// offsets, so that they can be stored and shown next to the text in any
// language without re-encoding.
//
// Conventions (shared by Russian and English):
//   - A paragraph ends at a blank line (a line holding only whitespace).
//     Single newlines inside a paragraph are ordinary whitespace.
//   - A sentence ends after '.', '?', '!' or '…' (optionally followed by closing
//     quotes or brackets) when whitespace and then a capital letter or a digit
//     follow (optionally after opening quotes or brackets), and at every
//     paragraph end.
//   - A '.' does not end a sentence after a known abbreviation of the language
//     (English "cde.", "Mr.", "Dr.", "e.g."; Russian "г.", "гг.", "т.е.", "тов.",
//     "см."), after a dotted abbreviation such as "U.S." or "т.е.", after a single
//     capital letter (initials such as "И. В. Сталин"), or after a short number
//     that opens the segment (an enumerator such as "1.").
//   - Spans are trimmed of surrounding whitespace and never empty.
//
// Units finds, besides these sure boundaries, places where a sentence may end, for a
// translation to decide (see Boundary); Split ends no sentence there.
package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open range [Start, End) of Unicode code points in a text.
type Span struct {
	Start, End int
}

// Words returns the words of text: the longest runs of code points inWord
// holds for. What a word is made of (letters and digits, with combining
// marks or without) is the caller's to say.
func Words(text []rune, inWord func(rune) bool) []Span {
	var out []Span
	for i := 0; i < len(text); {
		if !inWord(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && inWord(text[j]) {
			j++
		}
		out = append(out, Span{i, j})
		i = j
	}
	return out
}

// Paragraphs returns the paragraphs of text: runs of lines separated by blank
// lines, each trimmed of surrounding whitespace.
func Paragraphs(text string) []Span {
	ps := paragraphs(text)
	out := make([]Span, len(ps))
	for i, p := range ps {
		out[i] = p.Span
	}
	return out
}

// paragraph is a paragraph of a text: its Span, and its bytes from the start
// of its first line (lineOff, code point line) to its end (endOff).
type paragraph struct {
	Span
	line, lineOff, endOff int
}

// paragraphs finds the paragraphs of text line by line, in place: a text is
// never copied whole.
func paragraphs(text string) []paragraph {
	var out []paragraph
	var cur paragraph
	open := false
	cp, off := 0, 0 // where the line starts
	for {
		n := strings.IndexByte(text[off:], '\n')
		end := len(text)
		if n >= 0 {
			end = off + n
		}
		line := text[off:end]
		rest := strings.TrimLeftFunc(line, IsSpace)
		// The line's code points are counted once: its lead, its text, its trail.
		count := utf8.RuneCountInString(line[:len(line)-len(rest)])
		if rest == "" {
			if open {
				out = append(out, cur)
				open = false
			}
		} else {
			if !open {
				cur = paragraph{Span: Span{Start: cp + count}, line: cp, lineOff: off}
				open = true
			}
			kept := strings.TrimRightFunc(rest, IsSpace)
			count += utf8.RuneCountInString(kept)
			cur.End = cp + count
			cur.endOff = off + len(line) - len(rest) + len(kept)
			rest = rest[len(kept):]
			count += utf8.RuneCountInString(rest)
		}
		if n < 0 {
			break
		}
		cp += count + 1
		off = end + 1
	}
	if open {
		out = append(out, cur)
	}
	return out
}

// Split returns the sentence segments of text in order, following the
// conventions in the package documentation. lang is a BCP-47 tag ("ru", "en");
// it selects the abbreviation list, and an unknown tag uses all known lists.
func Split(text, lang string) []Span {
	var out []Span
	for _, u := range Units(text, lang) {
		if u.Before != Sure && len(out) > 0 {
			out[len(out)-1].End = u.End
			continue
		}
		out = append(out, u.Span)
	}
	return out
}

// Boundary is the kind of boundary before a unit of text.
type Boundary uint8

const (
	// Sure is a sentence boundary by the package's conventions.
	Sure Boundary = iota
	// LineEnd is a line break inside a paragraph after a line with no final
	// punctuation, before a capital, a digit or a bullet, or after a full stop
	// before anything else (a name written small, a command): a heading, a list
	// item or a paragraph whose blank line was lost.
	LineEnd
	// Clause is a semicolon, or a colon at the end of a line or before a capital.
	Clause
	// Abbreviation is an abbreviation that may also end a sentence, before a
	// capital or a digit: "…1950 г. Я его прочёл.", "…the U.S. Army" or
	// "…и т. д. [5] Вычистка…" (written with spaces or without).
	Abbreviation
	// ShortLine is the end of a line much shorter than the paragraph's others,
	// before a small letter: a heading or list item such as "4.4.1. The bugs
	// server" before "bugs.debian.org is…".
	ShortLine
)

// Unit is a stretch of text between two possible sentence boundaries, the
// kind of boundary before it, and the number of its paragraph (in the order of
// Paragraphs).
type Unit struct {
	Span
	Before    Boundary
	Paragraph int
}

// Units returns the units of text in order: the sentences of Split, cut again
// at the possible boundaries that Split does not take.
func Units(text, lang string) []Unit {
	abbr := abbreviationsFor(lang)
	var out []Unit
	var rs []rune // one paragraph at a time, from the start of its first line
	for k, p := range paragraphs(text) {
		rs = rs[:0]
		for _, r := range text[p.lineOff:p.endOff] {
			rs = append(rs, r)
		}
		n := len(out)
		out = appendSentences(out, rs, p.Start-p.line, p.End-p.line, abbr)
		for i := n; i < len(out); i++ {
			out[i].Start += p.line
			out[i].End += p.line
			out[i].Paragraph = k
		}
	}
	return out
}

func appendSentences(out []Unit, rs []rune, a, b int, abbr abbreviations) []Unit {
	start, kind := a, Sure
	width := lineWidth(rs, a, b)
	for i := a; i < b; i++ {
		r := rs[i]
		if k := possibleBoundary(rs, start, i, b, width); k != Sure {
			out = appendTrimmed(out, rs, start, i+1, kind)
			start, kind = i+1, k
			continue
		}
		if !isTerminal(r) {
			continue
		}
		j := i + 1
		for j < b && (isTerminal(rs[j]) || isCloser(rs[j])) {
			j++
		}
		k := j
		for k < b && IsSpace(rs[k]) {
			k++
		}
		m := k
		for m < b && isOpener(rs[m]) {
			m++
		}
		if k == j || m >= b || !(unicode.IsUpper(rs[m]) || unicode.IsDigit(rs[m])) {
			if m < b && lineEndAfterStop(rs, j-1, b) && !(r == '.' && abbr.before(rs, start, i, rs[m]) && !abbr.mayEnd(rs, start, i)) {
				out = appendTrimmed(out, rs, start, j, kind)
				start, kind = k, LineEnd
			}
			i = j - 1
			continue
		}
		if r == '.' && !stopAfter(rs, i, j) && abbr.before(rs, start, i, rs[m]) {
			if (unicode.IsUpper(rs[m]) || unicode.IsDigit(rs[m])) && abbr.mayEnd(rs, start, i) {
				out = appendTrimmed(out, rs, start, j, kind)
				start, kind = k, Abbreviation
			}
			i = j - 1
			continue
		}
		out = appendTrimmed(out, rs, start, j, kind)
		start, kind = k, Sure
		i = k - 1
	}
	return appendTrimmed(out, rs, start, b, kind)
}

// stopAfter reports whether another full stop follows the one at rs[i] after a
// closing bracket or quote: "(и т. д.)." ends a sentence.
func stopAfter(rs []rune, i, j int) bool {
	for k := i + 1; k < j; k++ {
		if isCloser(rs[k-1]) && isTerminal(rs[k]) {
			return true
		}
	}
	return false
}

// lineWidth is the length of the longest line of rs[a:b], in code points.
func lineWidth(rs []rune, a, b int) int {
	width, from := 0, a
	for i := a; i <= b; i++ {
		if i == b || rs[i] == '\n' {
			width = max(width, i-from)
			from = i + 1
		}
	}
	return width
}

// shortLine reports whether the line ending at rs[i] is much shorter than the
// paragraph's longest, width: on a page of wrapped lines, such a line ends a
// paragraph, a heading or a list item.
func shortLine(rs []rune, i, width int) bool {
	if width < minWrapWidth {
		return false
	}
	from := i
	for from > 0 && rs[from-1] != '\n' {
		from--
	}
	return float64(i+1-from) < shortLineShare*float64(width)
}

const (
	// minWrapWidth is the narrowest page whose short lines say something.
	minWrapWidth = 40
	// shortLineShare is how much shorter than the longest a short line is.
	shortLineShare = 0.6
)

// possibleBoundary tells whether a unit may end at rs[i], inside a paragraph
// ending at b whose longest line is width: a semicolon or colon, or the last
// non-space character of a line without final punctuation.
func possibleBoundary(rs []rune, start, i, b, width int) Boundary {
	r := rs[i]
	if IsSpace(r) || isTerminal(r) {
		return Sure
	}
	k := i + 1
	newline := false
	for k < b && IsSpace(rs[k]) {
		newline = newline || rs[k] == '\n'
		k++
	}
	if k == i+1 || k >= b || i == start {
		return Sure
	}
	next := rs[k]
	for m := k; m < b && isOpener(rs[m]); m++ {
		next = rs[min(m+1, b-1)]
	}
	capital := unicode.IsUpper(next) || unicode.IsDigit(next) || isBullet(next)
	switch {
	case r == ';', r == ':' && (newline || capital):
		return Clause
	case newline && capital && r != '-' && r != ',':
		return LineEnd
	case newline && r != '-' && shortLine(rs, i, width):
		return ShortLine
	}
	return Sure
}

// lineEndAfterStop tells whether the terminal at rs[i] ends a line before
// anything but a capital or a digit (which make a sure boundary): a sentence may
// end there, before a name written small or a command.
func lineEndAfterStop(rs []rune, i, b int) bool {
	k := i + 1
	newline := false
	for k < b && IsSpace(rs[k]) {
		newline = newline || rs[k] == '\n'
		k++
	}
	return newline && k < b
}

func isBullet(r rune) bool { return r == '•' || r == '–' || r == '—' || r == '*' || r == '-' }

func appendTrimmed(out []Unit, rs []rune, a, b int, kind Boundary) []Unit {
	for a < b && IsSpace(rs[a]) {
		a++
	}
	for b > a && IsSpace(rs[b-1]) {
		b--
	}
	if a < b {
		out = append(out, Unit{Span: Span{a, b}, Before: kind})
	}
	return out
}

func isTerminal(r rune) bool { return r == '.' || r == '?' || r == '!' || r == '…' }

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '»', '”', '’':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '(', '[', '«', '“', '„', '‘':
		return true
	}
	return false
}

// IsSpace is unicode.IsSpace, answered at once for the letters between Latin-1 and
// U+1680 (Cyrillic among them), where Unicode has no space: segmenting and aligning
// ask it of every character.
func IsSpace(r rune) bool {
	if r > unicode.MaxLatin1 && r < '\u1680' {
		return false
	}
	return unicode.IsSpace(r)
}
