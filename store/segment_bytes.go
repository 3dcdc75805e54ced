package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Where each segment lies in the bytes of its base text (migration
// 000035) is stored with the segment. Segments stored before that have
// none (NULL) and are cut by code points meanwhile: the background indexer
// fills them in when it has nothing else to do, a base text at a time in
// transactions of at most bytesPerWrite segments, so that a large archive
// opens at once and no write waits long for them. A process that yields
// (an import) leaves them to the server; PostgreSQL, which cuts by code
// points, needs none.

// bytesPerWrite is the most segments one transaction fills in.
const bytesPerWrite = 500

// segmentBytes is how far the filling in has come in this process.
type segmentBytes struct {
	// after is the last base text done: base texts are taken in order of id.
	after int64
	// looked says whether any segment was found to lack bytes; done that
	// none is left.
	looked, done bool
}

// segmentToFill is a segment without its bytes.
type segmentToFill struct {
	id         int64
	start, end int
}

// fillSegmentBytes fills in the bytes of the segments of the next base
// text that lacks them. It reports whether more may be left.
func (db *DB) fillSegmentBytes(ctx context.Context) (bool, error) {
	st := &db.search.bytes
	if st.done || db.yielding || db.shared() {
		return false, nil
	}
	if !st.looked {
		left, err := segmentsWithoutBytes(ctx, db.reader)
		if err != nil {
			return false, err
		}
		st.looked, st.done = true, !left
		if st.done {
			return false, nil
		}
	}
	var id int64
	var text *codeText
	var segs []segmentToFill
	err := db.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
			SELECT base_text_id FROM segments WHERE base_text_id > ? AND start_byte IS NULL ORDER BY base_text_id LIMIT 1`, st.after).Scan(&id)
		if err != nil {
			return err
		}
		var s string
		if err := tx.QueryRowContext(ctx, `SELECT text FROM base_texts WHERE id = ?`, id).Scan(&s); err != nil {
			return err
		}
		text = newCodeText(s)
		rows, err := tx.QueryContext(ctx, `SELECT id, start_offset, end_offset FROM segments WHERE base_text_id = ? AND start_byte IS NULL`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var g segmentToFill
			if err := rows.Scan(&g.id, &g.start, &g.end); err != nil {
				return err
			}
			segs = append(segs, g)
		}
		return rows.Err()
	})
	if errors.Is(err, sql.ErrNoRows) {
		st.done = true
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("segment bytes: %w", err)
	}
	for len(segs) > 0 {
		n := min(len(segs), bytesPerWrite)
		// A segment is never changed, only deleted and inserted: one whose
		// id now names another (SQLite may reuse the id) is left alone.
		err := db.writeIndex(ctx, func(tx *sql.Tx) error {
			for _, g := range segs[:n] {
				s, e := text.byteRange(g.start, g.end)
				if _, err := tx.ExecContext(ctx, `
					UPDATE segments SET start_byte = ?, end_byte = ?
					WHERE id = ? AND base_text_id = ? AND start_offset = ? AND end_offset = ?`, s, e, g.id, id, g.start, g.end); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return false, fmt.Errorf("segment bytes: %w", err)
		}
		segs = segs[n:]
	}
	st.after = id
	return true, nil
}

// segmentsWithoutBytes says whether some segment has no bytes yet.
func segmentsWithoutBytes(ctx context.Context, q querier) (bool, error) {
	var left bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM segments WHERE start_byte IS NULL)`).Scan(&left); err != nil {
		return false, fmt.Errorf("segment bytes: %w", err)
	}
	return left, nil
}
