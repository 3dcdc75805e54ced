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
	// putPassages indexes passages: the keys of each in its column, its
	// filter tokens in meta.
	putPassages(ctx context.Context, tx *sql.Tx, ps []keyedPassage) error
	deletePassages(ctx context.Context, tx *sql.Tx, ids []int64) error
	putNote(ctx context.Context, tx *sql.Tx, id int64, keys string) error
	deleteNote(ctx context.Context, tx *sql.Tx, id int64) error
	// countPassages counts the passages from lo to hi that match each of
	// exprs, up to its limit, in one step.
	countPassages(ctx context.Context, q querier, exprs []string, lo, hi int64, limits []int) ([]int, error)
	// passageIDs lists the passages from lo to hi that match expr, in
	// order, from offset, up to limit.
	passageIDs(ctx context.Context, q querier, expr string, lo, hi int64, order matchOrder, limit, offset int) ([]int64, error)
	// passagesInOrder is passageIDs in archive order: by their documents'
	// ids (their dates first when byDate), then in the order of each
	// document, whichever order the documents were indexed in. many says
	// expr matches too many passages to sort them all: more than a search
	// counts, or rankAll or more that a statement finds cheaply.
	passagesInOrder(ctx context.Context, q querier, expr string, lo, hi int64, byDate, many bool, limit, offset int) ([]int64, error)
	// noteMatches is a table (id, rank) of the notes that match expr, to
	// join in a query, with its arguments.
	noteMatches(ctx context.Context, q querier, expr string) (string, []any, error)
	// searchBegun prepares tx, just begun, for a search's statements.
	searchBegun(ctx context.Context, tx *sql.Tx) error
}

// keyedPassage is a passage as the index holds it.
type keyedPassage struct {
	id              int64
	col, keys, meta string
}

// matchOrder is the order of passageIDs.
type matchOrder int

const (
	anyOrder matchOrder = iota // whichever is cheapest
	byID                       // row id: in one document, its order
	byRank                     // bm25, best first, then by document id and row id
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
