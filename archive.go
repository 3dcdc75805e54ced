package sverka

import (
	"encoding/json"
	"time"
)

// Archive is a document with everything attached to it, as Sverka JSON
// carries it from one database to another.
type Archive struct {
	Document *Document
	// Annotations are the document's annotations in the order they were
	// made, numbered from 1 (see ArchivedAnnotation).
	Annotations []ArchivedAnnotation
	// NewUsers is set by ImportDocument: the names of the authors it had
	// to create, as disabled annotators without a password.
	NewUsers []string
	// ImporterID is the user who imports, for the audit trail (0: the
	// system, such as the command line).
	ImporterID int64
	// Complete archives (Sverka JSON) carry the document's annotations, so
	// replacing swaps everything; others (a page or a plain pair just
	// derived) replace texts and alignment and keep the annotations.
	Complete bool
}

// ArchivedAnnotation is an annotation as it travels between databases:
// numbered within its document instead of by row id, with its people by
// name instead of by user id, and with every version the annotation store
// recorded.
type ArchivedAnnotation struct {
	// N numbers the annotation within its document, from 1, in the order
	// the annotations were made.
	N int
	// ReplyTo is the N of the annotation a reply answers; 0 for others.
	ReplyTo    int
	Motivation string
	// Creator is the name of the author.
	Creator string
	Created time.Time
	// Current is the annotation as it is now.
	Current AnnotationState
	// Versions are the versions recorded in the audit trail, oldest first;
	// the last is normally the current one.
	Versions []ArchivedVersion
}

// AnnotationState is what can change from one version of an annotation to
// the next; motivation, author, creation time and the parent of a reply
// never do.
type AnnotationState struct {
	Version    int
	Target     TextTarget
	Orphaned   bool
	Body       string
	Tags       []string
	Link       *CrossReference
	Status     string
	Reviewer   string // name; "" when not reviewed
	ReviewedAt time.Time
	Private    bool
	Modified   time.Time
	Deleted    time.Time
	// Outside and W3C as in Annotation.
	Outside bool
	W3C     json.RawMessage
}

// ArchivedVersion is one entry of an annotation's history: what was done,
// when, by whom (by name; "" for the system) and the state after it.
type ArchivedVersion struct {
	Action string
	At     time.Time
	By     string
	State  AnnotationState
}
