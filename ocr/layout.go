package ocr

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Span ties a word of a document's text to its box: the word's Unicode code
// point range [Start, End) in Text's result, its page (from 0) and its box.
type Span struct {
	Start, End int
	Page       int
	Box        Box
}

// Text lays the document out as the raw source the derivation pipeline reads:
// words joined by a space, lines by a newline, paragraphs and pages by a blank
// line. It returns every word's span in that text, in order.
func (d Document) Text() (string, []Span) {
	var b strings.Builder
	var spans []Span
	n := 0 // code points written
	write := func(s string) {
		b.WriteString(s)
		n += utf8.RuneCountInString(s)
	}
	for pi, p := range d.Pages {
		if pi > 0 && n > 0 {
			write("\n\n")
		}
		for li, l := range p.Lines {
			if li > 0 {
				if l.Para != p.Lines[li-1].Para {
					write("\n\n")
				} else {
					write("\n")
				}
			}
			for wi, w := range l.Words {
				if wi > 0 {
					write(" ")
				}
				start := n
				write(w.Text)
				spans = append(spans, Span{Start: start, End: n, Page: pi, Box: w.Box})
			}
		}
	}
	return b.String(), spans
}

// wordsOf cuts a line's text into words whose boxes share the line's box in
// proportion to their letters (spaces count as letters), for files that give
// lines without words.
func wordsOf(text string, line Box) []Word {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return nil
	}
	total := utf8.RuneCountInString(strings.Join(fields, " "))
	var words []Word
	at := 0
	for _, f := range fields {
		k := utf8.RuneCountInString(f)
		x0 := line.X0 + at*line.Width()/total
		x1 := line.X0 + ceilDiv((at+k)*line.Width(), total)
		words = append(words, Word{Text: f, Box: Box{x0, line.Y0, max(x1, x0+1), line.Y1}, Conf: -1, Estimated: true})
		at += k + 1
	}
	return words
}

// Rebase carries word spans of a raw text over to a text derived from it,
// where origin[i] is the raw code point offset of the derived text's code
// point i, or -1 for a separator the derivation wrote. Each word keeps the
// derived code points that came from it, as one span per unbroken run; a
// word dropped whole (page noise) is left out, and a word joined across a
// line or page (a hyphenated word) gives one span per part, each with its
// own box.
func Rebase(spans []Span, origin []int) []Span {
	var out []Span
	open := -1 // index in spans of the word being extended
	for i, o := range origin {
		k := -1
		if o >= 0 {
			k = sort.Search(len(spans), func(j int) bool { return spans[j].End > o })
			if k == len(spans) || spans[k].Start > o {
				k = -1
			}
		}
		if k >= 0 && k == open && out[len(out)-1].End == i {
			out[len(out)-1].End = i + 1
			continue
		}
		open = k
		if k >= 0 {
			out = append(out, Span{Start: i, End: i + 1, Page: spans[k].Page, Box: spans[k].Box})
		}
	}
	return out
}
