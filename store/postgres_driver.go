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
// SQL for both engines. With cursors set, a query inside a transaction is
// read through a cursor, a page of rows at a time (the export pool: see
// cursorRows); otherwise each answer is read whole (readAll).
func openPostgres(url string, cursors bool) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg), cursors}), nil
}

// rebindConnector hands out pgx connections that rebind placeholders.
type rebindConnector struct {
	driver.Connector
	cursors bool
}

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &rebindConn{Conn: conn.(*stdlib.Conn), cursors: c.cursors}, nil
}

// rebindConn is a pgx connection whose queries are rebound.
type rebindConn struct {
	*stdlib.Conn
	cursors bool // read a transaction's answers through cursors
	inTx    bool
	// declared counts the cursors of the transaction; free are the names
	// of those closed, to be used again (a statement cached once).
	declared int
	free     []string
}

func (c *rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c *rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c *rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := storable(args); err != nil {
		return nil, err
	}
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

// BeginTx begins a transaction, whose end closes its cursors.
func (c *rebindConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	c.inTx, c.declared, c.free = true, 0, nil
	return endingTx{tx, c}, nil
}

// endingTx is a transaction that tells its connection when it ends.
type endingTx struct {
	driver.Tx
	c *rebindConn
}

func (t endingTx) Commit() error {
	t.c.inTx = false
	return t.Tx.Commit()
}

func (t endingTx) Rollback() error {
	t.c.inTx = false
	return t.Tx.Rollback()
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

// QueryContext answers a query so that the connection is free for the
// next statement while the caller still walks the rows, as the store does
// on SQLite (an export walks the links and the annotations of each
// language side by side in one transaction), where pgx would find the
// connection busy: through a cursor on a connection that reads so, inside
// a transaction, or else read whole before it returns, as libpq does.
func (c *rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := storable(args); err != nil {
		return nil, err
	}
	if c.cursors && c.inTx {
		return c.declare(ctx, rebind(query), args)
	}
	return c.readAll(ctx, rebind(query), args)
}

// readAll reads the whole answer to a rebound query.
func (c *rebindConn) readAll(ctx context.Context, query string, args []driver.NamedValue) (*readRows, error) {
	rows, err := c.Conn.QueryContext(ctx, query, args)
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
	r.rows[0] = nil // its values go with the caller
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
