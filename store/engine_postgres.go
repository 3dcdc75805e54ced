package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	pgxmigrate "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"sverka/migrations"
)

// postgresEngine is the store on a PostgreSQL database.
type postgresEngine struct{ postgresText }

func (postgresEngine) migrator(url string) (*migrate.Migrate, error) {
	conn, err := openPostgres(url)
	if err != nil {
		return nil, err
	}
	return newMigrator(conn, migrations.Postgres, "postgres", "pgx5", func(conn *sql.DB) (database.Driver, error) {
		return pgxmigrate.WithInstance(conn, &pgxmigrate.Config{})
	})
}

// writeLock is the number of the advisory lock every write transaction
// holds until it ends (an arbitrary number, "sverka" in ASCII).
const writeLock = 0x73766572_6b61

// beginWrite takes the write lock: like SQLite's one writer, one write
// transaction at a time on the database, whichever server runs it, so that
// a revision checked is still the revision when the write commits, and
// the search index's numbering (max(seq)+1) never races. Reads do not wait.
func (postgresEngine) beginWrite(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(writeLock)); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	return nil
}

// readOptions: REPEATABLE READ, so that every statement of a read sees the
// one snapshot its first statement saw, as in SQLite.
func (postgresEngine) readOptions() *sql.TxOptions {
	return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
}

func (postgresEngine) foreignKeyViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

func (postgresEngine) hasTag() string {
	return "EXISTS (SELECT 1 FROM jsonb_array_elements_text(a.tags::jsonb) AS t(value) WHERE value = ?)"
}

func (postgresEngine) like() string { return "ILIKE" }

// idsChosen moves table's id sequence past the highest id.
func (postgresEngine) idsChosen(ctx context.Context, tx *sql.Tx, table string) error {
	_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT max(id) FROM `+table+`))`, table)
	if err != nil {
		return fmt.Errorf("%s ids: %w", table, err)
	}
	return nil
}

// openPostgresDB opens and migrates the PostgreSQL database at url. Its
// page images are in the folder WithImages names (by default
// sverka.images in the working directory).
func openPostgresDB(ctx context.Context, url string, opts []Option) (*DB, error) {
	if err := Migrate(url, "up"); err != nil {
		return nil, err
	}
	writer, err1 := openPostgres(url)
	reader, err2 := openPostgres(url)
	exporter, err3 := openPostgres(url)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, err
	}
	db := &DB{path: url, engine: postgresEngine{}, images: "sverka.images", writer: writer, reader: reader, exporter: exporter}
	return db.start(ctx, opts)
}
