package store

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"sverka"
)

// DumpFormat names a complete archive: every row of every table (users with
// their roles and password hashes, tokens, sessions, documents, private
// notes, the audit trail, the alignment history…) as JSON lines, for
// moving a whole database by text. The first line is a dumpHeader, each
// other one a dumpRow.
const DumpFormat = "sverka-all-data"

type dumpHeader struct {
	Format string `json:"format"`
	Schema uint   `json:"schema"`
	// Engine is "postgres" for an archive of a PostgreSQL database, whose
	// migrations are numbered apart; empty for SQLite.
	Engine string `json:"engine,omitempty"`
}

// dumpRow is one row; a blob is {"blob": base64}, so that it stays a blob.
type dumpRow struct {
	Table  string         `json:"table"`
	Values map[string]any `json:"row"`
}

type dumpBlob struct {
	Blob []byte `json:"blob"`
}

// dumpTables lists the tables a complete archive holds, in the order they
// are created; the migration state is the header. The search index is left
// out (its virtual tables, their shadow tables, the search_ tables): it is
// derived, and a restored database indexes itself again in the background,
// as its rows come in (search_index.go); and so are the renderings
// (rendering.go), which the server makes again as documents are read.
func dumpTables(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	var tables, virtual []string
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			return nil, fmt.Errorf("list tables: %w", err)
		}
		if strings.HasPrefix(strings.ToUpper(create), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, name)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	return slices.DeleteFunc(tables, func(t string) bool {
		if t == "schema_migrations" || t == "renderings" || t == "rendering_stamps" || strings.HasPrefix(t, "sqlite_stat") || strings.HasPrefix(t, "search_") {
			return true
		}
		return slices.ContainsFunc(virtual, func(v string) bool { return t == v || strings.HasPrefix(t, v+"_") })
	}), nil
}

// Dump writes the complete archive of the database, from one snapshot.
func (db *DB) Dump(ctx context.Context, w io.Writer) error {
	tx, err := db.exporter.BeginTx(ctx, db.engine.readOptions())
	if err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	defer tx.Rollback()
	var schema uint
	if err := tx.QueryRowContext(ctx, `SELECT version FROM schema_migrations`).Scan(&schema); err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	list, selectRows := dumpTables, sqliteRows
	if db.shared() {
		list, selectRows = dumpTablesPostgres, postgresRows
	}
	tables, err := list(ctx, tx)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	h := dumpHeader{Format: DumpFormat, Schema: schema}
	if db.shared() {
		h.Engine = "postgres"
	}
	if err := enc.Encode(h); err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	for _, t := range tables {
		query, err := selectRows(ctx, tx, t)
		if err != nil {
			return err
		}
		if err := dumpTable(ctx, tx, enc, t, query); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	return nil
}

// sqliteRows is the query of every row of a SQLite table, with its rowid,
// which the search index names.
func sqliteRows(ctx context.Context, tx *sql.Tx, table string) (string, error) {
	var create string
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(sql, '') FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&create); err != nil {
		return "", fmt.Errorf("dump %s: %w", table, err)
	}
	columns := `rowid AS "rowid", *`
	if strings.Contains(strings.ToUpper(create), "WITHOUT ROWID") {
		columns = "*"
	}
	return `SELECT ` + columns + ` FROM "` + table + `"`, nil
}

// dumpTable writes the rows query selects from table.
func dumpTable(ctx context.Context, tx *sql.Tx, enc *json.Encoder, table, query string) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("dump %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("dump %s: %w", table, err)
	}
	vals, ptrs := make([]any, len(cols)), make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("dump %s: %w", table, err)
		}
		row := dumpRow{Table: table, Values: map[string]any{}}
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				row.Values[c] = dumpBlob{b}
			} else {
				row.Values[c] = vals[i]
			}
		}
		if err := enc.Encode(row); err != nil {
			return fmt.Errorf("dump %s: %w", table, err)
		}
	}
	return rows.Err()
}

// LoadDump builds a new database at path (which must not exist) from a
// complete archive: the schema of the archive's version, every row as it
// was, then the migrations since.
func LoadDump(ctx context.Context, r io.Reader, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("load archive: %s already exists", path)
	}
	dec := json.NewDecoder(bufio.NewReader(r))
	dec.UseNumber()
	var h dumpHeader
	if err := dec.Decode(&h); err != nil || h.Format != DumpFormat {
		return sverka.Invalid("archive", "not a complete Sverka archive (%q, %v)", h.Format, err)
	}
	latest, err := latestMigration()
	if err != nil {
		return err
	}
	if h.Engine == "postgres" { // from a PostgreSQL database of this Sverka: this schema
		h.Schema = latest
	}
	if h.Schema > latest {
		return sverka.Invalid("archive", "schema version %d is newer than this Sverka (%d)", h.Schema, latest)
	}
	if _, _, err := migrateTo(path, fmt.Sprintf("to-%d", h.Schema), DefaultMigrationWait); err != nil {
		return err
	}
	conn, err := sql.Open(driverName, "file:"+path+"?_foreign_keys=off&_journal_mode=WAL&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("load archive: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("load archive: %w", err)
	}
	defer tx.Rollback()
	tables, err := dumpTables(ctx, tx)
	if err != nil {
		return err
	}
	if err := loadRows(ctx, tx, dec, tables); err != nil {
		return err
	}
	var problems int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&problems); err != nil || problems > 0 {
		return sverka.Invalid("archive", "%d rows point at rows the archive lacks (%v)", problems, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("load archive: %w", err)
	}
	conn.Close()
	return Migrate(path, "up")
}

// loadRows empties tables (what the migrations put in: the seed letter),
// last first, then inserts the rows dec reads, which must be of those
// tables. Into a database without sqlite_sequence (PostgreSQL) the rows of
// sqlite_sequence and the rowids, which only SQLite has, do not go.
func loadRows(ctx context.Context, tx *sql.Tx, dec *json.Decoder, tables []string) error {
	for _, t := range slices.Backward(tables) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM "`+t+`"`); err != nil {
			return fmt.Errorf("load archive: empty %s: %w", t, err)
		}
	}
	sqlite := slices.Contains(tables, "sqlite_sequence")
	for n := 1; dec.More(); n++ {
		var row dumpRow
		if err := dec.Decode(&row); err != nil {
			return sverka.Invalid("archive", "line %d: %v", n+1, err)
		}
		if !sqlite {
			if row.Table == "sqlite_sequence" { // the sequences follow the ids (idsLoaded)
				continue
			}
			delete(row.Values, "rowid")
		}
		if !slices.Contains(tables, row.Table) {
			return sverka.Invalid("archive", "line %d: there is no table %q", n+1, row.Table)
		}
		if err := loadRow(ctx, tx, row); err != nil {
			return sverka.Invalid("archive", "line %d: %v", n+1, err)
		}
	}
	return nil
}

func loadRow(ctx context.Context, tx *sql.Tx, row dumpRow) error {
	var cols, marks []string
	var args []any
	for c, v := range row.Values {
		switch x := v.(type) {
		case json.Number:
			if i, err := x.Int64(); err == nil {
				v = i
			} else if f, err := x.Float64(); err == nil {
				v = f
			}
		case map[string]any:
			var b dumpBlob
			raw, _ := json.Marshal(x)
			if err := json.Unmarshal(raw, &b); err != nil {
				return err
			}
			v = b.Blob
		}
		cols, marks, args = append(cols, `"`+strings.ReplaceAll(c, `"`, `""`)+`"`), append(marks, "?"), append(args, v)
	}
	verb := "INSERT"
	if row.Table == "sqlite_sequence" {
		verb = "INSERT OR REPLACE"
	}
	_, err := tx.ExecContext(ctx, verb+` INTO "`+row.Table+`" (`+strings.Join(cols, ", ")+`) VALUES (`+strings.Join(marks, ", ")+`)`, args...)
	return err
}
