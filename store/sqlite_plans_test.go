package store

import (
	"slices"
	"testing"
)

// TestPlansDoNotDependOnBoundValues: a statement's plan is made once, not
// again for the values bound to it (sqlite_plans.go). Without the stable
// plans SQLite plans this query with the partial index documents_private
// when 0 is bound and without it for 1, and prepares it again each time
// the value bound changes between them.
func TestPlansDoNotDependOnBoundValues(t *testing.T) {
	db := openPlanTest(t)
	q := `SELECT id FROM documents WHERE public = ? ORDER BY id`
	if private, public := queryPlan(t, db, q, []any{0}), queryPlan(t, db, q, []any{1}); !slices.Equal(private, public) {
		t.Errorf("the plan depends on the value bound: %q for 0, %q for 1", private, public)
	}
}
