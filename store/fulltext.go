package store

import (
	"context"
	"database/sql"
)

// fullText is an engine's full-text index: the search keys of each passage
// (columns ru, en, keys and meta, search_passage.go) and of each note
// (column keys), matched with FTS5's query syntax as search_query.go writes
// it, ranked by bm25. SQLite has it in FTS5 (fulltext_sqlite.go);
// PostgreSQL in plain tables of the same tokens, with the same matching and
// the same bm25 (fulltext_postgres.go), so that a search finds the same
// hits in the same order on both.
type fullText interface {
	// putPassage indexes the passage id: its keys in column col, its
	// filter tokens in meta.
	putPassage(ctx context.Context, tx *sql.Tx, id int64, col, keys, meta string) error
	deletePassage(ctx context.Context, tx *sql.Tx, id int64) error
	putNote(ctx context.Context, tx *sql.Tx, id int64, keys string) error
	deleteNote(ctx context.Context, tx *sql.Tx, id int64) error
	// countPassages counts the passages from lo to hi that match expr,
	// up to limit.
	countPassages(ctx context.Context, q querier, expr string, lo, hi int64, limit int) (int, error)
	// passageIDs lists the passages from lo to hi that match expr, in
	// order, from offset, up to limit.
	passageIDs(ctx context.Context, q querier, expr string, lo, hi int64, order matchOrder, limit, offset int) ([]int64, error)
	// passagesByDate is passageIDs by their documents' dates, then ids,
	// for fewer than rankAll matches.
	passagesByDate(ctx context.Context, q querier, expr string, lo, hi int64, limit, offset int) ([]int64, error)
	// noteMatches is a table (id, rank) of the notes that match expr, to
	// join in a query, with its arguments.
	noteMatches(ctx context.Context, q querier, expr string) (string, []any, error)
	// searchBegun prepares tx, just begun, for a search's statements.
	searchBegun(ctx context.Context, tx *sql.Tx) error
}

// matchOrder is the order of passageIDs.
type matchOrder int

const (
	anyOrder matchOrder = iota // whichever is cheapest
	byID                       // archive order
	byRank                     // bm25, best first, then by id
)

// scanColumn reads the one column of rows (row ids, names) and closes them.
func scanColumn[T any](rows *sql.Rows) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
