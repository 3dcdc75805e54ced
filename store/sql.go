package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"sverka"
)

// InsertSQL renders the statements that store d as a standalone SQL script,
// with its values spelled out as literals. It is how the seed migration is
// generated: the migration inserts exactly what CreateDocument would.
func InsertSQL(d *sverka.Document) (string, error) {
	if err := d.Validate(); err != nil {
		return "", err
	}
	var b strings.Builder
	for _, s := range documentStatements(d, false) {
		parts := strings.Split(s.query, "?")
		if len(parts) != len(s.args)+1 {
			return "", fmt.Errorf("insert sql: %d placeholders for %d values", len(parts)-1, len(s.args))
		}
		b.WriteString(parts[0])
		for i, a := range s.args {
			lit, err := sqlLiteral(a)
			if err != nil {
				return "", err
			}
			b.WriteString(lit)
			b.WriteString(parts[i+1])
		}
		b.WriteString(";\n")
	}
	return b.String(), nil
}

func sqlLiteral(v any) (string, error) {
	switch x := v.(type) {
	case string:
		if strings.ContainsRune(x, 0) {
			return "", fmt.Errorf("insert sql: a text contains a NUL character")
		}
		return "'" + strings.ReplaceAll(x, "'", "''") + "'", nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	default:
		return "", fmt.Errorf("insert sql: no literal for %T", v)
	}
}

// insertRows inserts rows (of the columns head names) many a statement:
// a statement per row is a round trip per row on PostgreSQL, and held the
// one write lock for seconds while a large document was indexed. tail
// follows the values (ON CONFLICT …).
func insertRows(ctx context.Context, tx *sql.Tx, head, tail string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	return insertTuples(ctx, tx, head, "("+placeholders(len(rows[0]))+")", tail, rows)
}

// insertTuples inserts rows, each given by tuple (a parenthesized list of
// expressions with a placeholder for each value of a row), several to a
// statement. The statements take 256, 64, 16, 4 or 1 rows, as many as the
// rows left fill, so that their texts come again and the connection's
// cache of prepared statements serves them: a statement for every other
// number of rows was compiled anew, and took as long as a statement per
// row. At most maxValues values go in one statement, under either
// engine's limit on parameters.
func insertTuples(ctx context.Context, tx *sql.Tx, head, tuple, tail string, rows [][]any) error {
	const maxValues = 2000
	for len(rows) > 0 {
		n := 256
		for n > 1 && n > min(len(rows), maxValues/max(len(rows[0]), 1)) {
			n /= 4
		}
		args := make([]any, 0, n*len(rows[0]))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		values := strings.Repeat(tuple+", ", n)
		if _, err := tx.ExecContext(ctx, head+" VALUES "+values[:len(values)-2]+" "+tail, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// insertStatements runs inserts given one row a statement (INSERT INTO t
// (…) VALUES (…)), those of one query together, several rows a statement
// (insertTuples), in the order in which each query first comes. That
// order keeps a row after the rows its subqueries look up as long as
// each query comes first after the queries of the rows it looks up, as in
// documentStatements (a document's links, then their segments); each
// table's rows keep their order, and so their ids.
func insertStatements(ctx context.Context, tx *sql.Tx, list []statement) error {
	var queries []string
	rows := map[string][][]any{}
	for _, s := range list {
		if _, ok := rows[s.query]; !ok {
			queries = append(queries, s.query)
		}
		rows[s.query] = append(rows[s.query], s.args)
	}
	for _, q := range queries {
		head, tuple, ok := strings.Cut(q, " VALUES ")
		if !ok {
			return fmt.Errorf("insert: %q inserts no values", q)
		}
		if err := insertTuples(ctx, tx, head, tuple, "", rows[q]); err != nil {
			return err
		}
	}
	return nil
}
