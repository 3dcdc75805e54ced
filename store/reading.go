package store

import (
	"context"
	"database/sql"
	"fmt"

	"sverka"
	"sverka/reading"
)

// Reading is a base text with the corrections accepted for it.
type Reading struct {
	DocumentID string
	Lang       string
	Text       []rune
	Segments   []sverka.Segment
	Edits      []reading.Edit
}

// FindReading reads a base text, its segments and its accepted corrections,
// from which the diplomatic, corrected and marked-up readings are made.
func (db *DB) FindReading(ctx context.Context, documentID, lang string) (*Reading, error) {
	var r *Reading
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		r, err = db.findReading(ctx, tx, documentID, lang)
		return err
	})
	return r, err
}

// findReading is FindReading inside tx.
func (db *DB) findReading(ctx context.Context, tx *sql.Tx, documentID, lang string) (*Reading, error) {
	bt, err := db.findBaseText(ctx, tx, documentID, lang, "lang")
	if err != nil {
		return nil, err
	}
	r := &Reading{DocumentID: documentID, Lang: lang, Text: bt.runes()}
	rows, err := tx.QueryContext(ctx, `SELECT id, start_offset, end_offset FROM segments WHERE base_text_id = ? ORDER BY start_offset, end_offset, id`, bt.id)
	if err != nil {
		return nil, fmt.Errorf("find segments: %w", err)
	}
	for rows.Next() {
		var s sverka.Segment
		if err := rows.Scan(&s.ID, &s.Start, &s.End); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find segments: %w", err)
		}
		r.Segments = append(r.Segments, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find segments: %w", err)
	}
	rows, err = tx.QueryContext(ctx, `
		SELECT id, start_offset, end_offset, body FROM annotations
		WHERE document_id = ? AND lang = ? AND status = 'accepted' AND deleted_at = '' AND orphaned = 0
		ORDER BY start_offset, end_offset, id`, documentID, lang)
	if err != nil {
		return nil, fmt.Errorf("find corrections: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e reading.Edit
		if err := rows.Scan(&e.ID, &e.Start, &e.End, &e.Text); err != nil {
			return nil, fmt.Errorf("find corrections: %w", err)
		}
		r.Edits = append(r.Edits, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find corrections: %w", err)
	}
	reading.Sort(r.Edits)
	return r, nil
}
