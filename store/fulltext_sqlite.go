package store

import (
	"context"
	"database/sql"
)

// sqliteText is the full-text index in SQLite's FTS5 tables passage_keys
// and note_keys (migration 000019), contentless: the row id of a passage
// is its id in search_passages, of a note its annotation's id.
type sqliteText struct{}

func (sqliteText) putPassages(ctx context.Context, tx *sql.Tx, ps []keyedPassage) error {
	for _, p := range ps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO passage_keys (rowid, `+p.col+`, meta) VALUES (?, ?, ?)`, p.id, p.keys, p.meta); err != nil {
			return err
		}
	}
	return nil
}

func (sqliteText) deletePassages(ctx context.Context, tx *sql.Tx, ids []int64) error {
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `DELETE FROM passage_keys WHERE rowid = ?`, id); err != nil {
			return err
		}
	}
	return nil
}

func (sqliteText) putNote(ctx context.Context, tx *sql.Tx, id int64, keys string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO note_keys (rowid, keys) VALUES (?, ?)`, id, keys)
	return err
}

func (sqliteText) deleteNote(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM note_keys WHERE rowid = ?`, id)
	return err
}

func (sqliteText) countPassages(ctx context.Context, q querier, exprs []string, lo, hi int64, limits []int) ([]int, error) {
	out := make([]int, len(exprs))
	for i, expr := range exprs {
		err := q.QueryRowContext(ctx, `
			SELECT count(*) FROM (SELECT rowid FROM passage_keys WHERE passage_keys MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)`,
			expr, lo, hi, limits[i]).Scan(&out[i])
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// passageIDs ranks ties by document id, then row id: a document's row ids
// follow its order, but documents are numbered in the order they were
// indexed.
func (sqliteText) passageIDs(ctx context.Context, q querier, expr string, lo, hi int64, order matchOrder, limit, offset int) ([]int64, error) {
	by := map[matchOrder]string{
		anyOrder: "",
		byID:     " ORDER BY rowid",
		byRank:   " ORDER BY rank, (SELECT document_id FROM search_documents WHERE seq = rowid >> 32), rowid",
	}[order]
	rows, err := q.QueryContext(ctx, `SELECT rowid FROM passage_keys WHERE passage_keys MATCH ? AND rowid BETWEEN ? AND ?`+by+` LIMIT ? OFFSET ?`,
		expr, lo, hi, limit, offset)
	if err != nil {
		return nil, err
	}
	return scanColumn[int64](rows)
}

// passagesInOrder sorts few matches at once; many are taken a document at
// a time, in order, until the page is full.
func (t sqliteText) passagesInOrder(ctx context.Context, q querier, expr string, lo, hi int64, byDate, many bool, limit, offset int) ([]int64, error) {
	order := "d.id"
	if byDate {
		order = "d.date, d.id"
	}
	if !many {
		rows, err := q.QueryContext(ctx, `
			SELECT k.rowid FROM passage_keys k
			JOIN search_documents sd ON sd.seq = k.rowid >> 32
			JOIN documents d ON d.id = sd.document_id
			WHERE passage_keys MATCH ? AND k.rowid BETWEEN ? AND ?
			ORDER BY `+order+`, k.rowid LIMIT ? OFFSET ?`, expr, lo, hi, limit, offset)
		if err != nil {
			return nil, err
		}
		return scanColumn[int64](rows)
	}
	rows, err := q.QueryContext(ctx, `
		SELECT sd.seq FROM search_documents sd JOIN documents d ON d.id = sd.document_id
		WHERE sd.seq BETWEEN ? AND ? ORDER BY `+order, lo>>32, hi>>32)
	if err != nil {
		return nil, err
	}
	seqs, err := scanColumn[int64](rows)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, seq := range seqs {
		ids, err := t.passageIDs(ctx, q, expr, max(lo, seq<<32), min(hi, seq<<32|(1<<32-1)), byID, offset+limit-len(out), 0)
		if err != nil {
			return nil, err
		}
		skip := min(offset, len(ids))
		offset -= skip
		out = append(out, ids[skip:]...)
		if len(out) >= limit {
			break
		}
	}
	return out, nil
}

// searchBegun has nothing to do: FTS5 plans its own matches.
func (sqliteText) searchBegun(context.Context, *sql.Tx) error { return nil }

func (sqliteText) noteMatches(_ context.Context, _ querier, expr string) (string, []any, error) {
	return `(SELECT rowid AS id, rank FROM note_keys WHERE note_keys MATCH ?)`, []any{expr}, nil
}
