package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Copied is what CopyDB moved.
type Copied struct {
	// Rows counts the rows of the complete archive, by table.
	Rows map[string]int
	// Images counts the page images copied between image stores.
	Images int
}

// CopyDB copies everything in the database from into the database to,
// which must be new or hold nothing but what the migrations put in (no
// account, no entry in the audit trail): documents, texts, derivation,
// alignment and its history, annotations with their versions, accounts
// with roles, password hashes, tokens and sessions, the audit trail, the
// scans' records and their images. It goes through the complete archive
// (Dump): a snapshot of from is loaded into to, then to is dumped again and
// must hold the very same rows; otherwise the error says what differs
// (*ArchiveDifference). Nothing may write to to meanwhile.
func CopyDB(ctx context.Context, from, to string) (Copied, error) {
	if from == to {
		return Copied{}, fmt.Errorf("copy: %s is both the source and the target", from)
	}
	if _, err := os.Stat(from); err != nil && !isPostgres(from) {
		return Copied{}, fmt.Errorf("copy: the source: %w", err)
	}
	snapshot, err := os.CreateTemp("", "sverka-copy-*.jsonl") // 0600: it holds password hashes
	if err != nil {
		return Copied{}, fmt.Errorf("copy: %w", err)
	}
	defer os.Remove(snapshot.Name())
	defer snapshot.Close()
	src, err := Open(ctx, from)
	if err != nil {
		return Copied{}, err
	}
	err = src.Dump(ctx, snapshot)
	src.Close()
	if err != nil {
		return Copied{}, err
	}
	if err := loadInto(ctx, snapshot.Name(), to); err != nil {
		return Copied{}, err
	}
	var copied Copied
	if !isPostgres(from) && !isPostgres(to) { // on PostgreSQL the images are where --images says
		if copied.Images, err = copyImages(from, to); err != nil {
			return copied, fmt.Errorf("copy: images: %w", err)
		}
	}
	copied.Rows, err = verifyCopy(ctx, snapshot.Name(), to)
	return copied, err
}

// loadInto loads the complete archive in the file snapshot into the
// database at path, which must be new or fresh. On a SQLite file it holds
// the database alone meanwhile, and puts the loaded copy in place only
// once whole; on PostgreSQL the load is one transaction.
func loadInto(ctx context.Context, snapshot, path string) error {
	f, err := os.Open(snapshot)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	defer f.Close()
	if isPostgres(path) {
		db, err := Open(ctx, path)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := checkFresh(ctx, db.reader, "the PostgreSQL database"); err != nil {
			return err
		}
		return db.loadDumpPostgres(ctx, f)
	}
	lock, err := lockDatabase(path, true)
	if err != nil {
		return err
	}
	defer lock.release()
	if _, err := os.Stat(path); err == nil {
		conn, err := sql.Open(driverName, dsn(path))
		if err != nil {
			return fmt.Errorf("copy: the target: %w", err)
		}
		err = checkFresh(ctx, conn, filepath.Base(path))
		conn.Close()
		if err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("copy: the target: %w", err)
	}
	partial := path + ".copying"
	os.Remove(partial)
	if err := LoadDump(ctx, f, partial); err != nil {
		os.Remove(partial)
		return err
	}
	for _, old := range []string{path, path + "-wal", path + "-shm"} { // nothing but the migrations' rows
		if err := os.Remove(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("copy: %w", err)
		}
	}
	if err := os.Rename(partial, path); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	return syncDir(path)
}

// checkFresh makes sure the target database, named name, holds nothing a
// person made: no account and nothing in the audit trail, which every
// change writes to.
func checkFresh(ctx context.Context, q querier, name string) error {
	var made bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM changes)`).Scan(&made); err != nil {
		return fmt.Errorf("copy: the target %s is not a Sverka database: %w", name, err)
	}
	if made {
		return fmt.Errorf("copy: the target %s already holds accounts or changes; copy into a new or freshly migrated database: %w", name, ErrNotEmpty)
	}
	return nil
}

// ErrNotEmpty means a copy's target holds more than a new database does.
var ErrNotEmpty = errors.New("the target database is not empty")
