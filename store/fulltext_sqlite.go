package store

import (
	"context"
	"database/sql"
	"slices"
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

// passagesInOrder sorts few matches at once; many are taken a run of
// documents at a time, in order, until the page is full.
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
		run, err := docs.nextRun(ctx, q)
		if err != nil || len(run) == 0 {
			return out, err
		}
		if out, offset, err = t.runMatches(ctx, q, expr, max(lo, run[0]<<32), min(hi, run[len(run)-1]<<32|(1<<32-1)), run, out, limit, offset); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// runMatches appends to out the matches of expr from lo to hi in the
// documents of run, in order (their seqs ascend), after skipping offset of
// them, until out holds limit; it returns out and the offset left. One
// statement reads the run: FTS5 finds the matches of a phrase or a prefix
// once, not once a document, and stops where the page is full. Matches of
// documents between the run's (not in it) are passed over.
func (sqliteText) runMatches(ctx context.Context, q querier, expr string, lo, hi int64, run, out []int64, limit, offset int) ([]int64, int, error) {
	rows, err := q.QueryContext(ctx, `SELECT rowid FROM passage_keys WHERE passage_keys MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid`, expr, lo, hi)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for len(out) < limit && rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, 0, err
		}
		if _, in := slices.BinarySearch(run, id>>32); !in {
			continue
		}
		if offset > 0 {
			offset--
			continue
		}
		out = append(out, id)
	}
	return out, offset, rows.Err()
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

// runGap is the widest gap between the seqs of two documents next in order
// that nextRun takes in one run: the documents in the gap, if any, are
// read and passed over.
const runGap = 4

// nextRun is the next documents in order whose seqs ascend, each within
// runGap of the one before (none when all are read). Documents indexed in
// the order of their ids make long runs; in another order (by date), runs
// of one.
func (d *documentsInOrder) nextRun(ctx context.Context, q querier) ([]int64, error) {
	if len(d.seqs) == 0 && !d.readAll {
		if err := d.read(ctx, q); err != nil {
			return nil, err
		}
	}
	n := min(1, len(d.seqs))
	for n < len(d.seqs) && d.seqs[n] > d.seqs[n-1] && d.seqs[n] <= d.seqs[n-1]+runGap {
		n++
	}
	run := d.seqs[:n]
	d.seqs = d.seqs[n:]
	return run, nil
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
