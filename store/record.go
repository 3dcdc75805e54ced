package store

import (
	"encoding/json"
	"fmt"
	"time"

	"sverka"
)

// recordFormat is the version of annotationRecord written today. A change
// to the record is a new format with a migration that converts the rows
// already in the audit trail, never an edit of this one.
const recordFormat = 2

// annotationRecord is one state of an annotation as the audit trail keeps
// it: an explicit, versioned format, written and read only here, so that
// changing sverka.Annotation never changes what old history says. Format
// 1 keeps the keys the trail used before it had a format (migration 000015
// marked those rows as format 1); format 2 adds outside and w3c (migration
// 000022 marked format 1 rows as format 2, which they are without them).
type annotationRecord struct {
	Format       int          `json:"format"`
	ID           int64        `json:"id"`
	DocumentID   string       `json:"documentID"`
	Motivation   string       `json:"motivation"`
	Target       targetRecord `json:"target"`
	Orphaned     bool         `json:"orphaned,omitempty"`
	ReplyTo      int64        `json:"replyTo,omitempty"`
	Body         string       `json:"body"`
	Tags         []string     `json:"tags"`
	Link         *linkRecord  `json:"link,omitempty"`
	Status       string       `json:"status,omitempty"`
	ReviewerID   int64        `json:"reviewerID,omitempty"`
	ReviewerName string       `json:"reviewerName,omitempty"`
	ReviewedAt   time.Time    `json:"reviewedAt,omitzero"`
	Private      bool         `json:"private,omitempty"`
	CreatorID    int64        `json:"creatorID"`
	CreatorName  string       `json:"creatorName,omitempty"`
	Created      time.Time    `json:"created"`
	Modified     time.Time    `json:"modified"`
	Version      int          `json:"version"`
	Deleted      time.Time    `json:"deleted,omitzero"`
	// Format 2.
	Outside bool            `json:"outside,omitempty"`
	W3C     json.RawMessage `json:"w3c,omitempty"`
}

// targetRecord is a text target in an annotationRecord.
type targetRecord struct {
	Lang   string `json:"lang,omitempty"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

// linkRecord is a cross-reference in an annotationRecord.
type linkRecord struct {
	DocumentID string `json:"documentID,omitempty"`
	Lang       string `json:"lang,omitempty"`
	Start      int    `json:"start,omitempty"`
	End        int    `json:"end,omitempty"`
	Exact      string `json:"exact,omitempty"`
	URL        string `json:"url,omitempty"`
	Citation   string `json:"citation,omitempty"`
	Orphaned   bool   `json:"orphaned,omitempty"`
}

// recordOf is the audit trail's record of a, or nil for nil (no state).
func recordOf(a *sverka.Annotation) *annotationRecord {
	if a == nil {
		return nil
	}
	t := a.Target
	r := &annotationRecord{
		Format: recordFormat, ID: a.ID, DocumentID: a.DocumentID, Motivation: a.Motivation,
		Target:   targetRecord{Lang: t.Lang, Start: t.Start, End: t.End, Exact: t.Exact, Prefix: t.Prefix, Suffix: t.Suffix},
		Orphaned: a.Orphaned, ReplyTo: a.ReplyTo, Body: a.Body, Tags: a.Tags,
		Status: a.Status, ReviewerID: a.ReviewerID, ReviewerName: a.ReviewerName, ReviewedAt: a.ReviewedAt,
		Private: a.Private, CreatorID: a.CreatorID, CreatorName: a.CreatorName,
		Created: a.Created, Modified: a.Modified, Version: a.Version, Deleted: a.Deleted,
		Outside: a.Outside, W3C: a.W3C,
	}
	if l := a.Link; l != nil {
		r.Link = &linkRecord{DocumentID: l.DocumentID, Lang: l.Lang, Start: l.Start, End: l.End, Exact: l.Exact, URL: l.URL, Citation: l.Citation, Orphaned: l.Orphaned}
	}
	return r
}

// readRecord reads a state of an annotation from the audit trail.
func readRecord(state string) (*sverka.Annotation, error) {
	var r annotationRecord
	if err := json.Unmarshal([]byte(state), &r); err != nil {
		return nil, fmt.Errorf("read annotation record: %w", err)
	}
	if r.Format != recordFormat {
		return nil, fmt.Errorf("read annotation record: format %d is not known (want %d)", r.Format, recordFormat)
	}
	t := r.Target
	a := &sverka.Annotation{
		ID: r.ID, DocumentID: r.DocumentID, Motivation: r.Motivation,
		Target:   sverka.TextTarget{Lang: t.Lang, Start: t.Start, End: t.End, Exact: t.Exact, Prefix: t.Prefix, Suffix: t.Suffix},
		Orphaned: r.Orphaned, ReplyTo: r.ReplyTo, Body: r.Body, Tags: r.Tags,
		Status: r.Status, ReviewerID: r.ReviewerID, ReviewerName: r.ReviewerName, ReviewedAt: r.ReviewedAt,
		Private: r.Private, CreatorID: r.CreatorID, CreatorName: r.CreatorName,
		Created: r.Created, Modified: r.Modified, Version: r.Version, Deleted: r.Deleted,
		Outside: r.Outside, W3C: r.W3C,
	}
	if l := r.Link; l != nil {
		a.Link = &sverka.CrossReference{DocumentID: l.DocumentID, Lang: l.Lang, Start: l.Start, End: l.End, Exact: l.Exact, URL: l.URL, Citation: l.Citation, Orphaned: l.Orphaned}
	}
	return a, nil
}
