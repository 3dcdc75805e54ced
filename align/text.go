package align

import (
	"unicode/utf8"

	"sverka/segment"
)

// Texts is the alignment of a Russian text and its English translation: the sentence
// segments of each, as code-point ranges, and the links between them (indexes into RU and
// EN).
type Texts struct {
	RU, EN []segment.Span
	Links  []Link
}

// Input is a text to align and its language, a BCP-47 tag that selects the abbreviations
// of package segment.
type Input struct {
	Text, Lang string
}

// AlignTexts splits a Russian text and its English translation into sentences, with their
// paragraphs (blank lines) as soft anchors, and aligns them, ending a sentence at a
// possible boundary (segment.Units) only when the alignment takes it. The importer and
// the evaluation in package alignbench both go through it.
func AlignTexts(ru, en Input, dict *Dictionary) Texts {
	ruUnits, ruSents := units(ru.Text, ru.Lang)
	enUnits, enSents := units(en.Text, en.Lang)
	links := Align(ruSents, enSents, dict)
	// A possible boundary that no link ends at is no segment boundary: the parts
	// on either side of it form one segment.
	ruSeg, enSeg := segments(ruUnits, links, true), segments(enUnits, links, false)
	t := Texts{RU: mergeSpans(ruUnits, ruSeg), EN: mergeSpans(enUnits, enSeg)}
	for _, l := range links {
		t.Links = append(t.Links, Link{RU: renumber(l.RU, ruSeg), EN: renumber(l.EN, enSeg), Confidence: l.Confidence})
	}
	return t
}

// units splits text into units and the sentences the aligner takes, each numbered by its
// paragraph.
func units(text, lang string) ([]segment.Unit, []Sentence) {
	us := segment.Units(text, lang)
	out := make([]Sentence, 0, len(us))
	// Units are in order: one walk through the text finds the byte offsets of their code
	// points, and each sentence is a piece of the text, not a copy.
	at, b := 0, 0
	byteAt := func(cp int) int {
		for ; at < cp; at++ {
			_, size := utf8.DecodeRuneInString(text[b:])
			b += size
		}
		return b
	}
	for _, u := range us {
		start := byteAt(u.Start)
		out = append(out, Sentence{Text: text[start:byteAt(u.End)], Paragraph: u.Paragraph, Before: u.Before})
	}
	return us, out
}

// segments numbers the segment of each unit of one side: a unit starts a new segment
// after a sure boundary or where a link starts.
func segments(us []segment.Unit, links []Link, russian bool) []int {
	starts := make([]bool, len(us))
	for _, l := range links {
		idx := l.EN
		if russian {
			idx = l.RU
		}
		if len(idx) > 0 {
			starts[idx[0]] = true
		}
	}
	seg := make([]int, len(us))
	n := -1
	for i, u := range us {
		if i == 0 || u.Before == segment.Sure || starts[i] {
			n++
		}
		seg[i] = n
	}
	return seg
}

func mergeSpans(us []segment.Unit, seg []int) []segment.Span {
	var out []segment.Span
	for i, u := range us {
		if i > 0 && seg[i] == seg[i-1] {
			out[len(out)-1].End = u.End
			continue
		}
		out = append(out, u.Span)
	}
	return out
}

// renumber maps unit indexes to segment indexes, once each.
func renumber(idx, seg []int) []int {
	var out []int
	for _, i := range idx {
		if len(out) == 0 || out[len(out)-1] != seg[i] {
			out = append(out, seg[i])
		}
	}
	return out
}
