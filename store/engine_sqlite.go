package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	"github.com/golang-migrate/migrate/v4/database/sqlite3"
	sqlite "github.com/mattn/go-sqlite3"

	"sverka/migrations"
)

// sqliteEngine is the store on a SQLite file.
type sqliteEngine struct{ sqliteText }

func (sqliteEngine) migrator(path string) (*migrate.Migrate, error) {
	conn, err := sql.Open(driverName, dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open for migration: %w", err)
	}
	return newMigrator(conn, migrations.FS, ".", "sqlite3", func(conn *sql.DB) (database.Driver, error) {
		return sqlite3.WithInstance(conn, &sqlite3.Config{})
	})
}

// holdMigrations has nothing to do: Open holds the file's lock already
// (lock_unix.go), and a migration takes SQLite's write lock.
func (sqliteEngine) holdMigrations(string, time.Duration) (func(), error) { return func() {}, nil }

// beginWrite has nothing to do: the writer pool is one connection whose
// transactions begin immediate (_txlock=immediate).
func (sqliteEngine) beginWrite(context.Context, *sql.Tx) error { return nil }

// readOptions: a SQLite transaction reads one snapshot of the WAL.
func (sqliteEngine) readOptions() *sql.TxOptions { return &sql.TxOptions{ReadOnly: true} }

func (sqliteEngine) foreignKeyViolation(err error) bool {
	se := sqlite.Error{}
	return errors.As(err, &se) && se.ExtendedCode == sqlite.ErrConstraintForeignKey
}

func (sqliteEngine) hasTag() string {
	return "EXISTS (SELECT 1 FROM json_each(a.tags) WHERE value = ?)"
}

// passageCuts cuts a passage out of the bytes of its text where they are
// known: substr on a text counts its code points up to the passage.
func (sqliteEngine) passageCuts() string {
	return `SELECT p.key, CASE WHEN p.value ->> 3 > 0 THEN substr(CAST(b.text AS BLOB), p.value ->> 3, p.value ->> 4)
		ELSE substr(b.text, p.value ->> 1, p.value ->> 2) END
		FROM json_each(?) p JOIN base_texts b ON b.id = p.value ->> 0`
}

func (sqliteEngine) like() string { return "LIKE" }

// idsChosen has nothing to do: SQLite gives max(id)+1 (AUTOINCREMENT: above
// every id ever used).
func (sqliteEngine) idsChosen(context.Context, *sql.Tx, string) error { return nil }

// documentStored has nothing to do: SQLite's planner keeps no statistics
// here (no ANALYZE), so none go stale.
func (sqliteEngine) documentStored(context.Context, *sql.Tx, int) error { return nil }
