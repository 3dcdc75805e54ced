package store

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"sverka"
)

// openPostgres opens a pool of connections to the PostgreSQL database at
// url through pgx, whose statements are written as for SQLite: every ?
// placeholder becomes $1, $2, … on its way (rebind), so the store has one
// SQL for both engines.
func openPostgres(url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)}), nil
}

// rebindConnector hands out pgx connections that rebind placeholders.
type rebindConnector struct{ driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return rebindConn{conn.(*stdlib.Conn)}, nil
}

// rebindConn is a pgx connection whose queries are rebound.
type rebindConn struct{ *stdlib.Conn }

func (c rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := storable(args); err != nil {
		return nil, err
	}
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

// storable refuses a text PostgreSQL cannot hold, which SQLite takes as
// bytes: one that is not UTF-8 or holds a NUL. It is bad input (a
// validation error, 400), not a failure of the database.
func storable(args []driver.NamedValue) error {
	for _, a := range args {
		if s, ok := a.Value.(string); ok && (!utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0) {
			return sverka.Invalid("text", "the text given is not UTF-8, or holds a NUL character")
		}
	}
	return nil
}

// QueryContext reads the whole answer before it returns, as libpq does:
// the connection is then free for the next statement while the caller
// still walks the rows, as the store does on SQLite (an export walks the
// links and the annotations of each language side by side in one
// transaction), where pgx would find the connection busy.
func (c rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := storable(args); err != nil {
		return nil, err
	}
	rows, err := c.Conn.QueryContext(ctx, rebind(query), args)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	read := &readRows{columns: rows.Columns()}
	for {
		row := make([]driver.Value, len(read.columns))
		if err := rows.Next(row); errors.Is(err, io.EOF) {
			return read, nil
		} else if err != nil {
			return nil, err
		}
		for i, v := range row {
			if b, ok := v.([]byte); ok {
				row[i] = bytes.Clone(b)
			}
		}
		read.rows = append(read.rows, row)
	}
}

// readRows are the rows of an answer read whole.
type readRows struct {
	columns []string
	rows    [][]driver.Value
}

func (r *readRows) Columns() []string { return r.columns }

func (r *readRows) Close() error { return nil }

func (r *readRows) Next(dest []driver.Value) error {
	if len(r.rows) == 0 {
		return io.EOF
	}
	copy(dest, r.rows[0])
	r.rows = r.rows[1:]
	return nil
}

// rebind numbers the ? placeholders of query for PostgreSQL ($1, $2, …),
// leaving alone a ? inside a string, a quoted name or a comment.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(query[i+1:], c) + i + 2 // past the closing quote
			if end < i+2 {
				end = len(query)
			}
			b.WriteString(query[i:end])
			i = end - 1
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			end := strings.IndexByte(query[i:], '\n') + i
			if end < i {
				end = len(query)
			}
			b.WriteString(query[i:end])
			i = end - 1
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
