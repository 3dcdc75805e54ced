package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// postgresText is the full-text index on PostgreSQL: what FTS5 keeps in
// passage_keys and note_keys, as plain tables (migrations/postgres 000001):
// a row per passage or note with its number of tokens, and a row per token
// with its column and position, found through a btree on the token. A
// match expression is parsed (fulltext_expr.go) and run as set operations
// on those rows; bm25 is computed as FTS5's bm25() computes it.
type postgresText struct{}

// ftsTable is one index: the table of rows and sizes, the table of tokens,
// and the names of its columns in the order of their numbers.
type ftsTable struct {
	rows, tokens string
	cols         []string
}

var (
	passageTable = ftsTable{"passage_keys", "passage_tokens", []string{"ru", "en", "keys", "meta"}}
	noteTable    = ftsTable{"note_keys", "note_tokens", []string{"keys"}}
)

func (postgresText) putPassage(ctx context.Context, tx *sql.Tx, id int64, col, keys, meta string) error {
	return passageTable.put(ctx, tx, id, map[string]string{col: keys, "meta": meta})
}

func (postgresText) deletePassage(ctx context.Context, tx *sql.Tx, id int64) error {
	return passageTable.delete(ctx, tx, id)
}

func (postgresText) putNote(ctx context.Context, tx *sql.Tx, id int64, keys string) error {
	return noteTable.put(ctx, tx, id, map[string]string{"keys": keys})
}

func (postgresText) deleteNote(ctx context.Context, tx *sql.Tx, id int64) error {
	return noteTable.delete(ctx, tx, id)
}

// put indexes row id: the tokens of each column's text.
func (t ftsTable) put(ctx context.Context, tx *sql.Tx, id int64, texts map[string]string) error {
	var cols []int16
	var pos []int32
	var tokens []string
	for c, name := range t.cols {
		for i, tok := range ftsTokens(texts[name]) {
			cols, pos, tokens = append(cols, int16(c)), append(pos, int32(i)), append(tokens, tok)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.rows+` (id, size) VALUES (?, ?)`, id, len(tokens)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+t.tokens+` (id, col, pos, token)
		SELECT ?, c, p, k FROM unnest(?::smallint[], ?::integer[], ?::text[]) AS u(c, p, k)`, id, cols, pos, tokens)
	return err
}

func (t ftsTable) delete(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.tokens+` WHERE id = ?`, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM `+t.rows+` WHERE id = ?`, id)
	return err
}

func (postgresText) countPassages(ctx context.Context, q querier, expr string, lo, hi int64, limit int) (int, error) {
	ids, err := passageTable.match(ctx, q, expr, lo, hi, byID, limit, 0)
	return len(ids), err
}

func (postgresText) passageIDs(ctx context.Context, q querier, expr string, lo, hi int64, order matchOrder, limit, offset int) ([]int64, error) {
	return passageTable.match(ctx, q, expr, lo, hi, order, limit, offset)
}

func (postgresText) passagesByDate(ctx context.Context, q querier, expr string, lo, hi int64, limit, offset int) ([]int64, error) {
	ids, err := passageTable.match(ctx, q, expr, lo, hi, byID, rankAll, 0)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `
		SELECT m.id FROM search_passages m
		JOIN base_texts b ON b.id = m.base_text_id
		JOIN documents d ON d.id = b.document_id
		WHERE m.id = ANY(?)
		ORDER BY d.date, d.id, m.id LIMIT ? OFFSET ?`, ids, limit, offset)
	if err != nil {
		return nil, err
	}
	return scanColumn[int64](rows)
}

func (postgresText) noteMatches(ctx context.Context, q querier, expr string) (string, []any, error) {
	n, err := parseMatch(expr)
	if err != nil {
		return "", nil, err
	}
	ids, err := noteTable.ids(ctx, q, n, 0, math.MaxInt64, math.MaxInt32, 0)
	if err != nil {
		return "", nil, err
	}
	ranks, err := noteTable.bm25(ctx, q, n, ids)
	if err != nil {
		return "", nil, err
	}
	return `(SELECT * FROM unnest(?::bigint[], ?::float8[]) AS k(id, rank))`, []any{ids, ranks}, nil
}

// searchBegun has the search's statements planned for the values they are
// given: pgx prepares and caches statements, and after five runs
// PostgreSQL may plan one for any value, which takes a word in half the
// passages for a rare one (a nested loop of 50,000 index probes for a
// phrase of two common words) and an array of 3,000 ids for a short one.
// A search's alone: other statements' plans hardly depend on their values,
// and planning each again made note writes 2 to 2.7 times slower.
func (postgresText) searchBegun(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// match lists the rows from lo to hi that match expr, in order, from
// offset, up to limit.
func (t ftsTable) match(ctx context.Context, q querier, expr string, lo, hi int64, order matchOrder, limit, offset int) ([]int64, error) {
	n, err := parseMatch(expr)
	if err != nil {
		return nil, err
	}
	if order != byRank {
		return t.ids(ctx, q, n, lo, hi, limit, offset)
	}
	ids, err := t.ids(ctx, q, n, lo, hi, math.MaxInt32, 0)
	if err != nil {
		return nil, err
	}
	ranks, err := t.bm25(ctx, q, n, ids)
	if err != nil {
		return nil, err
	}
	at := make(map[int64]float64, len(ids))
	for i, id := range ids {
		at[id] = ranks[i]
	}
	slices.SortStableFunc(ids, func(a, b int64) int { // ids are in order: ties stay so
		switch {
		case at[a] < at[b]:
			return -1
		case at[a] > at[b]:
			return 1
		}
		return 0
	})
	ids = ids[min(offset, len(ids)):]
	return ids[:min(limit, len(ids))], nil
}

// ids runs n as SQL: the matching rows from lo to hi, by id.
func (t ftsTable) ids(ctx context.Context, q querier, n *matchNode, lo, hi int64, limit, offset int) ([]int64, error) {
	var args []any
	set := t.set(n, "t0.id BETWEEN ? AND ?", []any{lo, hi}, &args)
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT id FROM (`+set+`) m ORDER BY id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	return scanColumn[int64](rows)
}

// set is the SQL of the rows n matches, each row once per instance of a
// lone phrase: AND, OR and NOT as INTERSECT, UNION and EXCEPT of phrases.
// Every phrase is limited by the condition rows (on t0.id) with its
// arguments.
func (t ftsTable) set(n *matchNode, rows string, rowArgs []any, args *[]any) string {
	if n.op == "" {
		return t.phrase(n, rows, rowArgs, args)
	}
	op := map[string]string{"AND": "INTERSECT", "OR": "UNION", "NOT": "EXCEPT"}[n.op]
	left := t.set(n.kids[0], rows, rowArgs, args)
	right := t.set(n.kids[1], rows, rowArgs, args)
	return "(" + left + ") " + op + " (" + right + ")"
}

// phrase is the SQL of the instances of phrase n: one row (id) per
// position where its tokens follow one another in one of its columns.
func (t ftsTable) phrase(n *matchNode, rows string, rowArgs []any, args *[]any) string {
	if len(n.tokens) == 0 {
		return "SELECT NULL::bigint AS id WHERE false"
	}
	var from, where []string
	for i, tok := range n.tokens {
		a := "t" + strconv.Itoa(i)
		if i == 0 {
			from = append(from, t.tokens+" t0")
		} else {
			from = append(from, fmt.Sprintf("JOIN %s %s ON %s.id = t0.id AND %s.col = t0.col AND %s.pos = t0.pos + %d", t.tokens, a, a, a, a, i))
		}
		if n.prefix && i == len(n.tokens)-1 {
			where = append(where, a+".token >= ? AND "+a+".token < ?")
			*args = append(*args, tok, tok+"\U0010FFFF")
		} else {
			where = append(where, a+".token = ?")
			*args = append(*args, tok)
		}
	}
	if n.cols != nil {
		var nums []string
		for _, c := range n.cols {
			if k := slices.Index(t.cols, c); k >= 0 {
				nums = append(nums, strconv.Itoa(k))
			}
		}
		if len(nums) == 0 {
			return "SELECT NULL::bigint AS id WHERE false"
		}
		where = append(where, "t0.col IN ("+strings.Join(nums, ", ")+")")
	}
	where = append(where, rows)
	*args = append(*args, rowArgs...)
	return "SELECT t0.id FROM " + strings.Join(from, " ") + " WHERE " + strings.Join(where, " AND ")
}

// bm25 is FTS5's bm25() of each of ids, rows that match n: the sum over
// n's phrases of idf × f × (k1 + 1) / (f + k1 × (1 − b + b × D / avgdl)),
// negated so that the best comes first, with FTS5's k1, b and floor on
// idf, and its order of operations (the conversions keep Go from fusing a
// multiply and an add, which C does not either).
func (t ftsTable) bm25(ctx context.Context, q querier, n *matchNode, ids []int64) ([]float64, error) {
	const k1, b = 1.2, 0.75
	var nRow, nToken int64
	if err := q.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(size), 0) FROM `+t.rows).Scan(&nRow, &nToken); err != nil {
		return nil, err
	}
	avgdl := float64(nToken) / float64(nRow)
	size := map[int64]float64{}
	if err := scanPairs(q.QueryContext(ctx, `SELECT id, size FROM `+t.rows+` WHERE id = ANY(?)`, ids))(func(id, n int64) { size[id] = float64(n) }); err != nil {
		return nil, err
	}
	phrases := n.phrases()
	idf := make([]float64, len(phrases))
	freq := map[int64][]float64{}
	for _, id := range ids {
		freq[id] = make([]float64, len(phrases))
	}
	for i, ph := range phrases {
		var args []any
		var nHit int64
		if err := q.QueryRowContext(ctx, `SELECT count(DISTINCT id) FROM (`+t.phrase(ph, "true", nil, &args)+`) x`, args...).Scan(&nHit); err != nil {
			return nil, err
		}
		idf[i] = math.Log((float64(nRow-nHit) + 0.5) / (float64(nHit) + 0.5))
		if idf[i] <= 0 {
			idf[i] = 1e-6
		}
		args = nil
		inst := t.phrase(ph, "t0.id = ANY(?)", []any{ids}, &args)
		if err := scanPairs(q.QueryContext(ctx, `SELECT id, count(*) FROM (`+inst+`) x GROUP BY id`, args...))(func(id, n int64) { freq[id][i] = float64(n) }); err != nil {
			return nil, err
		}
	}
	out := make([]float64, len(ids))
	for j, id := range ids {
		d := size[id]
		var score float64
		for i := range phrases {
			f := freq[id][i]
			norm := float64(k1 * float64(1-b+float64(float64(b*d)/avgdl)))
			score += float64(idf[i] * float64(float64(f*(k1+1.0))/float64(f+norm)))
		}
		out[j] = -1.0 * score
	}
	return out, nil
}

// scanPairs reads rows of two integers into fn.
func scanPairs(rows *sql.Rows, err error) func(fn func(a, b int64)) error {
	return func(fn func(a, b int64)) error {
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a, b int64
			if err := rows.Scan(&a, &b); err != nil {
				return err
			}
			fn(a, b)
		}
		return rows.Err()
	}
}
