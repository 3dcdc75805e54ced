package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

// engine is what differs between the two database engines the store runs
// on, SQLite (a file, the default) and PostgreSQL (a server): how they are
// migrated, how a write transaction becomes the only one, how a read sees
// one state, the few pieces of SQL that are not the same, and the full-text
// index. Every other statement is one SQL for both (PostgreSQL's
// placeholders are rebound in postgres_driver.go).
type engine interface {
	fullText
	// migrator reads the engine's migrations and applies them to dsn.
	migrator(dsn string) (*migrate.Migrate, error)
	// holdMigrations waits up to wait until no other process migrates
	// dsn, and keeps the others out until release is called.
	holdMigrations(dsn string, wait time.Duration) (release func(), err error)
	// beginWrite makes tx, just begun on the writer pool, the only write
	// transaction until it ends: SQLite's immediate transactions already
	// are; on PostgreSQL, across every server on the database too.
	beginWrite(ctx context.Context, tx *sql.Tx) error
	// readOptions begins a read that sees one state of the database.
	readOptions() *sql.TxOptions
	// foreignKeyViolation reports whether err is a reference to a row
	// that does not exist.
	foreignKeyViolation(err error) bool
	// hasTag is the condition that the JSON array of tags a.tags holds
	// the tag given as its one argument.
	hasTag() string
	// passageCuts is a query of (i, text): the passages of a JSON array of
	// [base text id, start, length, start byte, byte length] given as its
	// one argument (code points and bytes counting from 1, a start byte of
	// 0 unknown), cut out of their base texts; i counts from 0. One
	// statement for any number of passages, which a connection prepares
	// once.
	passageCuts() string
	// like is the operator that matches a pattern in any case of ASCII
	// letters, as SQLite's LIKE does.
	like() string
	// idsChosen follows an insert into table of row ids the store chose
	// itself, so that the ids the database gives next come after them.
	idsChosen(ctx context.Context, tx *sql.Tx, table string) error
	// documentStored follows the insert of a document of n links.
	documentStored(ctx context.Context, tx *sql.Tx, n int) error
}

// isPostgres reports whether dsn names a PostgreSQL database (a
// postgres:// or postgresql:// URL) rather than a SQLite file.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Describe names the database dsn for a log or a message: a file's path,
// or a PostgreSQL URL without its password.
func Describe(dsn string) string {
	if !isPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "a PostgreSQL database (its URL does not parse)"
	}
	return u.Redacted()
}

// Exists reports whether the database dsn names is there to open without
// creating it: a file that exists, or any PostgreSQL database (the server
// says at Open).
func Exists(dsn string) error {
	if isPostgres(dsn) {
		return nil
	}
	_, err := os.Stat(dsn)
	return err
}

// engineOf is the engine of the database dsn names.
func engineOf(dsn string) engine {
	if isPostgres(dsn) {
		return postgresEngine{}
	}
	return sqliteEngine{}
}

// newMigrator applies the migrations in dir of fsys to conn through the
// golang-migrate driver that instance makes; conn is closed on failure.
func newMigrator(conn *sql.DB, fsys fs.FS, dir, name string, instance func(*sql.DB) (database.Driver, error)) (*migrate.Migrate, error) {
	src, err := iofs.New(fsys, dir)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	drv, err := instance(conn)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("migration driver: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, name, drv)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return m, nil
}
