// Package migrations holds Sverka's SQLite schema as golang-migrate pairs
// (NNNNNN_name.up.sql / NNNNNN_name.down.sql), embedded in the binary.
// A merged migration is never edited; a change is a new pair.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
