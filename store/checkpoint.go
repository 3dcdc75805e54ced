package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

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
// journalSizeLimit: checkpoints copy it into the database after commits
// (checkpointSoon) but cannot start it over while readers keep
// overlapping, so under a steady read load it would grow without end.
// Checkpoint first copies what it can without the write lock, as those
// do; then it takes the write lock, which every writer waits for, only to
// copy the few pages written since and to start the log over, waiting a
// moment at most (truncateWait) for readers, and otherwise gives up until
// the next call. The server calls it every few seconds.
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
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", truncateWait.Milliseconds())); err != nil {
		return WAL{Bytes: size}, fmt.Errorf("checkpoint: %w", err)
	}
	var busy, logFrames, copied int
	for _, mode := range []string{"PASSIVE", "TRUNCATE"} {
		if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &logFrames, &copied); err != nil {
			return WAL{Bytes: size}, fmt.Errorf("checkpoint: %w", err)
		}
	}
	size, err = walSize(db.path)
	return WAL{Bytes: size, Busy: busy != 0}, err
}

// truncateWait is how long Checkpoint waits with the write lock for
// readers to leave the log, and so at most how long it keeps writes
// waiting: with 200 ms, and the whole log copied under the write lock, a
// note waited 200 to 300 ms for it while an import grew the log.
const truncateWait = 20 * time.Millisecond

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

// startCheckpoints starts the loop that copies the write-ahead log into
// the database after commits (checkpointSoon), a passive checkpoint at a
// time on the checkpointer's connection, so that writers go on meanwhile;
// Close stops it. SQLite's automatic checkpoint, which the writer
// connection has off, ran inside a commit whenever the log held more than
// 1,000 pages, which under a steady read load it always does: each commit
// then copied and synced the log while holding the one writer connection,
// and every write waited for it (commits of a note took up to 1.6 s under
// the mixed load, 32 clients, 70/20/10). An import's commits held its bulk
// turn (turn_linux.go) through it, so that a server's writes waited for it
// too. Durability is the same: a commit is in the log as before, and a
// checkpoint syncs the log before it copies it, wherever it runs.
func (db *DB) startCheckpoints() {
	db.checkpointDue = make(chan struct{}, 1)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-db.checkpointDue:
				// A failure leaves the log to the next checkpoint, this
				// process's or another's.
				db.checkpointer.Exec("PRAGMA wal_checkpoint(PASSIVE)")
			}
		}
	}()
	// As the indexer is stopped (stopIndexer); Close may come twice (a
	// test's own and its cleanup's), and a second stop does nothing.
	db.stopCheckpoints = func() {
		stop()
		<-done
	}
}

// checkpointSoon has the log copied after a commit. One checkpoint waiting
// to start copies every commit before it, so a commit that finds one
// waiting leaves it at that.
func (db *DB) checkpointSoon() {
	if db.checkpointDue == nil { // PostgreSQL keeps its own log
		return
	}
	select {
	case db.checkpointDue <- struct{}{}:
	default:
	}
}
