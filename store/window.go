package store

import (
	"maps"
	"slices"

	"sverka"
)

// windowLink is a link as the edit log keeps it: segments as code-point
// ranges, so that the log stays true whatever happens to segment ids.
type windowLink struct {
	// Ref is the link's stable identifier (see link_ref.go); 0 in logs
	// written before links had one.
	Ref        int                 `json:"ref,omitempty"`
	Status     string              `json:"status"`
	Confidence float64             `json:"confidence"`
	Segments   map[string][][2]int `json:"segments"`
}

// window is a run of consecutive links starting at Position (1-based).
type window struct {
	Position int          `json:"position"`
	Links    []windowLink `json:"links"`
}

func (l windowLink) clone() windowLink {
	c := windowLink{Ref: l.Ref, Status: l.Status, Confidence: l.Confidence, Segments: map[string][][2]int{}}
	for lang, r := range l.Segments {
		c.Segments[lang] = slices.Clone(r)
	}
	return c
}

func (l windowLink) empty() bool {
	for _, r := range l.Segments {
		if len(r) > 0 {
			return false
		}
	}
	return true
}

func (l windowLink) sameSegments(m windowLink) bool {
	return maps.EqualFunc(l.Segments, m.Segments, func(a, b [][2]int) bool { return slices.Equal(a, b) })
}

// byHand is a link an editor made: confirmed, and certain.
func byHand(l windowLink) windowLink {
	l.Status, l.Confidence = "confirmed", 1
	return l
}

// alignment is a document's alignment loaded for an edit.
type alignment struct {
	doc   *sverka.Document
	links []windowLink
	// ids and positions of the stored links, in order.
	ids       []int64
	positions []int
}

// link returns the link at 1-based position pos.
func (a *alignment) link(pos int) (int, error) {
	if pos < 1 || pos > len(a.links) {
		return 0, sverka.Invalid("position", "there is no link %d (the document has %d)", pos, len(a.links))
	}
	return pos - 1, nil
}

// lang checks that the document has a text in lang.
func (a *alignment) lang(lang string) error {
	if a.doc.Text(lang) == nil {
		return sverka.Invalid("lang", "document %s has no text in language %q", a.doc.ID, lang)
	}
	return nil
}

// segmentLink finds the link (index) holding segment k of lang, and the
// place of the segment in that link.
func (a *alignment) segmentLink(lang string, k int) (int, int, error) {
	if err := a.lang(lang); err != nil {
		return 0, 0, err
	}
	n := 0
	for i, l := range a.links {
		if s := l.Segments[lang]; k < n+len(s) && k >= n {
			return i, k - n, nil
		}
		n += len(l.Segments[lang])
	}
	return 0, 0, sverka.Invalid("segment", "there is no %s sentence %d (the text has %d)", lang, k+1, n)
}

// check verifies that replacing links [start, start+n) by links leaves every
// segment of every text in exactly one non-empty link, in order, inside its
// text; it is the invariant CreateDocument checks, kept by every edit.
func (a *alignment) check(start, n int, links []windowLink) error {
	all := slices.Concat(a.links[:start], links, a.links[start+n:])
	for _, t := range a.doc.Texts {
		size := len([]rune(t.Text))
		prev := 0
		for _, l := range all {
			for _, r := range l.Segments[t.Lang] {
				if r[0] < prev || r[1] <= r[0] || r[1] > size {
					return sverka.Invalid("segments", "the edit would leave the %s sentences out of order or empty", t.Lang)
				}
				prev = r[1]
			}
		}
	}
	for _, l := range links {
		if l.empty() {
			return sverka.Invalid("links", "the edit would leave an empty link")
		}
		for lang := range l.Segments {
			if a.doc.Text(lang) == nil {
				return sverka.Invalid("links", "no text in language %q", lang)
			}
		}
	}
	return nil
}
