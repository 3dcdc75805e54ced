package sverka

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Motivations of annotations, as in the W3C model.
const (
	MotivationNote       = "commenting"
	MotivationCorrection = "editing"
	MotivationLink       = "linking"
	MotivationReply      = "replying"
)

// Review statuses of a correction.
const (
	StatusProposed = "proposed"
	StatusAccepted = "accepted"
	StatusRejected = "rejected"
)

// Limits on what an annotation may hold.
const (
	MaxBodyBytes = 64 << 10
	MaxTags      = 20
	MaxTagLength = 64
)

// Annotation is a note, an OCR correction, a cross-reference or a reply.
// Its text target is a range of an immutable base text, never of a reading,
// so no alignment edit or correction moves it.
type Annotation struct {
	ID         int64  `json:"id"`
	DocumentID string `json:"documentID"`
	Motivation string `json:"motivation"`
	// Target is the passage annotated; empty (Lang "") for a reply and for
	// an annotation of something Outside the archive's texts.
	Target TextTarget `json:"target"`
	// Outside marks a note or cross-reference of something outside the
	// archive's texts (a web page, any IRI): its targets are kept in W3C.
	// It belongs to the document whose container it was posted to, and is
	// seen by whoever may see that document's annotations.
	Outside bool `json:"outside,omitempty"`
	// Orphaned is set when the base text was replaced and the quote could
	// not be found again.
	Orphaned bool  `json:"orphaned,omitempty"`
	ReplyTo  int64 `json:"replyTo,omitempty"`
	// Body is Markdown for a note or a reply, the new reading for a
	// correction, an optional comment for a cross-reference.
	Body string          `json:"body"`
	Tags []string        `json:"tags"`
	Link *CrossReference `json:"link,omitempty"`
	// Status, ReviewerID and ReviewedAt belong to corrections.
	Status       string    `json:"status,omitempty"`
	ReviewerID   int64     `json:"reviewerID,omitempty"`
	ReviewerName string    `json:"reviewerName,omitempty"`
	ReviewedAt   time.Time `json:"reviewedAt,omitzero"`
	// Suggested marks a correction proposed from one of Sverka's OCR
	// suggestions; its creator is the scholar who proposed it.
	Suggested bool `json:"suggested,omitempty"`
	// Batch names the corrections proposed together for every occurrence
	// of a form, which are reviewed together.
	Batch string `json:"batch,omitempty"`
	// Private notes are seen by their author only.
	Private     bool      `json:"private,omitempty"`
	CreatorID   int64     `json:"creatorID"`
	CreatorName string    `json:"creatorName,omitempty"`
	Created     time.Time `json:"created"`
	Modified    time.Time `json:"modified"`
	// Version grows with every change; it is the annotation's ETag.
	Version int `json:"version"`
	// WrittenBy and WrittenAt are who wrote an annotation imported from an
	// archive, and when, as the archive says: data, not a user (the
	// annotation belongs to whoever imported it).
	WrittenBy string    `json:"writtenBy,omitempty"`
	WrittenAt time.Time `json:"writtenAt,omitzero"`
	Deleted   time.Time `json:"deleted,omitzero"`
	// W3C is what a Web Annotation client sent that Sverka keeps without
	// using (canonical, via, rights, the creator it named, selectors Sverka
	// does not anchor by, targets outside its texts…): a JSON object that
	// only anno.Codec writes and reads, served back as it came.
	W3C json.RawMessage `json:"w3c,omitempty"`
}

// TextTarget is a range of code points of a document's base text in one
// language, with the quote it covered when it was made.
type TextTarget struct {
	Lang   string `json:"lang,omitempty"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
	// ByQuote asks the store to place a new target by its quote: Exact
	// (with Prefix and Suffix to tell occurrences apart) is looked for in
	// the text, and Start and End are set to where it occurs once. It is
	// never stored.
	ByQuote bool `json:"-"`
}

// CrossReference is the far end of a link: a passage (DocumentID, Lang and
// a range), a whole document (DocumentID only), or an outside source (URL
// and/or an archival Citation).
type CrossReference struct {
	DocumentID string `json:"documentID,omitempty"`
	Lang       string `json:"lang,omitempty"`
	Start      int    `json:"start,omitempty"`
	End        int    `json:"end,omitempty"`
	Exact      string `json:"exact,omitempty"`
	URL        string `json:"url,omitempty"`
	Citation   string `json:"citation,omitempty"`
	// Orphaned says the linked passage's words are gone from its document's
	// replaced text, or the document was purged; Start, End and Exact keep
	// where they were.
	Orphaned bool `json:"orphaned,omitempty"`
	// ByQuote asks the store to find the passage by Exact, as
	// TextTarget.ByQuote does; it is never stored.
	ByQuote bool `json:"-"`
}

// IsDeleted reports whether the annotation was deleted (and can be restored).
func (a *Annotation) IsDeleted() bool { return !a.Deleted.IsZero() }

// CleanTags trims, deduplicates and checks tags.
func CleanTags(tags []string) ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		if utf8.RuneCountInString(t) > MaxTagLength {
			return nil, Invalid("tags", "the tag %q is longer than %d characters", t, MaxTagLength)
		}
		seen[t] = true
		out = append(out, t)
	}
	if len(out) > MaxTags {
		return nil, Invalid("tags", "%d tags; at most %d", len(out), MaxTags)
	}
	return out, nil
}

// Validate checks what can be checked without the database, and cleans
// the tags (see CleanTags).
func (a *Annotation) Validate() error {
	if len(a.Body) > MaxBodyBytes {
		return Invalid("body", "the body has %d bytes; at most %d", len(a.Body), MaxBodyBytes)
	}
	if !utf8.ValidString(a.Body) {
		return Invalid("body", "the body is not valid UTF-8")
	}
	tags, err := CleanTags(a.Tags)
	if err != nil {
		return err
	}
	a.Tags = tags
	if (a.Suggested || a.Batch != "") && a.Motivation != MotivationCorrection {
		return Invalid("motivation", "only a correction comes from a suggestion or a batch")
	}
	if len(a.Batch) > 64 {
		return Invalid("batch", "a batch name has at most 64 bytes")
	}
	if a.Outside && (a.Motivation != MotivationNote && a.Motivation != MotivationLink || a.Target != (TextTarget{})) {
		return Invalid("target", "only a note or a cross-reference targets something outside the archive's texts")
	}
	if len(a.W3C) > MaxBodyBytes {
		return Invalid("body", "the annotation keeps %d bytes of W3C data besides its text; at most %d", len(a.W3C), MaxBodyBytes)
	}
	switch a.Motivation {
	case MotivationNote, MotivationReply:
		// A note from a Web Annotation client (one that keeps W3C data)
		// may have no text: the model allows an annotation without a
		// body, such as a highlight or a bookmark.
		if strings.TrimSpace(a.Body) == "" && (a.Motivation == MotivationReply || len(a.W3C) == 0) {
			return Invalid("body", "a %s needs a text", map[string]string{MotivationNote: "note", MotivationReply: "reply"}[a.Motivation])
		}
		if a.Link != nil {
			return Invalid("body", "only a cross-reference links to something")
		}
	case MotivationCorrection:
		if a.Private {
			return Invalid("private", "a correction is for review by an editor and cannot be private")
		}
		if a.Link != nil {
			return Invalid("body", "only a cross-reference links to something")
		}
	case MotivationLink:
		if a.Link == nil || *a.Link == (CrossReference{}) {
			return Invalid("body", "a cross-reference needs a target: a passage, a document, a URL or a citation")
		}
		if u := a.Link.URL; u != "" {
			p, err := url.Parse(u)
			if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
				return Invalid("body", "%q is not an absolute http or https URL", u)
			}
		}
		if utf8.RuneCountInString(a.Link.Citation) > 1000 {
			return Invalid("body", "the citation is longer than 1000 characters")
		}
	default:
		return Invalid("motivation", "%q is not one of commenting, editing, linking, replying", a.Motivation)
	}
	return nil
}

// StaleError is ErrStale with the current annotation, so that the loser of
// a race can see what won.
type StaleError struct{ Current *Annotation }

func (e *StaleError) Error() string {
	return fmt.Sprintf("annotation %d is now at version %d; reload it and make your change again", e.Current.ID, e.Current.Version)
}

// Unwrap makes a StaleError match ErrStale and ErrConflict.
func (e *StaleError) Unwrap() error { return ErrStale }
