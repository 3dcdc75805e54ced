package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"sverka"
	"sverka/facsimile"
)

// ErrInUse means another process (a running server, an import) has the
// database open, so it cannot be migrated down or replaced now.
var ErrInUse = errors.New("the database is in use by another process (a running server?); stop it first")

// Backup writes a consistent copy of the database at path to dest, which
// must not exist yet, while other connections go on reading and writing:
// VACUUM INTO reads one snapshot in one pass (writers meanwhile append to the
// write-ahead log, so nobody waits) and writes a compact file, which appears
// at dest only once complete.
func Backup(ctx context.Context, path, dest string) error {
	if isPostgres(path) {
		return errOnPostgres
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists", dest)
	}
	if err := vacuumInto(ctx, path, dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// Scans are stored before the rows that name them and never deleted, so
	// every image the snapshot names is there to copy after it.
	if _, err := copyImages(path, dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// copyImages copies the page images stored beside the database from into
// the image store beside the database to, if from has any, and says how
// many it copied.
func copyImages(from, to string) (int, error) {
	return copyImageStore(from+".images", to+".images")
}

// copyImageStore copies the page images in the folder from into the image
// store in the folder to, if from exists, and says how many it copied.
func copyImageStore(from, to string) (int, error) {
	if _, err := os.Stat(from); errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	src, err := facsimile.Open(from)
	if err != nil {
		return 0, err
	}
	dst, err := facsimile.Open(to)
	if err != nil {
		return 0, err
	}
	return src.CopyTo(dst)
}

// Restore replaces the database at path with the backup in file (a copy
// made by Backup, or any Sverka database), then migrates it up. It refuses
// while another process has the database open (ErrInUse), and refuses a
// file that is damaged, half-migrated or from a newer Sverka. The database
// it replaces is kept beside it; Restore returns that file's name ("" when
// there was none).
func Restore(ctx context.Context, file, path string) (string, error) {
	if isPostgres(path) {
		return "", errOnPostgres
	}
	lock, err := lockDatabase(path, true)
	if err != nil {
		return "", err
	}
	defer lock.release()
	partial := path + ".restoring"
	os.Remove(partial)
	if err := copyForRestore(ctx, file, partial); err != nil {
		return "", err
	}
	aside, err := moveAside(ctx, path, "before-restore")
	if err != nil {
		os.Remove(partial)
		return "", err
	}
	if err := os.Rename(partial, path); err != nil {
		return aside, fmt.Errorf("restore: %w", err)
	}
	if err := syncDir(path); err != nil {
		return aside, fmt.Errorf("restore: %w", err)
	}
	// The backup's scans join the database's image store; images are named
	// by content, so none that is there already is replaced.
	if _, err := copyImages(file, path); err != nil {
		return aside, fmt.Errorf("restore: %w", err)
	}
	return aside, Migrate(path, "up")
}

// copyForRestore makes a database at partial from file: a complete archive
// (JSON, sverka export --all-data) is loaded, a SQLite file checked and
// copied.
func copyForRestore(ctx context.Context, file, partial string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	first := make([]byte, 1)
	if _, err := f.Read(first); err == nil && first[0] == '{' {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		return LoadDump(ctx, f, partial)
	}
	if err := checkBackup(ctx, file); err != nil {
		return err
	}
	if err := vacuumInto(ctx, file, partial); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// checkBackup makes sure file is a whole Sverka database this version can
// migrate to its own schema.
func checkBackup(ctx context.Context, file string) error {
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	conn, err := sql.Open(driverName, readOnlyDSN(file))
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer conn.Close()
	var integrity string
	if err := conn.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&integrity); err != nil {
		return sverka.Invalid("backup", "%s is not a SQLite database: %v", file, err)
	}
	if integrity != "ok" {
		return sverka.Invalid("backup", "%s is damaged: %s", file, integrity)
	}
	var version uint
	var dirty bool
	if err := conn.QueryRowContext(ctx, "SELECT version, dirty FROM schema_migrations").Scan(&version, &dirty); err != nil {
		return sverka.Invalid("backup", "%s is not a Sverka database (no schema version): %v", file, err)
	}
	latest, err := latestMigration()
	if err != nil {
		return err
	}
	switch {
	case dirty:
		return sverka.Invalid("backup", "%s was left half-way through migration %d", file, version)
	case version > latest:
		return sverka.Invalid("backup", "%s is at schema version %d, newer than this Sverka (%d)", file, version, latest)
	}
	return nil
}

// moveAside renames the database at path, with its write-ahead log copied
// in, to PATH.WHY-TIME and returns that name; "" if there is no database.
// The caller holds the database alone.
func moveAside(ctx context.Context, path, why string) (string, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	conn, err := sql.Open(driverName, dsn(path))
	if err != nil {
		return "", fmt.Errorf("move the database aside: %w", err)
	}
	_, err = conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	if err := errors.Join(err, conn.Close()); err != nil {
		return "", fmt.Errorf("move the database aside: %w", err)
	}
	aside := fmt.Sprintf("%s.%s-%s", path, why, time.Now().UTC().Format("20060102T150405.000Z"))
	if err := os.Rename(path, aside); err != nil {
		return "", fmt.Errorf("move the database aside: %w", err)
	}
	for _, f := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return aside, fmt.Errorf("move the database aside: %w", err)
		}
	}
	return aside, nil
}

// vacuumInto writes a consistent, compact copy of the database at path to
// dest through a PATH.partial file, synced, then renamed.
func vacuumInto(ctx context.Context, path, dest string) error {
	conn, err := sql.Open(driverName, readOnlyDSN(path))
	if err != nil {
		return err
	}
	defer conn.Close()
	partial := dest + ".partial"
	os.Remove(partial)
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", partial); err != nil {
		os.Remove(partial)
		return fmt.Errorf("copy %s: %w", path, err)
	}
	f, err := os.Open(partial)
	if err == nil {
		err = errors.Join(f.Sync(), f.Close())
	}
	if err == nil {
		err = os.Rename(partial, dest)
	}
	if err != nil {
		os.Remove(partial)
		return err
	}
	return syncDir(dest)
}

// readOnlyDSN opens any SQLite file read-only, as it is: a backup is not
// in WAL mode, and a read-only connection could not switch it.
func readOnlyDSN(path string) string {
	return "file:" + path + "?" + url.Values{"mode": {"ro"}, "_busy_timeout": {"10000"}}.Encode()
}

// syncDir makes a rename in the folder of path durable.
func syncDir(path string) error {
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
