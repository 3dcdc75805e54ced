package store

import (
	"context"
	"database/sql"
)

// sqliteText is the full-text index in SQLite's FTS5 tables passage_keys
// and note_keys (migration 000019), contentless: the row id of a passage
// is its id in search_passages, of a note its annotation's id.
type sqliteText struct{}

func (sqliteText) putPassage(ctx context.Context, tx *sql.Tx, id int64, col, keys, meta string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO passage_keys (rowid, `+col+`, meta) VALUES (?, ?, ?)`, id, keys, meta)
	return err
}

func (sqliteText) deletePassage(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM passage_keys WHERE rowid = ?`, id)
	return err
}

func (sqliteText) putNote(ctx context.Context, tx *sql.Tx, id int64, keys string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO note_keys (rowid, keys) VALUES (?, ?)`, id, keys)
	return err
}

func (sqliteText) deleteNote(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM note_keys WHERE rowid = ?`, id)
	return err
}

func (sqliteText) countPassages(ctx context.Context, q querier, expr string, lo, hi int64, limit int) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `
		SELECT count(*) FROM (SELECT rowid FROM passage_keys WHERE passage_keys MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)`,
		expr, lo, hi, limit).Scan(&n)
	return n, err
}

func (sqliteText) passageIDs(ctx context.Context, q querier, expr string, lo, hi int64, order matchOrder, limit, offset int) ([]int64, error) {
	by := map[matchOrder]string{anyOrder: "", byID: " ORDER BY rowid", byRank: " ORDER BY rank, rowid"}[order]
	rows, err := q.QueryContext(ctx, `SELECT rowid FROM passage_keys WHERE passage_keys MATCH ? AND rowid BETWEEN ? AND ?`+by+` LIMIT ? OFFSET ?`,
		expr, lo, hi, limit, offset)
	if err != nil {
		return nil, err
	}
	return scanColumn[int64](rows)
}

func (sqliteText) passagesByDate(ctx context.Context, q querier, expr string, lo, hi int64, limit, offset int) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT k.rowid FROM passage_keys k
		JOIN search_passages m ON m.id = k.rowid
		JOIN base_texts b ON b.id = m.base_text_id
		JOIN documents d ON d.id = b.document_id
		WHERE passage_keys MATCH ? AND k.rowid BETWEEN ? AND ?
		ORDER BY d.date, d.id, k.rowid LIMIT ? OFFSET ?`, expr, lo, hi, limit, offset)
	if err != nil {
		return nil, err
	}
	return scanColumn[int64](rows)
}

// searchBegun has nothing to do: FTS5 plans its own matches.
func (sqliteText) searchBegun(context.Context, *sql.Tx) error { return nil }

func (sqliteText) noteMatches(_ context.Context, _ querier, expr string) (string, []any, error) {
	return `(SELECT rowid AS id, rank FROM note_keys WHERE note_keys MATCH ?)`, []any{expr}, nil
}
