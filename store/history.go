package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"sverka"
)

// recordAnnotation adds a version of an annotation to the audit trail; the
// trail is the annotation's history, and any version in it can be restored.
func recordAnnotation(ctx context.Context, tx *sql.Tx, action string, before, after *sverka.Annotation, userID int64) error {
	ch := Change{At: after.Modified, UserID: userID, DocumentID: after.DocumentID, Entity: "annotation",
		EntityID: strconv.FormatInt(after.ID, 10), Action: action, After: recordOf(after)}
	if before != nil {
		ch.Before = recordOf(before)
	}
	return recordChange(ctx, tx, ch)
}

// AnnotationVersion is one version of an annotation in its history.
type AnnotationVersion struct {
	Version  int                `json:"version"`
	Action   string             `json:"action"`
	At       time.Time          `json:"at"`
	UserID   int64              `json:"userID,omitempty"`
	UserName string             `json:"userName,omitempty"`
	State    *sverka.Annotation `json:"state"`
}

// AnnotationHistory lists every version of an annotation, newest first.
func (db *DB) AnnotationHistory(ctx context.Context, id, viewer int64) ([]AnnotationVersion, error) {
	if _, err := findAnnotation(ctx, db.reader, id, viewer); err != nil {
		return nil, err
	}
	changes, err := db.FindChanges(ctx, ChangeFilter{Entity: "annotation", EntityID: strconv.FormatInt(id, 10), Limit: 1000, ViewerID: viewer})
	if err != nil {
		return nil, err
	}
	list := []AnnotationVersion{}
	for _, ch := range changes {
		raw, ok := ch.After.(json.RawMessage)
		if !ok {
			continue
		}
		a, err := readRecord(string(raw))
		if err != nil {
			return nil, fmt.Errorf("annotation history: %w", err)
		}
		list = append(list, AnnotationVersion{Version: a.Version, Action: ch.Action, At: ch.At, UserID: ch.UserID, UserName: ch.UserName, State: a})
	}
	return list, nil
}

// RestoreAnnotation makes version of an annotation current again, as a new
// version: its body, tags, privacy, target, link and deletion (restoring a
// version from before a deletion undeletes; restoring a deleted version
// deletes it where its words are now). A correction comes back
// proposed unless the version restored was accepted and still fits.
func (db *DB) RestoreAnnotation(ctx context.Context, id int64, version, ifVersion int, userID int64) (*sverka.Annotation, error) {
	history, err := db.AnnotationHistory(ctx, id, userID)
	if err != nil {
		return nil, fmt.Errorf("restore annotation: %w", err)
	}
	var old *sverka.Annotation
	for _, v := range history {
		if v.Version == version {
			old = v.State
		}
	}
	if old == nil {
		return nil, fmt.Errorf("annotation %d has no version %d: %w", id, version, sverka.ErrNotFound)
	}
	var out *sverka.Annotation
	err = db.write(ctx, func(tx *sql.Tx) error {
		cur, err := editable(ctx, tx, id, userID, ifVersion)
		if err != nil {
			return err
		}
		next := *cur
		next.Body, next.Tags, next.Private, next.Link, next.Deleted = old.Body, old.Tags, old.Private, old.Link, old.Deleted
		next.Target, next.Orphaned, next.Outside, next.W3C = old.Target, old.Orphaned, old.Outside, old.W3C
		next.Status, next.ReviewerID, next.ReviewedAt = old.Status, old.ReviewerID, old.ReviewedAt
		if next.IsDeleted() {
			// A deleted version is not anchored again: its words stay where
			// they are now, not where they were in a text since replaced.
			next.Target, next.Orphaned, next.Link = cur.Target, cur.Orphaned, cur.Link
		} else {
			if err := db.prepare(ctx, tx, &next); err != nil {
				return fmt.Errorf("version %d no longer fits the text: %w", version, err)
			}
			if err := checkAccepted(ctx, tx, &next); err != nil {
				return err
			}
		}
		next.Modified = db.now()
		if err := commitAnnotation(ctx, tx, "restore", cur, &next, userID, cur.Status == sverka.StatusAccepted || next.Status == sverka.StatusAccepted); err != nil {
			return err
		}
		out, err = findAnnotation(ctx, tx, id, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("restore annotation: %w", err)
	}
	return out, nil
}
