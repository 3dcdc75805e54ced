package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sverka"
)

// logEdit bumps the document's revision and records an edit in the edit log
// and the audit trail.
func logEdit(ctx context.Context, tx *sql.Tx, now time.Time, e AlignmentEdit, op string, before, after window) (*AlignmentResult, error) {
	rev, err := bumpRevision(ctx, tx, e.DocumentID)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(before.Links)
	if err != nil {
		return nil, fmt.Errorf("log edit: %w", err)
	}
	f, err := json.Marshal(after.Links)
	if err != nil {
		return nil, fmt.Errorf("log edit: %w", err)
	}
	var id int64
	err = tx.QueryRowContext(ctx, `
		INSERT INTO alignment_edits (document_id, op, position, before_json, after_json, revision, user_id, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.DocumentID, op, before.Position, string(b), string(f), rev, nullID(e.UserID), formatTime(now)).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("log edit: %w", err)
	}
	err = recordChange(ctx, tx, Change{At: now, UserID: e.UserID, DocumentID: e.DocumentID, Entity: "alignment",
		EntityID: e.DocumentID, Action: op, Before: before, After: after})
	if err != nil {
		return nil, err
	}
	return &AlignmentResult{EditID: id, Op: op, Revision: rev, First: after.Position, Count: len(after.Links)}, nil
}

// UndoAlignmentEdit undoes the document's last alignment edit that is not
// undone yet, whoever made it: the links it made are replaced by those it
// replaced. Undoing again undoes the edit before. It is ErrNotFound when there
// is nothing to undo and ErrConflict when the links are no longer as the edit
// left them.
func (db *DB) UndoAlignmentEdit(ctx context.Context, e AlignmentEdit) (*AlignmentResult, error) {
	var res *AlignmentResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		a, err := loadAlignment(ctx, tx, e)
		if err != nil {
			return err
		}
		var id int64
		var op, beforeJSON, afterJSON string
		var pos int
		err = tx.QueryRowContext(ctx, `
			SELECT id, op, position, before_json, after_json FROM alignment_edits
			WHERE document_id = ? AND undone_at = '' ORDER BY id DESC LIMIT 1`, e.DocumentID).Scan(&id, &op, &pos, &beforeJSON, &afterJSON)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("document %s has no alignment edit to undo: %w", e.DocumentID, sverka.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("find last edit: %w", err)
		}
		var before, after []windowLink
		if err := json.Unmarshal([]byte(beforeJSON), &before); err != nil {
			return fmt.Errorf("read edit %d: %w", id, err)
		}
		if err := json.Unmarshal([]byte(afterJSON), &after); err != nil {
			return fmt.Errorf("read edit %d: %w", id, err)
		}
		start := pos - 1
		if start < 0 || start+len(after) > len(a.links) {
			return fmt.Errorf("the links of edit %d (%s) are gone: %w", id, op, sverka.ErrConflict)
		}
		for k, l := range after {
			cur := a.links[start+k]
			if !l.sameSegments(cur) || l.Status != cur.Status {
				return fmt.Errorf("link %d changed since edit %d (%s); it cannot be undone: %w", pos+k, id, op, sverka.ErrConflict)
			}
		}
		if err := a.check(start, len(after), before); err != nil {
			return err
		}
		if err := replaceWindow(ctx, tx, a, start, len(after), before); err != nil {
			return err
		}
		now := db.now()
		rev, err := bumpRevision(ctx, tx, e.DocumentID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE alignment_edits SET undone_by = ?, undone_at = ? WHERE id = ?`, nullID(e.UserID), formatTime(now), id); err != nil {
			return fmt.Errorf("mark edit undone: %w", err)
		}
		err = recordChange(ctx, tx, Change{At: now, UserID: e.UserID, DocumentID: e.DocumentID, Entity: "alignment",
			EntityID: e.DocumentID, Action: OpUndo + " " + op,
			Before: window{Position: pos, Links: after}, After: window{Position: pos, Links: before}})
		if err != nil {
			return err
		}
		res = &AlignmentResult{EditID: id, Op: OpUndo, Revision: rev, First: pos, Count: len(before)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("undo: %w", err)
	}
	return res, nil
}

// AlignmentLogEntry is one edit of a document's alignment, for the history.
type AlignmentLogEntry struct {
	ID       int64     `json:"id"`
	Op       string    `json:"op"`
	Position int       `json:"position"`
	Revision int64     `json:"revision"`
	UserName string    `json:"userName"`
	At       time.Time `json:"at"`
	Undone   bool      `json:"undone"`
}

// FindAlignmentEdits lists the alignment edits of a document, newest first
// (at most limit, 100 by default).
func (db *DB) FindAlignmentEdits(ctx context.Context, documentID string, limit int) ([]AlignmentLogEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.reader.QueryContext(ctx, `
		SELECT e.id, e.op, e.position, e.revision, coalesce(u.name, ''), e.at, e.undone_at <> ''
		FROM alignment_edits e LEFT JOIN users u ON u.id = e.user_id
		WHERE e.document_id = ? ORDER BY e.id DESC LIMIT ?`, documentID, limit)
	if err != nil {
		return nil, fmt.Errorf("find alignment edits: %w", err)
	}
	defer rows.Close()
	list := []AlignmentLogEntry{}
	for rows.Next() {
		var l AlignmentLogEntry
		var at string
		if err := rows.Scan(&l.ID, &l.Op, &l.Position, &l.Revision, &l.UserName, &at, &l.Undone); err != nil {
			return nil, fmt.Errorf("find alignment edits: %w", err)
		}
		l.At = parseTime(at)
		list = append(list, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find alignment edits: %w", err)
	}
	return list, nil
}
