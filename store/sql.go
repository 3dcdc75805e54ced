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

// insertRows inserts rows (of the columns head names) a few hundred a
// statement: a statement per row is a round trip per row on PostgreSQL,
// and held the one write lock for seconds while a large document was
// indexed. tail follows the values (ON CONFLICT …).
func insertRows(ctx context.Context, tx *sql.Tx, head, tail string, rows [][]any) error {
	const most = 500 // 2,000 values: under either engine's limit on parameters
	for len(rows) > 0 {
		n := min(len(rows), most)
		values := strings.Repeat("("+placeholders(len(rows[0]))+"), ", n)
		args := make([]any, 0, n*len(rows[0]))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, head+" VALUES "+values[:len(values)-2]+" "+tail, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
