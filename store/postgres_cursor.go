package store

import (
	"context"
	"database/sql/driver"
	"io"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// pageRows is how many rows a cursor fetches at a time: what an answer
// read through a cursor holds in memory at most.
const pageRows = 256

// cursorRows is an answer read through a cursor of the transaction, a page
// of rows at a time, so that a query with many rows (an export's links,
// annotations, history, a table of the complete archive) takes memory for
// a page only, while other statements of the transaction, and other
// cursors, run between its pages: pgx cannot leave an answer half read
// while the connection runs another statement, a cursor can.
type cursorRows struct {
	conn *rebindConn
	ctx  context.Context
	name string
	page *readRows
	done bool // the cursor gave its last row and is closed
}

// declare opens a cursor over a rebound query and reads its first page.
func (c *rebindConn) declare(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	var name string
	if n := len(c.free); n > 0 {
		name, c.free = c.free[n-1], c.free[:n-1]
	} else {
		c.declared++
		name = "sverka_rows_" + strconv.Itoa(c.declared)
	}
	if _, err := c.Conn.ExecContext(ctx, "DECLARE "+name+" NO SCROLL CURSOR FOR "+query, args); err != nil {
		return nil, err
	}
	r := &cursorRows{conn: c, ctx: ctx, name: name}
	if err := r.fetch(); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// fetch reads the next page; a short one is the last, and the cursor is
// closed at once. FETCH goes by the simple protocol: its statement is the
// same for every cursor of a name, its columns are not, so pgx must not
// keep its description.
func (r *cursorRows) fetch() error {
	simple := []driver.NamedValue{{Ordinal: 1, Value: pgx.QueryExecModeSimpleProtocol}}
	page, err := r.conn.readAll(r.ctx, "FETCH FORWARD "+strconv.Itoa(pageRows)+" FROM "+r.name, simple)
	if err != nil {
		return err
	}
	r.page = page
	if len(page.rows) < pageRows {
		return r.Close()
	}
	return nil
}

func (r *cursorRows) Columns() []string { return r.page.columns }

func (r *cursorRows) Next(dest []driver.Value) error {
	if len(r.page.rows) == 0 {
		if r.done {
			return io.EOF
		}
		if err := r.fetch(); err != nil {
			return err
		}
		if len(r.page.rows) == 0 {
			return io.EOF
		}
	}
	return r.page.Next(dest)
}

// Close closes the cursor, whose name is then free again; at the end of
// the transaction its cursors are gone anyway.
func (r *cursorRows) Close() error {
	if r.done {
		return nil
	}
	r.done = true
	if !r.conn.inTx {
		return nil
	}
	if _, err := r.conn.Conn.ExecContext(context.WithoutCancel(r.ctx), "CLOSE "+r.name, nil); err != nil {
		return err
	}
	r.conn.free = append(r.conn.free, r.name)
	return nil
}
