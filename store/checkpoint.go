package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/mattn/go-sqlite3"
)

// journalSizeLimit is the size the write-ahead log is cut back to once it
// has been copied into the database: a burst of writes, or a long reader,
// may grow it, but it does not stay that large.
const journalSizeLimit = 16 << 20

// driverName is the SQLite driver every connection of the store uses: the
// mattn driver, with the journal size limit set on each new connection
// (a per-connection setting the DSN cannot carry).
const driverName = "sqlite3-sverka"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec(fmt.Sprintf("PRAGMA journal_size_limit = %d", journalSizeLimit), nil)
		return err
	}})
}

// WAL describes the write-ahead log after a checkpoint.
type WAL struct {
	// Bytes is the size of the log file.
	Bytes int64
	// Busy is true when a reader still needed the log, so it could not be
	// emptied this time.
	Busy bool
}

// Checkpoint empties the write-ahead log when it has grown past
// journalSizeLimit: SQLite's automatic checkpoints copy it into the
// database after each commit but cannot start it over while readers keep
// overlapping, so under a steady read load it would grow without end.
// Checkpoint waits a moment at most for the writer and for readers, then
// gives up until the next call; writers wait for it meanwhile. The server
// calls it every few seconds.
func (db *DB) Checkpoint(ctx context.Context) (WAL, error) {
	if db.checkpointer == nil { // PostgreSQL keeps its own log
		return WAL{}, nil
	}
	size, err := walSize(db.path)
	if err != nil || size <= journalSizeLimit {
		return WAL{Bytes: size}, err
	}
	conn, err := db.checkpointer.Conn(ctx)
	if err != nil {
		return WAL{Bytes: size}, fmt.Errorf("checkpoint: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 200"); err != nil {
		return WAL{Bytes: size}, fmt.Errorf("checkpoint: %w", err)
	}
	var busy, logFrames, copied int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &copied); err != nil {
		return WAL{Bytes: size}, fmt.Errorf("checkpoint: %w", err)
	}
	size, err = walSize(db.path)
	return WAL{Bytes: size, Busy: busy != 0}, err
}

// walSize is the size of the write-ahead log of the database at path.
func walSize(path string) (int64, error) {
	fi, err := os.Stat(path + "-wal")
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("write-ahead log: %w", err)
	}
	return fi.Size(), nil
}

// checkpointSoon copies the write-ahead log into the database after a
// commit of a Yielding process (an import), on a goroutine of its own
// unless one is at it already (passive: writers go on meanwhile).
// SQLite's automatic checkpoint, which its writer connection has off, would
// run inside the commit while the process still held its bulk turn
// (turn_linux.go), so that a server's writes waited for it too (60 to 130
// ms under load); checkpointing as often, a server's own commit, which
// does checkpoint, finds little of the import's left to copy.
func (db *DB) checkpointSoon() {
	if db.checkpointer == nil || !db.checkpointing.CompareAndSwap(false, true) {
		return
	}
	db.checkpoints.Add(1)
	go func() {
		defer db.checkpoints.Done()
		// A failure leaves the log to the next checkpoint, this process's
		// or another's.
		db.checkpointer.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		db.checkpointing.Store(false)
	}()
}
