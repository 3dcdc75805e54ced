package exchange

import (
	"strings"

	"sverka"
	"sverka/reading"
)

// correction reports whether a is a correction the export applies: an
// accepted one, or a proposed one when opt.Proposed is set.
func (opt Options) correction(a *sverka.Annotation) bool {
	return a.Motivation == sverka.MotivationCorrection &&
		(a.Status == sverka.StatusAccepted || opt.Proposed && a.Status == sverka.StatusProposed)
}

// pieces cuts a segment into kept text and the corrections the export
// applies, with the reading package that builds every reading in Sverka.
// Accepted corrections never overlap; a proposed one that overlaps another
// is left out.
func (opt Options) pieces(seg *sverka.ExportSegment, anns []*sverka.Annotation) []reading.Piece {
	var edits []reading.Edit
	for _, a := range anns {
		if a.Target.Lang != seg.Lang || !opt.correction(a) {
			continue
		}
		s, e := a.Target.Start-seg.Start, a.Target.End-seg.Start
		if s < 0 || e < s {
			continue
		}
		edits = append(edits, reading.Edit{ID: a.ID, Start: s, End: e, Text: a.Body})
	}
	text := []rune(seg.Text)
	if len(edits) == 0 {
		return []reading.Piece{{Text: seg.Text, Start: 0, End: len(text)}}
	}
	reading.Sort(edits)
	// An accepted correction wins over a proposed one at the same place.
	kept := edits[:0]
	for _, e := range edits {
		if len(kept) > 0 && reading.Overlap(kept[len(kept)-1], e) {
			continue
		}
		kept = append(kept, e)
	}
	return reading.Pieces(text, 0, len(text), kept)
}

// sides holds a link's text in each language, diplomatic and corrected,
// with the segments of a language joined by a space.
type sides map[string]*side

type side struct {
	diplomatic, corrected strings.Builder
}

// texts builds the readings of each language of l.
func (opt Options) texts(l *sverka.ExportLink, langs []string) sides {
	out := sides{}
	for _, lang := range langs {
		out[lang] = &side{}
	}
	for i := range l.Segments {
		seg := &l.Segments[i]
		sd := out[seg.Lang]
		if sd == nil {
			continue
		}
		p := opt.pieces(seg, l.Annotations)
		if sd.diplomatic.Len() > 0 {
			sd.diplomatic.WriteByte(' ')
			sd.corrected.WriteByte(' ')
		}
		sd.diplomatic.WriteString(oneLine(reading.Diplomatic(p)))
		sd.corrected.WriteString(oneLine(reading.Corrected(p)))
	}
	return out
}

// reading returns the reading of lang the options ask for.
func (s sides) reading(lang string, opt Options) string {
	sd := s[lang]
	if sd == nil {
		return ""
	}
	if opt.Diplomatic {
		return sd.diplomatic.String()
	}
	return sd.corrected.String()
}

// oneLine folds line breaks and tabs into single spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t\u2028\u2029") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// notes lists a link's notes and cross-references as text, one a line.
func notes(l *sverka.ExportLink, opt Options) []string {
	var out []string
	for _, a := range l.Annotations {
		switch a.Motivation {
		case sverka.MotivationNote:
			out = append(out, oneLine(a.CreatorName+": "+a.Body))
		case sverka.MotivationLink:
			out = append(out, oneLine(a.CreatorName+": see "+crossReferenceText(a, opt)))
		}
	}
	return out
}

// crossReferenceText describes a cross-reference's far end in words.
func crossReferenceText(a *sverka.Annotation, opt Options) string {
	var parts []string
	if r := a.Link; r != nil {
		if r.DocumentID != "" {
			p := "document " + r.DocumentID
			if r.Exact != "" {
				p += ", “" + r.Exact + "”"
			}
			if r.Orphaned {
				p += " (orphaned: these words are no longer there)"
			}
			parts = append(parts, p)
		}
		if r.Citation != "" {
			parts = append(parts, r.Citation)
		}
		if r.URL != "" {
			parts = append(parts, r.URL)
		}
	}
	if a.Body != "" {
		parts = append(parts, a.Body)
	}
	return strings.Join(parts, "; ")
}

// langs lists the languages of d, the original first.
func langs(d *sverka.Document) []string {
	out := make([]string, len(d.Texts))
	for i, t := range d.Texts {
		out[i] = t.Lang
	}
	return out
}

// owner is the index in l.Segments of the segment an annotation of l
// belongs to: the last of its language that starts at or before it, or the
// first of its language for one in the gap before it (-1 if none).
func owner(l *sverka.ExportLink, a *sverka.Annotation) int {
	first, last := -1, -1
	for i, s := range l.Segments {
		if s.Lang != a.Target.Lang {
			continue
		}
		if first < 0 {
			first = i
		}
		if s.Start <= a.Target.Start {
			last = i
		}
	}
	if last < 0 {
		return first
	}
	return last
}
