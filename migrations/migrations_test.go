package migrations

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"testing"
)

// postgresHead is the SQLite migration the PostgreSQL schema 000001 equals.
const postgresHead = 26

// TestEveryChangeOnBothEngines: a SQLite migration after the one the
// PostgreSQL schema was consolidated from has a PostgreSQL pair of the same
// number, and no PostgreSQL migration after the seed lacks its SQLite
// pair, so both engines reach the same schema.
func TestEveryChangeOnBothEngines(t *testing.T) {
	versions := func(fsys fs.FS, dir string) map[int]bool {
		names, err := fs.Glob(fsys, dir+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		out := map[int]bool{}
		for _, n := range names {
			v, err := strconv.Atoi(path.Base(n)[:6])
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			out[v] = true
		}
		return out
	}
	lite, pg := versions(FS, "."), versions(Postgres, "postgres")
	if !lite[postgresHead] || !pg[1] || !pg[2] {
		t.Fatalf("SQLite versions %v, PostgreSQL %v: want SQLite %d, PostgreSQL 1 and 2", lite, pg, postgresHead)
	}
	for v := range lite {
		if v > postgresHead && !pg[v] {
			t.Errorf("SQLite migration %06d has no PostgreSQL pair in postgres/ (the same change, in PostgreSQL's SQL)", v)
		}
	}
	for v := range pg {
		if v > 2 && !lite[v] {
			t.Errorf("PostgreSQL migration %06d has no SQLite pair", v)
		}
	}
}

// TestMigrationsOnlyAppended: every migration file is listed in SHA256SUMS
// (the format of sha256sum, so `sha256sum -c SHA256SUMS` checks it too),
// and none listed has changed or gone: a database migrated by an older
// Sverka must reach the same schema as a new one. A new migration is
// appended with `sha256sum NEW.up.sql NEW.down.sql >> SHA256SUMS`.
func TestMigrationsOnlyAppended(t *testing.T) {
	sums, err := os.ReadFile("SHA256SUMS")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		want, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("SHA256SUMS: %q is not \"HASH  FILE\"", line)
		}
		listed[name] = true
		b, err := fs.ReadFile(embedded(name), name)
		if err != nil {
			t.Errorf("%s is listed in SHA256SUMS but gone: a merged migration is never removed", name)
			continue
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != want {
			t.Errorf("%s changed since it was merged (sha256 %s, listed %s): add a new migration instead", name, got, want)
		}
	}
	for _, pattern := range []string{"*.sql", "postgres/*.sql"} {
		names, _ := fs.Glob(embedded(pattern), pattern)
		for _, name := range names {
			if !listed[name] {
				t.Errorf("%s is not in SHA256SUMS: append it (sha256sum %s >> SHA256SUMS)", name, name)
			}
		}
	}
}

// embedded is the file system holding name (a file or pattern as named in
// SHA256SUMS): the PostgreSQL migrations under postgres/, else SQLite's.
func embedded(name string) fs.FS {
	if strings.HasPrefix(name, "postgres/") {
		return Postgres
	}
	return FS
}
