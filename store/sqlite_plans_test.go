package store

import (
	"context"
	"strings"
	"testing"

	"sverka/internal/pgtest"
)

// TestPlansDoNotDependOnBoundValues: a statement's plan is made once, not
// again for the values bound to it (sqlite_plans.go). Without the stable
// plans SQLite plans this query with the partial index documents_private
// when 0 is bound and without it for 1, and would prepare it again each
// time the value changed between them.
func TestPlansDoNotDependOnBoundValues(t *testing.T) {
	if pgtest.On() {
		t.Skip("SQLite only")
	}
	db := openTest(t)
	plan := func(public int) string {
		t.Helper()
		rows, err := db.reader.QueryContext(context.Background(), `EXPLAIN QUERY PLAN SELECT id FROM documents WHERE public = ? ORDER BY id`, public)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var steps []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			steps = append(steps, detail)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return strings.Join(steps, "; ")
	}
	if private, public := plan(0), plan(1); private != public {
		t.Errorf("the plan depends on the value bound: %q for 0, %q for 1", private, public)
	}
}
