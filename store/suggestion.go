package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"sverka"
	"sverka/suggest"
)

// Dismissal is an OCR suggestion a scholar dismissed for one document: it
// is not offered there again.
type Dismissal struct {
	DocumentID string
	Lang       string
	Start, End int
	Form       string
	Reading    string
	UserID     int64
	At         time.Time
}

// DismissSuggestion remembers a dismissal. The form must be what the base
// text says at the range; dismissing twice changes nothing.
func (db *DB) DismissSuggestion(ctx context.Context, d *Dismissal) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		bt, err := db.findBaseText(ctx, tx, d.DocumentID, d.Lang, "lang")
		if err != nil {
			return err
		}
		if d.Start < 0 || d.Start >= d.End || d.End > bt.text.n || bt.text.slice(d.Start, d.End) != d.Form {
			return sverka.Invalid("form", "%q is not what the text says at %d–%d", d.Form, d.Start, d.End)
		}
		if d.Reading == "" {
			return sverka.Invalid("reading", "name the reading dismissed")
		}
		d.At = db.now()
		_, err = tx.ExecContext(ctx, `
			INSERT INTO suggestion_dismissals (document_id, lang, start_offset, end_offset, form, reading, user_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			d.DocumentID, d.Lang, d.Start, d.End, d.Form, d.Reading, d.UserID, formatTime(d.At))
		if err != nil {
			return fmt.Errorf("insert dismissal: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("dismiss suggestion: %w", err)
	}
	return nil
}

// FindDismissals lists the suggestions dismissed for a document.
func (db *DB) FindDismissals(ctx context.Context, documentID string) ([]Dismissal, error) {
	rows, err := db.reader.QueryContext(ctx, `
		SELECT document_id, lang, start_offset, end_offset, form, reading, user_id, created_at
		FROM suggestion_dismissals WHERE document_id = ? ORDER BY start_offset`, documentID)
	if err != nil {
		return nil, fmt.Errorf("find dismissals: %w", err)
	}
	defer rows.Close()
	var out []Dismissal
	for rows.Next() {
		var d Dismissal
		var at string
		if err := rows.Scan(&d.DocumentID, &d.Lang, &d.Start, &d.End, &d.Form, &d.Reading, &d.UserID, &at); err != nil {
			return nil, fmt.Errorf("find dismissals: %w", err)
		}
		d.At = parseTime(at)
		out = append(out, d)
	}
	return out, rows.Err()
}

// FindConfusions reads the OCR confusion model learned from accepted
// corrections, as suggest.Channel stores it.
func (db *DB) FindConfusions(ctx context.Context) (*suggest.Channel, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT ocr, want, count FROM ocr_confusions WHERE count > 0`)
	if err != nil {
		return nil, fmt.Errorf("find confusions: %w", err)
	}
	defer rows.Close()
	learned := map[suggest.Edit]float64{}
	for rows.Next() {
		var e suggest.Edit
		var n float64
		if err := rows.Scan(&e.OCR, &e.Want, &n); err != nil {
			return nil, fmt.Errorf("find confusions: %w", err)
		}
		learned[e] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find confusions: %w", err)
	}
	return suggest.ChannelOf(learned)
}

// learnCorrection keeps the confusion model in step with a review: a
// correction that becomes accepted adds its edits (what the OCR wrote for
// what the text has), one that stops being accepted takes them back.
func learnCorrection(ctx context.Context, tx *sql.Tx, before, after *sverka.Annotation) error {
	delta := 0.0
	switch {
	case after.Status == sverka.StatusAccepted && before.Status != sverka.StatusAccepted:
		delta = 1
	case before.Status == sverka.StatusAccepted && after.Status != sverka.StatusAccepted:
		delta = -1
	default:
		return nil
	}
	for _, e := range suggest.Edits(after.Target.Exact, after.Body) {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO ocr_confusions (ocr, want, count) VALUES (?, ?, ?)
			ON CONFLICT (ocr, want) DO UPDATE SET count = ocr_confusions.count + excluded.count`, e.OCR, e.Want, delta); err != nil {
			return fmt.Errorf("learn confusion: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM ocr_confusions WHERE count <= 0`); err != nil {
		return fmt.Errorf("learn confusion: %w", err)
	}
	return nil
}

// ProposeCorrections proposes corrections together, in one transaction,
// each with its own entry in the audit trail; with more than one they share
// a new batch. With accept (an editor's choice) each is accepted at once.
func (db *DB) ProposeCorrections(ctx context.Context, corrections []*sverka.Annotation, accept bool) error {
	if len(corrections) == 0 {
		return sverka.Invalid("corrections", "nothing to propose")
	}
	batch := ""
	if len(corrections) > 1 {
		b := make([]byte, 8)
		rand.Read(b)
		batch = hex.EncodeToString(b)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		for _, a := range corrections {
			if a.Motivation != sverka.MotivationCorrection {
				return sverka.Invalid("motivation", "only corrections are proposed together")
			}
			a.Batch = batch
			if err := db.createAnnotation(ctx, tx, a); err != nil {
				return err
			}
			if accept {
				r, err := db.reviewCorrection(ctx, tx, a.ID, sverka.StatusAccepted, a.Version, a.CreatorID)
				if err != nil {
					return err
				}
				*a = *r
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("propose corrections: %w", err)
	}
	return nil
}

// CorrectionFilter selects corrections for the review queue; zero fields
// select everything. Status defaults to proposed.
type CorrectionFilter struct {
	DocumentID string
	Creator    string // user name
	Form       string // the OCR form corrected, exactly
	Batch      string
	Status     string
	Limit      int
}

// FindCorrections lists corrections across the corpus, oldest first, as
// viewer may see them (no deleted ones; documents the viewer may read are
// the caller's business, as for every list).
func (db *DB) FindCorrections(ctx context.Context, f CorrectionFilter) ([]*sverka.Annotation, error) {
	where := []string{"a.motivation = 'editing'", "a.deleted_at = ''", "a.orphaned = 0", outOfTrash("a.document_id")}
	var args []any
	status := f.Status
	if status == "" {
		status = sverka.StatusProposed
	}
	where, args = append(where, "a.status = ?"), append(args, status)
	if f.DocumentID != "" {
		where, args = append(where, "a.document_id = ?"), append(args, f.DocumentID)
	}
	if f.Creator != "" {
		where, args = append(where, "c.name = ?"), append(args, f.Creator)
	}
	if f.Form != "" {
		where, args = append(where, "a.exact = ?"), append(args, f.Form)
	}
	if f.Batch != "" {
		where, args = append(where, "a.batch = ?"), append(args, f.Batch)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT `+annotationColumns+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY a.document_id, a.start_offset, a.id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("find corrections: %w", err)
	}
	defer rows.Close()
	var out []*sverka.Annotation
	for rows.Next() {
		a, err := scanAnnotation(rows)
		if err != nil {
			return nil, fmt.Errorf("find corrections: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ReviewBatch accepts or rejects (or reopens) every correction of a batch
// that is not already so, in one transaction, each with its own entry in
// the audit trail. A batch with nothing left to review is ErrNotFound.
func (db *DB) ReviewBatch(ctx context.Context, batch, status string, reviewerID int64) ([]*sverka.Annotation, error) {
	var out []*sverka.Annotation
	err := db.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM annotations WHERE batch = ? AND batch <> '' AND deleted_at = '' AND orphaned = 0 AND status <> ? AND `+outOfTrash("document_id")+` ORDER BY id`, batch, status)
		if err != nil {
			return fmt.Errorf("find batch: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("find batch: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) == 0 {
			return fmt.Errorf("batch %q has nothing to review: %w", batch, sverka.ErrNotFound)
		}
		for _, id := range ids {
			a, err := db.reviewCorrection(ctx, tx, id, status, 0, reviewerID)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("review batch: %w", err)
	}
	return out, nil
}
