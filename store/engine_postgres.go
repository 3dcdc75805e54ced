package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	pgxmigrate "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"sverka/migrations"
)

// postgresEngine is the store on a PostgreSQL database.
type postgresEngine struct{ postgresText }

func (postgresEngine) migrator(url string) (*migrate.Migrate, error) {
	conn, err := openPostgres(url, false)
	if err != nil {
		return nil, err
	}
	return newMigrator(conn, migrations.Postgres, "postgres", "pgx5", func(conn *sql.DB) (database.Driver, error) {
		return pgxmigrate.WithInstance(conn, &pgxmigrate.Config{})
	})
}

// migrationLock is the number of the advisory lock a server holds while
// it migrates the database ("sverkm").
const migrationLock = 0x73766572_6b6d

// ErrMigrationWait means another server kept migrating the database for
// longer than WithMigrationWait allows.
var ErrMigrationWait = errors.New("another server is still migrating the database")

// holdMigrations takes the migration lock on a connection of its own,
// waiting up to wait: servers started at once on one database migrate it
// one after the other, the later ones finding nothing left to do, however
// long the first one takes (golang-migrate's own lock gives up after 15 s,
// or waits without end while its driver starts). The lock goes with its
// connection, also when the server holding it dies.
func (postgresEngine) holdMigrations(url string, wait time.Duration) (func(), error) {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLock)); err != nil {
		conn.Close(context.Background())
		if ctx.Err() != nil {
			return nil, fmt.Errorf("migrate: waited %v: %w", wait, ErrMigrationWait)
		}
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return func() { conn.Close(context.Background()) }, nil
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

// passageCuts cuts by code points: substr on a text reads the text up to
// the passage, and on bytes it would convert all of it first.
func (postgresEngine) passageCuts() string {
	return `SELECT (n - 1)::int, substr(b.text, (e ->> 1)::int, (e ->> 2)::int)
		FROM jsonb_array_elements(CAST(? AS jsonb)) WITH ORDINALITY AS t (e, n) JOIN base_texts b ON b.id = (e ->> 0)::bigint`
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

// analyzedLinks is how many links a document stored must have for its
// tables' statistics to be gathered again at once.
const analyzedLinks = 1000

// documentStored gathers the statistics of the tables a large document
// fills (ANALYZE, within tx, which counts its own rows), so that the next
// reads of it are planned knowing it is there: autovacuum would take a
// minute or more to notice, and until then a table that looked empty
// stays so to the planner, which then joins the document's links to its
// link numbers by comparing each with each (the TEI export of a
// 15,000-link document just imported did not begin within 20 s).
func (postgresEngine) documentStored(ctx context.Context, tx *sql.Tx, n int) error {
	if n < analyzedLinks {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `ANALYZE links, link_refs, segments`); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// openPostgresDB opens and migrates the PostgreSQL database at url. Its
// page images are in the folder WithImages names (by default
// sverka.images in the working directory).
func openPostgresDB(ctx context.Context, url string, opts []Option) (*DB, error) {
	settings := &DB{migrationWait: DefaultMigrationWait}
	for _, o := range opts {
		o(settings)
	}
	if _, _, err := migrateTo(url, "up", settings.migrationWait); err != nil {
		return nil, err
	}
	writer, err1 := openPostgres(url, false)
	reader, err2 := openPostgres(url, false)
	exporter, err3 := openPostgres(url, true) // exports stream
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, err
	}
	db := &DB{path: url, engine: postgresEngine{}, images: "sverka.images", writer: writer, reader: reader, exporter: exporter}
	return db.start(ctx, opts)
}
