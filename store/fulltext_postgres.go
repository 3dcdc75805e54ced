package store

import (
	"cmp"
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
// with its column and position, found through a btree on the token; and,
// as FTS5 keeps them, the number of rows and of tokens of each index in
// fts_totals (000033). A match expression is parsed (fulltext_expr.go)
// and run as set operations on those rows, each step of a search one
// statement; bm25 is computed as FTS5's bm25() computes it.
type postgresText struct{}

// ftsTable is one index: the table of rows and sizes (its name is its row
// in fts_totals), the table of tokens, the names of its columns in the
// order of their numbers, and the SQL of the key that orders rows of equal
// rank (of a row id m.id) before their ids.
type ftsTable struct {
	rows, tokens, pairs string
	cols                []string
	tie                 string
}

var (
	passageTable = ftsTable{"passage_keys", "passage_tokens", "passage_pairs", []string{"ru", "en", "keys", "meta"},
		"(SELECT document_id FROM search_documents WHERE seq = m.id >> 32)"}
	noteTable = ftsTable{"note_keys", "note_tokens", "note_pairs", []string{"keys"}, "''"}
)

func (postgresText) putPassages(ctx context.Context, tx *sql.Tx, ps []keyedPassage) error {
	ids, texts := make([]int64, len(ps)), make([]map[string]string, len(ps))
	for i, p := range ps {
		ids[i], texts[i] = p.id, map[string]string{p.col: p.keys, "meta": p.meta}
	}
	return passageTable.put(ctx, tx, ids, texts)
}

func (postgresText) deletePassages(ctx context.Context, tx *sql.Tx, ids []int64) error {
	return passageTable.delete(ctx, tx, ids)
}

func (postgresText) putNote(ctx context.Context, tx *sql.Tx, id int64, keys string) error {
	return noteTable.put(ctx, tx, []int64{id}, []map[string]string{{"keys": keys}})
}

func (postgresText) deleteNote(ctx context.Context, tx *sql.Tx, id int64) error {
	return noteTable.delete(ctx, tx, []int64{id})
}

// put indexes the rows ids: the tokens of each column's text, and their
// pairs (a row of the pairs table per two tokens that follow each other,
// the two as one token "a b" at the place of the first, so that a phrase
// is found by its pairs, each far rarer than its words: "в и" is in 1,831
// pairs, where a join of its words read 29,713 and 56,172 rows); and
// counts the tokens in the totals: one statement.
func (t ftsTable) put(ctx context.Context, tx *sql.Tx, ids []int64, texts []map[string]string) error {
	var sizes []int32
	var one, two tokenRows
	for r, id := range ids {
		size := 0
		for c, name := range t.cols {
			toks := ftsTokens(texts[r][name])
			for i, tok := range toks {
				one.add(id, c, i, tok)
				if i > 0 {
					two.add(id, c, i-1, toks[i-1]+" "+tok)
				}
			}
			size += len(toks)
		}
		sizes = append(sizes, int32(size))
	}
	_, err := tx.ExecContext(ctx, `
		WITH k AS (INSERT INTO `+t.rows+` (id, size) SELECT * FROM unnest(?::bigint[], ?::integer[])),
		     t AS (INSERT INTO `+t.tokens+` (id, col, pos, token) SELECT * FROM unnest(?::bigint[], ?::smallint[], ?::integer[], ?::text[])),
		     p AS (INSERT INTO `+t.pairs+` (id, col, pos, token) SELECT * FROM unnest(?::bigint[], ?::smallint[], ?::integer[], ?::text[]))
		UPDATE fts_totals SET n_rows = n_rows + ?, n_tokens = n_tokens + ? WHERE name = ?`,
		ids, sizes, one.ids, one.cols, one.pos, one.tokens, two.ids, two.cols, two.pos, two.tokens, len(ids), len(one.ids), t.rows)
	return err
}

// tokenRows are rows of a tokens or pairs table, a column each.
type tokenRows struct {
	ids    []int64
	cols   []int16
	pos    []int32
	tokens []string
}

func (r *tokenRows) add(id int64, col, pos int, token string) {
	r.ids, r.cols, r.pos, r.tokens = append(r.ids, id), append(r.cols, int16(col)), append(r.pos, int32(pos)), append(r.tokens, token)
}

// delete takes the rows ids out, and out of the totals: one statement.
func (t ftsTable) delete(ctx context.Context, tx *sql.Tx, ids []int64) error {
	_, err := tx.ExecContext(ctx, `
		WITH t AS (DELETE FROM `+t.tokens+` WHERE id = ANY(?)),
		     p AS (DELETE FROM `+t.pairs+` WHERE id = ANY(?)),
		     k AS (DELETE FROM `+t.rows+` WHERE id = ANY(?) RETURNING size)
		UPDATE fts_totals SET n_rows = n_rows - (SELECT count(*) FROM k), n_tokens = n_tokens - (SELECT coalesce(sum(size), 0) FROM k)
		WHERE name = ?`, ids, ids, ids, t.rows)
	return err
}

// countPassages counts every expression in one statement.
func (postgresText) countPassages(ctx context.Context, q querier, exprs []string, lo, hi int64, limits []int) ([]int, error) {
	var args []any
	var counts []string
	most := map[string]int{} // an expression counted twice is counted once, to the higher limit
	for i, expr := range exprs {
		most[expr] = max(most[expr], limits[i])
	}
	at := map[string]int{}
	for _, expr := range exprs {
		if _, ok := at[expr]; ok {
			continue
		}
		n, err := parseMatch(expr)
		if err != nil {
			return nil, err
		}
		set := passageTable.set(n, "t0.id BETWEEN ? AND ?", []any{lo, hi}, &args)
		at[expr] = len(counts)
		counts = append(counts, `(SELECT count(*) FROM (SELECT DISTINCT id FROM (`+set+`) m LIMIT ?) c)`)
		args = append(args, most[expr])
	}
	found := make([]int, len(counts))
	dest := make([]any, len(counts))
	for i := range found {
		dest[i] = &found[i]
	}
	if err := q.QueryRowContext(ctx, `SELECT `+strings.Join(counts, ", "), args...).Scan(dest...); err != nil {
		return nil, err
	}
	out := make([]int, len(exprs))
	for i, expr := range exprs {
		out[i] = min(found[at[expr]], limits[i])
	}
	return out, nil
}

func (postgresText) passageIDs(ctx context.Context, q querier, expr string, lo, hi int64, order matchOrder, limit, offset int) ([]int64, error) {
	n, err := parseMatch(expr)
	if err != nil {
		return nil, err
	}
	if order != byRank {
		return passageTable.ids(ctx, q, n, lo, hi, limit, offset)
	}
	ranked, err := passageTable.ranked(ctx, q, n, lo, hi)
	if err != nil {
		return nil, err
	}
	ranked = ranked[min(offset, len(ranked)):]
	ids := make([]int64, min(limit, len(ranked)))
	for i := range ids {
		ids[i] = ranked[i].id
	}
	return ids, nil
}

// passagesInOrder is one statement: few matches are found and sorted;
// many are found a document at a time, in order, until the page is full.
func (postgresText) passagesInOrder(ctx context.Context, q querier, expr string, lo, hi int64, byDate, many bool, limit, offset int) ([]int64, error) {
	n, err := parseMatch(expr)
	if err != nil {
		return nil, err
	}
	order := "d.id"
	if byDate {
		order = "d.date, d.id"
	}
	var args []any
	var query string
	if many {
		set := passageTable.set(n, "t0.id BETWEEN (sd.seq << 32) AND (sd.seq << 32 | 4294967295) AND t0.id BETWEEN ? AND ?", []any{lo, hi}, &args)
		query = `SELECT m.id FROM search_documents sd JOIN documents d ON d.id = sd.document_id
			CROSS JOIN LATERAL (SELECT DISTINCT id FROM (` + set + `) s) m
			WHERE sd.seq BETWEEN ? AND ?`
	} else {
		set := passageTable.set(n, "t0.id BETWEEN ? AND ?", []any{lo, hi}, &args)
		query = `SELECT m.id FROM (SELECT DISTINCT id FROM (` + set + `) s) m
			JOIN search_documents sd ON sd.seq = m.id >> 32 JOIN documents d ON d.id = sd.document_id
			WHERE sd.seq BETWEEN ? AND ?`
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY `+order+`, m.id LIMIT ? OFFSET ?`, append(args, lo>>32, hi>>32, limit, offset)...)
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
	ranked, err := noteTable.ranked(ctx, q, n, 0, math.MaxInt64)
	if err != nil {
		return "", nil, err
	}
	ids, ranks := make([]int64, len(ranked)), make([]float64, len(ranked))
	for i, r := range ranked {
		ids[i], ranks[i] = r.id, r.rank
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

// rankedRow is a row that matches, its rank and the key of its ties.
type rankedRow struct {
	id   int64
	tie  string
	rank float64
}

// ranked is the rows from lo to hi that match n, best first (FTS5's
// bm25()), ties by their tie key, then id. One statement finds the
// instances of each phrase once, in the whole index (n's phrases are few
// there: it ranks selective terms only), and the rows from lo to hi that
// match from them; it answers, as rows of four columns told apart by the
// first, the index's totals (-1), each row that matches with its tie key
// and size (0), and the rows each phrase i is in with its instances there
// (i+1): no join between the parts, whose sizes the planner cannot know.
func (t ftsTable) ranked(ctx context.Context, q querier, n *matchNode, lo, hi int64) ([]rankedRow, error) {
	var args []any
	var with []string
	parts := []string{"SELECT -1, n_rows, '', n_tokens FROM fts_totals WHERE name = '" + t.rows + "'"}
	phrases := n.phrases()
	for i, ph := range phrases {
		p := "p" + strconv.Itoa(i)
		with = append(with, p+" AS MATERIALIZED ("+t.phrase(ph, "true", nil, &args)+")")
		parts = append(parts, "SELECT "+strconv.Itoa(i+1)+", id, '', count(*) FROM "+p+" GROUP BY id")
	}
	next := 0
	set := t.setOf(n, func(*matchNode) string {
		next++
		return "SELECT id FROM p" + strconv.Itoa(next-1) + " WHERE id BETWEEN ? AND ?"
	})
	for range phrases {
		args = append(args, lo, hi)
	}
	parts = append(parts, "SELECT 0, m.id, "+t.tie+", k.size FROM (SELECT DISTINCT id FROM ("+set+") s) m JOIN "+t.rows+" k ON k.id = m.id")
	rows, err := q.QueryContext(ctx, "WITH "+strings.Join(with, ", ")+" "+strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rankedRow
	var sizes []int64
	var nRow, nToken int64
	hits, freq := make([]int64, len(phrases)), make([]map[int64]int64, len(phrases))
	for i := range freq {
		freq[i] = map[int64]int64{}
	}
	for rows.Next() {
		var kind int
		var id, v int64
		var tie string
		if err := rows.Scan(&kind, &id, &tie, &v); err != nil {
			return nil, err
		}
		switch {
		case kind < 0:
			nRow, nToken = id, v
		case kind == 0:
			out, sizes = append(out, rankedRow{id: id, tie: tie}), append(sizes, v)
		default:
			hits[kind-1]++
			freq[kind-1][id] = v
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	f := make([]int64, len(phrases))
	for j := range out {
		for i := range f {
			f[i] = freq[i][out[j].id]
		}
		out[j].rank = bm25(float64(sizes[j]), float64(nToken)/float64(nRow), nRow, hits, f)
	}
	slices.SortFunc(out, func(a, b rankedRow) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), strings.Compare(a.tie, b.tie), cmp.Compare(a.id, b.id))
	})
	return out, nil
}

// bm25 is FTS5's bm25() of a row of d tokens, in an index of nRow rows of
// avgdl tokens on average, of which hits[i] hold phrase i, freq[i] times
// in this row: the sum over the phrases of idf × f × (k1 + 1) / (f + k1 ×
// (1 − b + b × d / avgdl)), negated so that the best comes first, with
// FTS5's k1, b and floor on idf, and its order of operations (the
// conversions keep Go from fusing a multiply and an add, which C does not
// either).
func bm25(d, avgdl float64, nRow int64, hits, freq []int64) float64 {
	const k1, b = 1.2, 0.75
	var score float64
	for i := range hits {
		idf := math.Log((float64(nRow-hits[i]) + 0.5) / (float64(hits[i]) + 0.5))
		if idf <= 0 {
			idf = 1e-6
		}
		f := float64(freq[i])
		norm := float64(k1 * float64(1-b+float64(float64(b*d)/avgdl)))
		score += float64(idf * float64(float64(f*(k1+1.0))/float64(f+norm)))
	}
	return -1.0 * score
}

// set is the SQL of the rows n matches, each row once per instance of a
// lone phrase: AND, OR and NOT as INTERSECT, UNION and EXCEPT of phrases.
// Every phrase is limited by the condition rows (on t0.id) with its
// arguments.
func (t ftsTable) set(n *matchNode, rows string, rowArgs []any, args *[]any) string {
	return t.setOf(n, func(ph *matchNode) string { return t.phrase(ph, rows, rowArgs, args) })
}

// setOf is set with the SQL of each phrase from leaf.
func (t ftsTable) setOf(n *matchNode, leaf func(*matchNode) string) string {
	if n.op == "" {
		return leaf(n)
	}
	op := map[string]string{"AND": "INTERSECT", "OR": "UNION", "NOT": "EXCEPT"}[n.op]
	left := t.setOf(n.kids[0], leaf)
	right := t.setOf(n.kids[1], leaf)
	return "(" + left + ") " + op + " (" + right + ")"
}

// phrase is the SQL of the instances of phrase n: one row (id) per
// position where its tokens follow one another in one of its columns,
// found by its pairs of tokens when it has more than one (put).
func (t ftsTable) phrase(n *matchNode, rows string, rowArgs []any, args *[]any) string {
	if len(n.tokens) == 0 {
		return "SELECT NULL::bigint AS id WHERE false"
	}
	grams, table := n.tokens, t.tokens
	if len(n.tokens) > 1 {
		grams, table = make([]string, len(n.tokens)-1), t.pairs
		for i := range grams {
			grams[i] = n.tokens[i] + " " + n.tokens[i+1]
		}
	}
	var from, where []string
	for i, g := range grams {
		a := "t" + strconv.Itoa(i)
		if i == 0 {
			from = append(from, table+" t0")
		} else {
			from = append(from, fmt.Sprintf("JOIN %s %s ON %s.id = t0.id AND %s.col = t0.col AND %s.pos = t0.pos + %d", table, a, a, a, a, i))
		}
		if n.prefix && i == len(grams)-1 {
			where = append(where, a+".token >= ? AND "+a+".token < ?")
			*args = append(*args, g, g+"\U0010FFFF")
		} else {
			where = append(where, a+".token = ?")
			*args = append(*args, g)
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
