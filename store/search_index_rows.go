package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
)

// The rows of the search index a document's indexing writes: its number,
// its passages (search_passages, and the engine's full-text index), the
// word forms seen in it. Whatever adds or takes out passages moves the
// search stamp (search_cache.go).

// documentSeq is the number that places a document's passages in the
// index (its row ids are seq<<32 + n), and the next n to give out.
func documentSeq(ctx context.Context, tx *sql.Tx, id string) (seq, next int64, err error) {
	err = tx.QueryRowContext(ctx, `SELECT seq, next FROM search_documents WHERE document_id = ?`, id).Scan(&seq, &next)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `
			INSERT INTO search_documents (document_id, seq, next, revision)
			VALUES (?, coalesce((SELECT max(seq) FROM search_documents), 0) + 1, 0, -1) RETURNING seq`, id).Scan(&seq)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("search index: %w", err)
	}
	return seq, next, nil
}

// clearPassages takes up to limit (all: -1) passages of the document seq
// out of the index, by row id: the work is that document's rows only.
func (db *DB) clearPassages(ctx context.Context, tx *sql.Tx, seq int64, limit int) (int, error) {
	most := int64(limit)
	if limit < 0 {
		most = math.MaxInt64
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM search_passages WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?`, seq<<32, seq<<32|(1<<32-1), most)
	if err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("search index: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	if len(ids) > 0 { // the first ids of the document, in order: all those from the first to the last
		if err := db.engine.deletePassages(ctx, tx, ids); err != nil {
			return 0, fmt.Errorf("search index: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_passages WHERE id BETWEEN ? AND ?`, ids[0], ids[len(ids)-1]); err != nil {
			return 0, fmt.Errorf("search index: %w", err)
		}
		if err := touchSearchStamp(ctx, tx); err != nil {
			return 0, err
		}
	}
	if len(ids) < limit || limit < 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE search_documents SET next = 0 WHERE seq = ?`, seq); err != nil {
			return 0, fmt.Errorf("search index: %w", err)
		}
	}
	return len(ids), nil
}

// writePassages adds passages to the index under the row ids seq<<32 +
// next, next+1, …
func (db *DB) writePassages(ctx context.Context, tx *sql.Tx, seq, next int64, passages []indexPassage) error {
	keyed := make([]keyedPassage, len(passages))
	rows := make([][]any, len(passages))
	for i, p := range passages {
		id := seq<<32 | (next + int64(i))
		rows[i] = []any{id, p.baseTextID, p.start, p.end}
		keyed[i] = keyedPassage{id: id, col: keyColumn(p.lang), keys: p.keys, meta: p.meta}
	}
	if err := insertRows(ctx, tx, `INSERT INTO search_passages (id, base_text_id, start_offset, end_offset)`, "", rows); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if err := db.engine.putPassages(ctx, tx, keyed); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if err := touchSearchStamp(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE search_documents SET next = ? WHERE seq = ?`, next+int64(len(passages)), seq); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// writeForms adds the forms not yet in search_forms.
func (db *DB) writeForms(ctx context.Context, tx *sql.Tx, forms []indexForm) error {
	var rows [][]any
	db.search.mu.Lock()
	for _, f := range forms {
		if !db.search.forms[f.form] {
			rows = append(rows, []any{f.form, f.keys, f.shape, f.sound})
		}
	}
	db.search.mu.Unlock()
	if err := insertRows(ctx, tx, `INSERT INTO search_forms (form, keys, shape, sound)`, `ON CONFLICT DO NOTHING`, rows); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	db.search.mu.Lock()
	for _, r := range rows {
		db.search.newForms[tx] = append(db.search.newForms[tx], r[0].(string))
	}
	db.search.mu.Unlock()
	return nil
}

// settleForms ends write transaction tx for the forms it wrote:
// remembered if it committed, forgotten if it rolled back (they are not in
// search_forms then, and the next document to use them must write them).
// A transaction that rolled back to a savepoint settles as rolled back: a
// form forgotten is only written again, with no effect.
func (db *DB) settleForms(tx *sql.Tx, committed bool) {
	if db.search == nil { // not started yet: nothing indexed
		return
	}
	db.search.mu.Lock()
	defer db.search.mu.Unlock()
	if committed {
		for _, f := range db.search.newForms[tx] {
			if len(db.search.forms) >= maxFormsRemembered {
				clear(db.search.forms)
			}
			db.search.forms[f] = true
		}
	}
	delete(db.search.newForms, tx)
}
