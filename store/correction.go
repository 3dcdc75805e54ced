package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"sverka"
	"sverka/reading"
)

// checkAccepted refuses an accepted correction that overlaps another one.
func checkAccepted(ctx context.Context, tx *sql.Tx, a *sverka.Annotation) error {
	if a.Motivation != sverka.MotivationCorrection || a.Status != sverka.StatusAccepted || a.IsDeleted() {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, start_offset, end_offset, exact, body FROM annotations
		WHERE document_id = ? AND lang = ? AND status = 'accepted' AND deleted_at = '' AND id <> ?
		  AND start_offset <= ? AND end_offset >= ?`,
		a.DocumentID, a.Target.Lang, a.ID, a.Target.End, a.Target.Start)
	if err != nil {
		return fmt.Errorf("check overlap: %w", err)
	}
	defer rows.Close()
	me := reading.Edit{Start: a.Target.Start, End: a.Target.End}
	for rows.Next() {
		var o reading.Edit
		var exact string
		if err := rows.Scan(&o.ID, &o.Start, &o.End, &exact, &o.Text); err != nil {
			return fmt.Errorf("check overlap: %w", err)
		}
		if reading.Overlap(me, o) {
			return fmt.Errorf("correction %d (%d–%d) overlaps accepted correction %d (%q → %q at %d–%d); reject or change that one first: %w",
				a.ID, a.Target.Start, a.Target.End, o.ID, exact, o.Text, o.Start, o.End, sverka.ErrConflict)
		}
	}
	return rows.Err()
}

// ReviewCorrection accepts or rejects a correction (or puts it back to
// proposed). Accepting one that overlaps another accepted correction is
// ErrConflict. ifVersion 0 skips the version check.
func (db *DB) ReviewCorrection(ctx context.Context, id int64, status string, ifVersion int, reviewerID int64) (*sverka.Annotation, error) {
	var out *sverka.Annotation
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = db.reviewCorrection(ctx, tx, id, status, ifVersion, reviewerID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("review correction: %w", err)
	}
	return out, nil
}

// reviewCorrection is ReviewCorrection inside a transaction.
func (db *DB) reviewCorrection(ctx context.Context, tx *sql.Tx, id int64, status string, ifVersion int, reviewerID int64) (*sverka.Annotation, error) {
	if status != sverka.StatusAccepted && status != sverka.StatusRejected && status != sverka.StatusProposed {
		return nil, sverka.Invalid("status", "%q is not one of proposed, accepted, rejected", status)
	}
	cur, err := findAnnotation(ctx, tx, id, reviewerID)
	if err != nil {
		return nil, err
	}
	if ifVersion != 0 && ifVersion != cur.Version {
		return nil, &sverka.StaleError{Current: cur}
	}
	if cur.Motivation != sverka.MotivationCorrection {
		return nil, sverka.Invalid("status", "annotation %d is a %s, not a correction; only corrections are reviewed", id, cur.Motivation)
	}
	if cur.IsDeleted() {
		return nil, fmt.Errorf("annotation %d is deleted: %w", id, sverka.ErrConflict)
	}
	if cur.Orphaned {
		return nil, fmt.Errorf("correction %d lost its place in a replaced text; move it first: %w", id, sverka.ErrConflict)
	}
	if cur.Status == status {
		return cur, nil
	}
	next := *cur
	next.Status = status
	next.Modified = db.now()
	next.ReviewerID, next.ReviewedAt = reviewerID, next.Modified
	if status == sverka.StatusProposed {
		next.ReviewerID, next.ReviewedAt = 0, time.Time{}
	}
	if err := checkAccepted(ctx, tx, &next); err != nil {
		return nil, err
	}
	if err := learnCorrection(ctx, tx, cur, &next); err != nil {
		return nil, err
	}
	action := map[string]string{sverka.StatusAccepted: "accept", sverka.StatusRejected: "reject", sverka.StatusProposed: "reopen"}[status]
	if err := commitAnnotation(ctx, tx, action, cur, &next, reviewerID, cur.Status == sverka.StatusAccepted || next.Status == sverka.StatusAccepted); err != nil {
		return nil, err
	}
	return findAnnotation(ctx, tx, id, reviewerID)
}
