package store

import "testing"

// TestRebind: every placeholder is numbered, none inside a string, a
// quoted name or a comment.
func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT a FROM t WHERE b = ? AND c IN (?, ?)`, `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)`},
		{`SELECT '?', "a?b", ? -- what?` + "\n" + `, ?`, `SELECT '?', "a?b", $1 -- what?` + "\n" + `, $2`},
		{`SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`},
		{`SELECT ?::bigint[], 'open ?`, `SELECT $1::bigint[], 'open ?`},
	} {
		if got := rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}
