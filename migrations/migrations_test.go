package migrations

import (
	"io/fs"
	"path"
	"strconv"
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
