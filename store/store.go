// Package store keeps Sverka's documents, alignments and annotations in
// SQLite or in PostgreSQL.
//
// One writer connection runs immediate transactions, so writers queue in Go
// rather than failing with "database is locked"; a separate pool of read-only
// connections serves readers concurrently thanks to WAL. On PostgreSQL the
// same holds across servers: a write transaction takes one advisory lock
// (engine_postgres.go), reads see one snapshot.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/golang-migrate/migrate/v4"

	"sverka"
	"sverka/cache"
	"sverka/migrations"
)

// DB is an open Sverka database.
type DB struct {
	path   string
	engine engine
	// images is the folder of the page images (scan.go).
	images string
	writer *sql.DB
	reader *sql.DB
	// exporter is a pool of its own for exports, which read much and for
	// long: however many run at once, the readers' pool stays free for
	// everything else, and a waiting export holds no connection.
	exporter *sql.DB
	// checkpointer empties the write-ahead log (checkpoint.go).
	checkpointer *sql.DB
	// lock is held shared while the database is open (lock_unix.go).
	lock *fileLock
	// turn orders writers of a SQLite file across processes (turn_linux.go);
	// yielding makes every write of this process give way to the others'.
	turn     *writeTurn
	yielding bool
	// checkpointDue asks for a checkpoint after a commit, and
	// stopCheckpoints ends the loop that takes the asks (checkpoint.go).
	checkpointDue   chan struct{}
	stopCheckpoints func()
	now             func() time.Time
	// writes counts the write transactions this process has committed that
	// may change what a reader of documents sees (all but a new
	// annotation's) and the notices it heard from the database
	// (notice_postgres.go).
	writes atomic.Int64
	// baseTexts keeps base texts (UTF-8, as stored) by their row id, within
	// a byte budget: a base text never changes, and a replaced one gets a
	// new id (AUTOINCREMENT).
	baseTexts *cache.LRU[int64, *codeText]
	// founds keeps the passages searches found, by query, within a byte
	// budget (search_cache.go).
	founds *cache.LRU[foundKey, *foundPage]
	// search keeps the search index current (search_index.go).
	search *searchIndex
	// board hands notices to this process's listeners (notice.go).
	board noticeBoard
	// migrationWait bounds the wait for another server's migrations.
	migrationWait time.Duration
}

// DefaultTextCacheBytes is the budget of the base-text cache unless
// WithTextCacheBytes says otherwise.
const DefaultTextCacheBytes = 16 << 20

// Option is a setting of Open.
type Option func(*DB)

// WithTextCacheBytes bounds the memory kept of base texts between
// requests (0 or less: DefaultTextCacheBytes).
func WithTextCacheBytes(n int64) Option {
	return func(db *DB) {
		if n > 0 {
			db.baseTexts = newTextCache(n)
		}
	}
}

// Yielding makes the writes of this process give way to those of any
// other process writing the same SQLite file: for bulk work such as the
// command-line import, whose many transactions must not keep a server's
// writes waiting.
func Yielding() Option {
	return func(db *DB) { db.yielding = true }
}

// WithImages keeps the page images in dir rather than beside the
// database file (a PostgreSQL database has no file to be beside).
func WithImages(dir string) Option {
	return func(db *DB) {
		if dir != "" {
			db.images = dir
		}
	}
}

// DefaultMigrationWait is how long Open waits, unless WithMigrationWait
// says otherwise, while another server migrates the same PostgreSQL
// database (it holds golang-migrate's lock until it is done, or until it
// dies, when PostgreSQL frees the lock).
const DefaultMigrationWait = 10 * time.Minute

// WithMigrationWait bounds how long Open waits for another server's
// migrations of a PostgreSQL database (0 or less: DefaultMigrationWait).
func WithMigrationWait(d time.Duration) Option {
	return func(db *DB) {
		if d > 0 {
			db.migrationWait = d
		}
	}
}

// WithClock makes the store take the time from now instead of the
// system's clock (tests move it on).
func WithClock(now func() time.Time) Option {
	return func(db *DB) { db.now = now }
}

func newTextCache(budget int64) *cache.LRU[int64, *codeText] {
	return cache.New[int64](budget, (*codeText).size)
}

// Open opens (creating if needed) the SQLite file at path, or the
// PostgreSQL database a postgres:// URL names, and migrates it to the
// latest schema.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	if isPostgres(path) {
		return openPostgresDB(ctx, path, opts)
	}
	lock, err := lockDatabase(path, false)
	if err != nil {
		return nil, err
	}
	if err := Migrate(path, "up"); err != nil {
		lock.release()
		return nil, err
	}
	turn, err := openTurn(path)
	if err != nil {
		lock.release()
		return nil, err
	}
	writer, err1 := sql.Open(driverName, dsn(path, "_txlock=immediate"))
	reader, err2 := sql.Open(driverName, dsn(path, "mode=ro"))
	checkpointer, err3 := sql.Open(driverName, dsn(path))
	exporter, err4 := sql.Open(driverName, dsn(path, "mode=ro"))
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		lock.release()
		turn.close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	checkpointer.SetMaxOpenConns(1)
	db := &DB{path: path, engine: sqliteEngine{}, images: path + ".images", writer: writer, reader: reader, exporter: exporter, checkpointer: checkpointer, lock: lock, turn: turn}
	// One setting for the whole process, whichever connection sets it.
	if _, err := writer.ExecContext(ctx, `PRAGMA soft_heap_limit = `+strconv.Itoa(SQLiteHeapLimit)); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db.start(ctx, opts)
}

// SQLiteHeapLimit is the memory SQLite's page caches grow to, all
// connections together, before they recycle their pages instead (SQLite's
// soft heap limit): the file's pages stay in the operating system's cache
// anyway. Without it, each connection kept up to 2 MB of pages and more
// for full-text queries; under the mixed load on 10,000 documents (32
// clients, 70/20/10) peak RSS was 225 MB, with it 213 MB, server CPU the
// same (3.99-4.04 ms a request, load 22-28).
const SQLiteHeapLimit = 8 << 20

// start sizes the pools and starts the indexer.
func (db *DB) start(ctx context.Context, opts []Option) (*DB, error) {
	db.writer.SetMaxOpenConns(1)
	db.writer.SetConnMaxLifetime(0)
	db.reader.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	db.reader.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
	db.exporter.SetMaxOpenConns(exporters)
	db.now = func() time.Time { return time.Now().UTC() }
	db.baseTexts = newTextCache(DefaultTextCacheBytes)
	db.founds = newFoundCache(DefaultSearchCacheBytes)
	for _, o := range opts {
		o(db)
	}
	if err := db.writer.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("ping database: %w", err)
	}
	if db.checkpointer != nil {
		// Commits leave the log to checkpointSoon (checkpoint.go).
		if _, err := db.writer.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
			db.Close()
			return nil, fmt.Errorf("open database: %w", err)
		}
		db.startCheckpoints()
	}
	if err := db.learnConfirmed(ctx); err != nil {
		db.Close()
		return nil, err
	}
	db.startIndexer()
	return db, nil
}

// errOnPostgres refuses what works on a SQLite file only.
var errOnPostgres = errors.New("not on PostgreSQL: back up and restore with pg_dump and pg_restore")

// exporters is how many exports may read the database at once; more wait.
const exporters = 2

// Close closes the connection pools and lets go of the database.
func (db *DB) Close() error {
	db.stopIndexer()
	if db.stopCheckpoints != nil {
		db.stopCheckpoints()
	}
	err := errors.Join(db.reader.Close(), db.writer.Close(), db.exporter.Close())
	if db.checkpointer != nil {
		err = errors.Join(err, db.checkpointer.Close())
	}
	if db.lock != nil {
		err = errors.Join(err, db.lock.release())
	}
	err = errors.Join(err, db.turn.close())
	return err
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

func dsn(path string, extra ...string) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "NORMAL")
	// Keep prepared statements per connection: the hot paths (creating an
	// annotation, finding a token) run the same few statements again and again.
	q.Set("_stmt_cache_size", "64")
	s := "file:" + path + "?" + q.Encode()
	for _, e := range extra {
		s += "&" + e
	}
	return s
}

// Migrate applies the embedded migrations to the file at path: "up" to the
// latest version, "down" all the way back, "version" only checks the state.
// It returns the version reached.
func Migrate(path, direction string) error {
	_, _, err := migrateTo(path, direction, DefaultMigrationWait)
	return err
}

// MigrationVersion reports the schema version of the file at path and whether
// a failed migration left it dirty.
func MigrationVersion(path string) (uint, bool, error) {
	return migrateTo(path, "version", DefaultMigrationWait)
}

// migrateTo moves the database at path in direction, waiting up to wait
// for the migration lock another process holds.
func migrateTo(path, direction string, wait time.Duration) (uint, bool, error) {
	release, err := engineOf(path).holdMigrations(path, wait)
	if err != nil {
		return 0, false, err
	}
	defer release()
	m, err := engineOf(path).migrator(path)
	if err != nil {
		return 0, false, err
	}
	defer m.Close() // closes the connection too
	switch direction {
	case "up":
		err = m.Up()
	case "down":
		err = m.Down()
	case "down-one":
		err = m.Steps(-1)
	case "version":
	default:
		if v, ok := strings.CutPrefix(direction, "to-"); ok {
			n, perr := strconv.ParseUint(v, 10, 32)
			if perr != nil {
				return 0, false, fmt.Errorf("migrate: %q is not a version", v)
			}
			err = m.Migrate(uint(n))
			break
		}
		return 0, false, fmt.Errorf("migrate: unknown direction %q (want up, down or version)", direction)
	}
	if err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return 0, false, fmt.Errorf("migrate %s: %w", direction, err)
	}
	v, dirty, err := m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("migration version: %w", err)
	}
	return v, dirty, nil
}

// MigrateDown undoes the latest migration of the database at path, one
// version, if it is at version from (the one the user was shown and
// agreed to leave). It refuses while another process has the database open
// (ErrInUse), and first writes a backup beside it, whose name it returns:
// a down migration drops what its up migration made, data included.
func MigrateDown(ctx context.Context, path string, from uint) (string, error) {
	if isPostgres(path) {
		return "", errOnPostgres
	}
	lock, err := lockDatabase(path, true)
	if err != nil {
		return "", err
	}
	defer lock.release()
	v, dirty, err := MigrationVersion(path)
	switch {
	case err != nil:
		return "", err
	case dirty:
		return "", fmt.Errorf("migrate down: version %d failed half-way; restore a backup", v)
	case v == 0:
		return "", fmt.Errorf("migrate down: the database is empty, there is nothing to undo")
	case v != from:
		return "", fmt.Errorf("migrate down: the database is at version %d, not %d: %w", v, from, sverka.ErrConflict)
	}
	backup := fmt.Sprintf("%s.before-down-%d-%s", path, v, time.Now().UTC().Format("20060102T150405.000Z"))
	if err := Backup(ctx, path, backup); err != nil {
		return "", err
	}
	_, _, err = migrateTo(path, "down-one", DefaultMigrationWait)
	return backup, err
}

// MigrationName is the name of migration version v ("search_annotations"
// for 000010_search_annotations), or "" if there is none.
func MigrationName(v uint) string {
	names, _ := fs.Glob(migrations.FS, fmt.Sprintf("%06d_*.up.sql", v))
	if len(names) != 1 {
		return ""
	}
	return strings.TrimSuffix(names[0][7:], ".up.sql")
}

// latestMigration is the highest migration version this Sverka knows.
func latestMigration() (uint, error) {
	names, _ := fs.Glob(migrations.FS, "*.up.sql") // the pattern is well-formed
	if len(names) == 0 {
		return 0, errors.New("read migrations: none embedded")
	}
	v, err := strconv.ParseUint(names[len(names)-1][:6], 10, 32)
	if err != nil {
		return 0, fmt.Errorf("read migrations: %w", err)
	}
	return uint(v), nil
}

// read runs fn in a read-only transaction from the reader pool, so that a
// read of several statements sees one state of the database. It is the
// readers' counterpart of write.
func (db *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.reader.BeginTx(ctx, db.engine.readOptions())
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// write runs fn in one immediate transaction on the writer connection; the
// search index takes in what fn changed before it commits.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.commit(ctx, fn, anyWrite)
}

// writeIndex is write for the search indexer itself: it does not count
// in Writes.
func (db *DB) writeIndex(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.commit(ctx, fn, unseenWrite)
}

// A writeKind says what a write transaction may change that readers see,
// and so which of the counts that caches key on it moves on.
type writeKind int

const (
	// unseenWrite changes nothing a reader sees (the search indexer's own
	// writes, a failed sign-in): it does not count in Writes, gives way to
	// every other write and is not indexed.
	unseenWrite writeKind = iota
	// anyWrite may change anything: it counts in Writes.
	anyWrite
	// unlistedWrite (a new annotation) changes nothing the document list
	// shows (documents, their links, their orphans) nor any document's
	// revision, visibility or trash: it does not count in Writes, and is
	// indexed.
	unlistedWrite
)

func (db *DB) commit(ctx context.Context, fn func(tx *sql.Tx) error, kind writeKind) error {
	// The indexer's own transactions give way to every other write.
	turn := db.turn.write
	if db.yielding || kind == unseenWrite {
		turn = db.turn.bulkWrite
	}
	release := turn()
	err := db.commitTx(ctx, fn, kind)
	release()
	if err == nil {
		db.checkpointSoon()
	}
	return err
}

// commitTx runs fn in a write transaction and commits it.
func (db *DB) commitTx(ctx context.Context, fn func(tx *sql.Tx) error, kind writeKind) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	committed := false
	defer func() { db.settleForms(tx, committed) }()
	if err := db.engine.beginWrite(ctx, tx); err != nil {
		return err
	}
	index := kind != unseenWrite
	var queued map[string]int64
	if index {
		if queued, err = db.queuedBefore(ctx, tx); err != nil {
			return err
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	if index {
		if err := db.indexInline(ctx, tx, queued); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	committed = true
	if kind == anyWrite {
		db.writes.Add(1)
	}
	return nil
}

// Writes counts the write transactions this process has committed that
// may change the document list (FindDocumentSummaries) or a document's
// status (FindDocumentStatus): every one but a new annotation's, which
// moves no revision and is never an orphan; and on PostgreSQL the changes
// other servers announced (Announce). While it stays the same neither has
// changed, except through another process that announces nothing (a
// command-line import). The server's caches of both key on it: under a
// steady stream of notes it stays as it was.
func (db *DB) Writes() int64 { return db.writes.Load() }

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
