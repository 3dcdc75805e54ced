package store

// Who may read what is one rule (sverka.MayRead): a document that is not
// public only someone signed in, a private annotation only its author, and
// an annotation only someone who may read every document it touches: its
// own and the one its cross-reference points into (whose quote it carries).
// This is that rule as SQL, for every query that reads annotations for
// someone: pages, the API, backlinks, exports, search, history.

// annotationVisible is the condition on an annotation a that the viewer
// (a user id; 0 or less for an anonymous visitor) may read it, with its
// arguments.
func annotationVisible(viewer int64) (string, []any) {
	return `(a.private = 0 OR a.creator = ?) AND (? OR (
		EXISTS (SELECT 1 FROM documents vd WHERE vd.id = a.document_id AND vd.public = 1)
		AND (a.link_document = '' OR EXISTS (SELECT 1 FROM documents vl WHERE vl.id = a.link_document AND vl.public = 1))))`,
		[]any{viewer, viewer > 0}
}
