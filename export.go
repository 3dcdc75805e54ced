package sverka

// ExportLink is one alignment link as an export streams it: its segments
// with their text, in the order of the document's texts and then of each
// text. The value passed to a callback is reused for the next link: copy
// what must outlive the call.
type ExportLink struct {
	Position int
	// Ref is the link's stable number (Link.Ref); 0 when it has none yet.
	Ref        int
	Status     string
	Confidence float64
	Segments   []ExportSegment
	// Annotations are the notes, corrections (of every status) and
	// cross-references anchored in the link's segments that the viewer may
	// see: each belongs to the segment that holds its start. Deleted and
	// orphaned annotations and replies are not streamed with links.
	Annotations []*Annotation
}

// Number is the link's stable number, the N of #link-N: its ref, or its
// position in a document not stored yet.
func (l *ExportLink) Number() int {
	if l.Ref > 0 {
		return l.Ref
	}
	return l.Position
}

// ExportSegment is a sentence of an exported link.
type ExportSegment struct {
	Lang string
	// Index is the segment's place in its text, counting from 0.
	Index      int
	Start, End int
	Text       string
	// Gap is the text between the previous segment of the same language
	// (or the start of the text) and this one: it tells where paragraphs break.
	Gap string
}
