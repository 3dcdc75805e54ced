package store

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"sverka/internal/pgtest"
)

// ballast writes n MiB of incompressible data in n transactions.
func ballast(t *testing.T, db *DB, n int) {
	t.Helper()
	ctx := context.Background()
	for range n {
		err := db.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS ballast (b BLOB)`); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO ballast VALUES (randomblob(1048576))`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// holdReader starts a read transaction that sees the database as it is now,
// as a slow export did, and returns the function that ends it.
func holdReader(t *testing.T, db *DB) func() {
	t.Helper()
	tx, err := db.reader.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM documents`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return func() { tx.Rollback() }
}

func walBytes(t *testing.T, db *DB) int64 {
	t.Helper()
	n, err := walSize(db.path)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWALShrinksAfterALongReader writes 48 MiB while a reader holds an old
// snapshot, so the write-ahead log must grow; once the reader is gone, a few
// ordinary writes, each checkpointed after it, must bring the log back under
// the journal size limit instead of leaving the file at its largest.
func TestWALShrinksAfterALongReader(t *testing.T) {
	pgtest.SkipOn(t)
	db := openTest(t)
	release := holdReader(t, db)
	ballast(t, db, 48)
	if n := walBytes(t, db); n < 48<<20 {
		t.Fatalf("the log is %d bytes behind a reader after 48 MiB of writes, want more", n)
	}
	release()
	for deadline := time.Now().Add(10 * time.Second); ; {
		ballast(t, db, 1)
		n := walBytes(t, db)
		if n <= journalSizeLimit {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the log is %d MiB 10 s after the reader is gone, want at most %d MiB", n>>20, journalSizeLimit>>20)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestCheckpointEmptiesTheLog grows the log past the limit behind a reader:
// a checkpoint then gives up quickly (writers wait for it), and empties the
// log once the reader is gone.
func TestCheckpointEmptiesTheLog(t *testing.T) {
	pgtest.SkipOn(t)
	ctx := context.Background()
	db := openTest(t)
	release := holdReader(t, db)
	ballast(t, db, 24)
	start := time.Now()
	wal, err := db.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); !wal.Busy || took > 2*time.Second {
		t.Errorf("checkpoint behind a reader: got %+v after %v, want busy, quickly", wal, took)
	}
	release()
	wal, err = db.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if wal.Busy || wal.Bytes != 0 || walBytes(t, db) != 0 {
		t.Errorf("checkpoint with no reader: got %+v, want an empty log", wal)
	}
}

// TestCommitLeavesCheckpointToCheckpointer writes 8 MiB, twice SQLite's
// automatic checkpoint's threshold, while the checkpointer's connection is
// busy: the commits must leave the log to it and write nothing into the
// database file themselves (a commit that checkpointed held the one writer
// connection while it copied and synced, and every write waited). Once the
// checkpointer is free, it copies the log.
func TestCommitLeavesCheckpointToCheckpointer(t *testing.T) {
	pgtest.SkipOn(t)
	db := openTest(t)
	dbBytes := func() int64 {
		fi, err := os.Stat(db.path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	busy, err := db.checkpointer.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	before := dbBytes()
	ballast(t, db, 8)
	if after := dbBytes(); after != before {
		t.Errorf("the database file grew from %d to %d bytes in commits, want the log to hold them", before, after)
	}
	busy.Close()
	for deadline := time.Now().Add(10 * time.Second); dbBytes() < before+8<<20; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the database file is %d bytes 10 s after the checkpointer was free, want at least %d", dbBytes(), before+8<<20)
		}
	}
}
