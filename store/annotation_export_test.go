package store

import (
	"context"
	"testing"

	"sverka"
)

// NewTestUser adds a user with a role (and no password) for tests and
// returns its id.
func NewTestUser(t testing.TB, db *DB, name string, role sverka.Role) int64 {
	t.Helper()
	u, err := db.CreateUser(context.Background(), name, role, "")
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// ReplaceBaseTextForTest overwrites a base text in place, as a future
// "replace the base text" feature would (with a new row), bypassing the
// immutability trigger.
func ReplaceBaseTextForTest(t testing.TB, db *DB, documentID, lang, text string) {
	t.Helper()
	ctx := context.Background()
	off, on := `DROP TRIGGER base_texts_immutable`,
		`CREATE TRIGGER base_texts_immutable BEFORE UPDATE OF text ON base_texts WHEN NEW.text IS NOT OLD.text BEGIN SELECT RAISE(ABORT, 'base texts are immutable'); END`
	if _, ok := db.engine.(postgresEngine); ok {
		off, on = `ALTER TABLE base_texts DISABLE TRIGGER base_texts_immutable`, `ALTER TABLE base_texts ENABLE TRIGGER base_texts_immutable`
	}
	for _, q := range []string{off, `UPDATE base_texts SET text = ? WHERE document_id = ? AND lang = ?`, on} {
		var args []any
		if q[0] == 'U' {
			args = []any{text, documentID, lang}
		}
		if _, err := db.writer.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	db.baseTexts = newTextCache(DefaultTextCacheBytes)
}
