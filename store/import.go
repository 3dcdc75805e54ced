package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Archive is a document with everything attached to it, as Sverka JSON
// carries it from one database to another.
type Archive struct {
	Document *Document
}

// ImportDocument stores an archived document in one transaction. A document
// with the same id is ErrConflict unless replace is set; then the old one
// and everything attached to it are deleted and the archived one takes its
// place in the same transaction, so that readers see either the old or the
// new document, never a mix. The document keeps its revision and creation
// time.
func (db *DB) ImportDocument(ctx context.Context, a *Archive, replace bool) error {
	if a == nil || a.Document == nil {
		return invalid("document", "nothing to import")
	}
	d := a.Document
	if err := d.validate(); err != nil {
		return err
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = db.now()
	}
	if d.Revision < 1 {
		d.Revision = 1
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ?`, d.ID).Scan(&n); err != nil {
			return fmt.Errorf("import document: %w", err)
		}
		if n > 0 && !replace {
			return fmt.Errorf("document %s is already present (import with --replace to swap it): %w", d.ID, ErrConflict)
		}
		if n > 0 {
			if err := deleteDocument(ctx, tx, d.ID); err != nil {
				return err
			}
		}
		for _, s := range documentStatements(d) {
			if _, err := tx.ExecContext(ctx, s.query, s.args...); err != nil {
				return fmt.Errorf("import document %s: %w", d.ID, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET revision = ? WHERE id = ?`, d.Revision, d.ID); err != nil {
			return fmt.Errorf("import document %s: %w", d.ID, err)
		}
		action := "import"
		if n > 0 {
			action = "replace"
		}
		return recordChange(ctx, tx, Change{At: db.now(), DocumentID: d.ID, Entity: "document", EntityID: d.ID, Action: action,
			After: map[string]any{"title": d.Title, "revision": d.Revision}})
	})
}

// deleteDocument removes a document and, by cascade, everything attached
// to it, inside tx.
func deleteDocument(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete document %s: %w", id, err)
	}
	return nil
}
