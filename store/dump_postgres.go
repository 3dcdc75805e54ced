package store

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"sverka"
)

// The complete archive (dump.go) on PostgreSQL: the same rows as on
// SQLite, less what only SQLite has (rowids, sqlite_sequence).

// postgresIndexTables are the search index's own tables on PostgreSQL
// (fulltext_postgres.go) besides the search_ ones: derived, like SQLite's
// virtual tables, and left out of the archive.
var postgresIndexTables = []string{"passage_keys", "passage_tokens", "passage_pairs", "note_keys", "note_tokens", "note_pairs", "fts_totals"}

// dumpTablesPostgres lists the tables a complete archive holds, in the
// order they were created (so that a row comes after the rows it names).
func dumpTablesPostgres(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.oid`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	names, err := scanColumn[string](rows)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var tables []string
	for _, name := range names {
		if name != "schema_migrations" && name != "renderings" && name != "rendering_stamps" && !strings.HasPrefix(name, "search_") && !slices.Contains(postgresIndexTables, name) {
			tables = append(tables, name)
		}
	}
	return tables, nil
}

// postgresRows is the query of every row of a table, by its first column
// (the id where there is one, so that a reply comes after its note).
func postgresRows(_ context.Context, _ *sql.Tx, table string) (string, error) {
	return `SELECT * FROM "` + table + `" ORDER BY 1`, nil
}

// loadDumpPostgres loads a complete archive, of either engine, into the
// PostgreSQL database db, in one write transaction: the rows the
// migrations put in go, the archive's rows come in with their ids, and
// each id sequence moves past them. The search index takes them in as
// after any write. The archive's schema must be this Sverka's.
func (db *DB) loadDumpPostgres(ctx context.Context, r io.Reader) error {
	dec := json.NewDecoder(bufio.NewReader(r))
	dec.UseNumber()
	var h dumpHeader
	if err := dec.Decode(&h); err != nil || h.Format != DumpFormat {
		return sverka.Invalid("archive", "not a complete Sverka archive (%q, %v)", h.Format, err)
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := archiveSchemaHere(ctx, tx, h); err != nil {
			return err
		}
		tables, err := dumpTablesPostgres(ctx, tx)
		if err != nil {
			return err
		}
		if err := loadRows(ctx, tx, dec, tables); err != nil {
			return err
		}
		return db.idsLoaded(ctx, tx)
	})
}

// idsLoaded moves the sequence of every table with an identity column past
// the ids loaded into it.
func (db *DB) idsLoaded(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'`)
	if err != nil {
		return fmt.Errorf("load archive: %w", err)
	}
	tables, err := scanColumn[string](rows)
	if err != nil {
		return fmt.Errorf("load archive: %w", err)
	}
	for _, t := range tables {
		if err := db.engine.idsChosen(ctx, tx, t); err != nil {
			return err
		}
	}
	return nil
}

// archiveSchemaHere makes sure an archive has the columns of this Sverka's
// schema: one of a PostgreSQL database at the version of tx's, or one of
// a SQLite file at this Sverka's latest migration (an older one is
// restored into SQLite first, which migrates it, then copied).
func archiveSchemaHere(ctx context.Context, tx *sql.Tx, h dumpHeader) error {
	want, err := latestMigration()
	if err != nil {
		return err
	}
	if h.Engine == "postgres" {
		if err := tx.QueryRowContext(ctx, `SELECT version FROM schema_migrations`).Scan(&want); err != nil {
			return fmt.Errorf("load archive: %w", err)
		}
	}
	if h.Schema != want {
		return sverka.Invalid("archive", "schema version %d, not this Sverka's %d: restore it into a SQLite file, which migrates it, and copy that", h.Schema, want)
	}
	return nil
}
