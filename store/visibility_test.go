package store

import (
	"database/sql"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/mattn/go-sqlite3"

	"sverka/internal/pgtest"
)

// compiles counts the statements the connections of driver
// "sqlite3-compiles" compile: SQLite asks the authorizer once for each
// table a statement reads while it compiles it, and not when it runs it.
var compiles atomic.Int64

func init() {
	sql.Register("sqlite3-compiles", &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		c.RegisterAuthorizer(func(op int, table, _, _ string) int {
			if op == sqlite3.SQLITE_READ && table == "annotations" {
				compiles.Add(1)
			}
			return sqlite3.SQLITE_OK
		})
		return nil
	}})
}

// TestVisibleAnnotationsCompiledOnce: a statement that reads the
// annotations a viewer may see is compiled once, not again for each viewer
// or document bound to it. SQLite recompiles a statement on every bind when
// a bound value might change its plan; a.creator = ? beside the partial
// indexes on annotations made the orphan count of every reading view
// (store/orphan.go) ten times the cost of running it.
func TestVisibleAnnotationsCompiledOnce(t *testing.T) {
	if pgtest.On() {
		t.Skip("SQLite only")
	}
	db := openTest(t)
	conn, err := sql.Open("sqlite3-compiles", dsn(db.path, "mode=ro"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	q, args := orphanCount("d.id", 0)
	stmt, err := conn.Prepare(`SELECT ` + q + ` FROM documents d WHERE d.id = ?`)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	for i, id := range []string{"117313", "1", "2"} {
		before := compiles.Load()
		rows, err := stmt.Query(append(args, id)...)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			t.Fatal(err)
		}
		if got := compiles.Load() - before; i > 0 && got > 0 {
			t.Errorf("document %s: the orphan count compiled again (%d reads of annotations authorized)", id, got)
		}
	}
}
