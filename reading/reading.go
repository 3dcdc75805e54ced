// Package reading applies OCR corrections to a text. A correction replaces
// the code points [Start, End) of the diplomatic text (the OCR as is) with a
// new reading: an empty range inserts, an empty reading deletes. From the
// diplomatic text and the accepted corrections it builds the corrected
// reading and a marked-up reading that shows both.
package reading

import "sort"

// Edit is one accepted correction.
type Edit struct {
	ID         int64  `json:"id"`
	Start, End int    `json:"-"`
	Text       string `json:"-"`
}

// Piece is a run of a marked-up reading: either text kept as it is (Text),
// or a correction, with the original struck (Deleted) and the new reading
// inserted (Inserted).
type Piece struct {
	Text       string `json:"text,omitempty"`
	Correction int64  `json:"correction,omitempty"`
	Deleted    string `json:"deleted,omitempty"`
	Inserted   string `json:"inserted,omitempty"`
	// Start and End are the diplomatic range of the piece, in code points.
	Start int `json:"start"`
	End   int `json:"end"`
}

// Sort orders edits by position, an insertion before a replacement that
// starts at the same point.
func Sort(edits []Edit) {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].Start != edits[j].Start {
			return edits[i].Start < edits[j].Start
		}
		return edits[i].End < edits[j].End
	})
}

// Overlap reports whether two edits touch the same text: their ranges share
// a code point, an insertion falls strictly inside the other's range, or
// both insert at the same point (their order would be undefined).
func Overlap(a, b Edit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	return a.Start < b.End && b.Start < a.End ||
		a.Start == a.End && b.Start < a.Start && a.Start < b.End ||
		b.Start == b.End && a.Start < b.Start && b.Start < a.End
}

// Pieces cuts the range [start, end) of text into kept runs and the edits
// inside it (edits must be sorted and not overlap; those outside the range
// are skipped, those crossing its ends are clipped to it).
func Pieces(text []rune, start, end int, edits []Edit) []Piece {
	var out []Piece
	at := start
	for _, e := range edits {
		s, t := max(e.Start, start), min(e.End, end)
		if e.Start > end || e.End < start || s > t || e.Start == e.End && (e.Start < start || e.Start > end) {
			continue
		}
		if s < at {
			continue // overlapping edits are refused before they get here
		}
		if s > at {
			out = append(out, Piece{Text: string(text[at:s]), Start: at, End: s})
		}
		out = append(out, Piece{Correction: e.ID, Deleted: string(text[s:t]), Inserted: e.Text, Start: s, End: t})
		at = t
	}
	if at < end {
		out = append(out, Piece{Text: string(text[at:end]), Start: at, End: end})
	}
	return out
}

// Corrected is the text of pieces with every correction applied.
func Corrected(pieces []Piece) string {
	var b []byte
	for _, p := range pieces {
		if p.Correction != 0 {
			b = append(b, p.Inserted...)
		} else {
			b = append(b, p.Text...)
		}
	}
	return string(b)
}

// Diplomatic is the text of pieces as the OCR has it.
func Diplomatic(pieces []Piece) string {
	var b []byte
	for _, p := range pieces {
		if p.Correction != 0 {
			b = append(b, p.Deleted...)
		} else {
			b = append(b, p.Text...)
		}
	}
	return string(b)
}

// Assign gives each edit to one range of ranges (sorted [start, end)
// pairs): the first one that holds its start, so that an insertion at the
// boundary of two sentences ends the first. It returns the edits of each
// range, in order.
func Assign(ranges [][2]int, edits []Edit) [][]Edit {
	out := make([][]Edit, len(ranges))
	for _, e := range edits {
		for i, r := range ranges {
			if r[0] <= e.Start && (e.Start < r[1] || e.Start == r[1] && e.End == e.Start) {
				out[i] = append(out[i], e)
				break
			}
		}
	}
	return out
}
