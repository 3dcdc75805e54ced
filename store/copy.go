package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"sverka"
)

// Copied is what CopyDB moved.
type Copied struct {
	// Rows counts the rows of the complete archive, by table.
	Rows map[string]int
	// Images counts the page images copied between image stores.
	Images int
}

// CopySide is one side of a copy: a database (a SQLite file or a
// postgres:// URL) and the folder of its page images ("": where Open keeps
// them, beside a SQLite file, sverka.images for PostgreSQL).
type CopySide struct {
	DB, Images string
}

// images is the folder of the side's page images.
func (s CopySide) images() string {
	switch {
	case s.Images != "":
		return s.Images
	case isPostgres(s.DB):
		return "sverka.images"
	}
	return s.DB + ".images"
}

// Open opens the side's database with its page images.
func (s CopySide) Open(ctx context.Context) (*DB, error) {
	return Open(ctx, s.DB, WithImages(s.images()))
}

// CopyDB copies everything in the database from into the database to,
// which must be new or hold nothing but what the migrations put in (no
// account, no entry in the audit trail): documents, texts, derivation,
// alignment and its history, annotations with their versions, accounts
// with roles, password hashes, tokens and sessions, the audit trail, the
// scans' records and their images. It goes through the complete archive
// (Dump): a snapshot of from is loaded into to, then to is dumped again and
// must hold the very same rows; otherwise the error says what differs
// (*ArchiveDifference); and every page image to's documents name must be
// in its image folder (CheckImages). Nothing may write to to meanwhile.
func CopyDB(ctx context.Context, fromSide, toSide CopySide) (Copied, error) {
	from, to := fromSide.DB, toSide.DB
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
	if copied.Images, err = copyImageStore(fromSide.images(), toSide.images()); err != nil {
		return copied, fmt.Errorf("copy: images: %w", err)
	}
	if copied.Rows, err = verifyCopy(ctx, snapshot.Name(), to); err != nil {
		return copied, err
	}
	db, err := toSide.Open(ctx)
	if err != nil {
		return copied, err
	}
	defer db.Close()
	return copied, db.CheckImages(ctx)
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

// Readers is a document and the people whose view of it differs from an
// anonymous reader's: those who made an annotation on it (their private
// notes, now or once, are theirs to see).
type Readers struct {
	DocumentID string
	Users      []sverka.User
}

// DocumentReaders lists every document not in the trash, in list order,
// with the people who annotated it, by id; a copy's check exports each
// document once for each of them.
func (db *DB) DocumentReaders(ctx context.Context) ([]Readers, error) {
	rows, err := db.reader.QueryContext(ctx, `
		SELECT d.id, coalesce(u.id, 0), coalesce(u.name, ''), coalesce(u.role, '')
		FROM documents d
		LEFT JOIN (SELECT DISTINCT document_id, creator FROM annotations) a ON a.document_id = d.id
		LEFT JOIN users u ON u.id = a.creator
		WHERE d.trashed_at = ''
		ORDER BY d.date, d.id, u.id`)
	if err != nil {
		return nil, fmt.Errorf("document readers: %w", err)
	}
	defer rows.Close()
	var list []Readers
	for rows.Next() {
		var id string
		var u sverka.User
		if err := rows.Scan(&id, &u.ID, &u.Name, &u.Role); err != nil {
			return nil, fmt.Errorf("document readers: %w", err)
		}
		if len(list) == 0 || list[len(list)-1].DocumentID != id {
			list = append(list, Readers{DocumentID: id})
		}
		if u.ID != 0 {
			list[len(list)-1].Users = append(list[len(list)-1].Users, u)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("document readers: %w", err)
	}
	return list, nil
}
