// Package migrations holds Sverka's schema as golang-migrate pairs
// (NNNNNN_name.up.sql / NNNNNN_name.down.sql), embedded in the binary: the
// SQLite migrations at the top, the PostgreSQL ones in postgres/.
// A merged migration is never edited; a change is a new pair, and its files'
// hashes are appended to SHA256SUMS (TestMigrationsOnlyAppended).
//
// The PostgreSQL set began as one consolidated schema (000001, equal to
// SQLite's head 000026) and the seed letter (000002, rendered by seed/gen
// from the same statements). A later change is a pair in each folder with
// the same number, above both.
package migrations

import "embed"

// FS holds every SQLite migration file.
//
//go:embed *.sql
var FS embed.FS

// Postgres holds every PostgreSQL migration file, under postgres/.
//
//go:embed postgres/*.sql
var Postgres embed.FS
