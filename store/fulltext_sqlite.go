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
// indexed. The document id comes through a join (a passage of a document
// no longer there has none, and comes first among its ties, as NULL
// sorts), made only for the matches ranked no worse than the last of the
// page: each match's bm25 is computed once, into a table, and the join of
// every match was a third of a ranked page's time.
func (sqliteText) passageIDs(ctx context.Context, q querier, expr string, lo, hi int64, order matchOrder, limit, offset int) ([]int64, error) {
	if order == byRank {
		rows, err := q.QueryContext(ctx, `
			WITH r AS MATERIALIZED (SELECT rowid, rank FROM passage_keys WHERE passage_keys MATCH ? AND rowid BETWEEN ? AND ?)
			SELECT r.rowid FROM r LEFT JOIN search_documents sd ON sd.seq = r.rowid >> 32
			WHERE r.rank <= coalesce((SELECT rank FROM r ORDER BY rank LIMIT 1 OFFSET ?), 9e999)
			ORDER BY r.rank, sd.document_id, r.rowid LIMIT ? OFFSET ?`,
			expr, lo, hi, offset+limit-1, limit, offset)
		if err != nil {
			return nil, err
		}
		return scanColumn[int64](rows)
	}
	by := map[matchOrder]string{anyOrder: "", byID: " ORDER BY rowid"}[order]
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
	var out []int64
	docs := documentsInOrder{order: order, lo: lo >> 32, hi: hi >> 32, chunk: 8}
	for len(out) < limit {
		seq, ok, err := docs.next(ctx, q)
		if err != nil || !ok {
			return out, err
		}
		ids, err := t.passageIDs(ctx, q, expr, max(lo, seq<<32), min(hi, seq<<32|(1<<32-1)), byID, offset+limit-len(out), 0)
		if err != nil {
			return nil, err
		}
		skip := min(offset, len(ids))
		offset -= skip
		out = append(out, ids[skip:]...)
	}
	return out, nil
}

// documentsInOrder reads the indexed documents with seq in [lo, hi] in
// order (by id, or by date and id), a few at a time as a page of matches
// needs them: a page of a common word is full after one or two documents.
type documentsInOrder struct {
	order          string
	lo, hi         int64
	chunk          int
	seqs           []int64
	date, id       string // the last document read: the next chunk begins after it
	readAll, begun bool
}

func (d *documentsInOrder) next(ctx context.Context, q querier) (int64, bool, error) {
	if len(d.seqs) == 0 && !d.readAll {
		if err := d.read(ctx, q); err != nil {
			return 0, false, err
		}
	}
	if len(d.seqs) == 0 {
		return 0, false, nil
	}
	seq := d.seqs[0]
	d.seqs = d.seqs[1:]
	return seq, true, nil
}

// read reads the next chunk, each twice the last (up to 512). Over more
// than one document, the + keeps SQLite on documents' index in order, not
// on search_documents' seq (which would sort every document first).
func (d *documentsInOrder) read(ctx context.Context, q querier) error {
	seq := "sd.seq"
	if d.lo < d.hi {
		seq = "+sd.seq"
	}
	after := "d.id > ?"
	args := []any{d.id}
	if d.order != "d.id" {
		after, args = "(d.date, d.id) > (?, ?)", []any{d.date, d.id}
	}
	if !d.begun {
		after, args = "1", nil
	}
	rows, err := q.QueryContext(ctx, `
		SELECT sd.seq, d.date, d.id FROM documents d JOIN search_documents sd ON sd.document_id = d.id
		WHERE `+after+` AND `+seq+` BETWEEN ? AND ? ORDER BY `+d.order+` LIMIT ?`, append(args, d.lo, d.hi, d.chunk)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq, &d.date, &d.id); err != nil {
			return err
		}
		d.seqs, d.begun = append(d.seqs, seq), true
		n++
	}
	d.readAll = n < d.chunk
	d.chunk = min(2*d.chunk, 512)
	return rows.Err()
}

// searchBegun has nothing to do: FTS5 plans its own matches.
func (sqliteText) searchBegun(context.Context, *sql.Tx) error { return nil }

func (sqliteText) noteMatches(_ context.Context, _ querier, expr string) (string, []any, error) {
	return `(SELECT rowid AS id, rank FROM note_keys WHERE note_keys MATCH ?)`, []any{expr}, nil
}
