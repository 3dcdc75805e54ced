package store

import (
	"context"
	"database/sql"
	"fmt"

	"sverka"
)

// removeReplaced takes away, inside tx, the document a complete archive
// replaces, after checking that the archive has all the work done on it:
// the old links' numbers go to the archive's links that keep their words
// (for an archive written before links had numbers), and everything
// attached to the document goes with it. It returns the old texts by
// language, by whose quotes the cross-references from other documents
// into it are then found again.
func removeReplaced(ctx context.Context, tx *sql.Tx, a *sverka.Archive) (map[string][]rune, error) {
	d := a.Document
	if err := refuseTrashed(ctx, tx, d.ID); err != nil {
		return nil, trashedConflict(d.ID)
	}
	if err := checkNothingLost(ctx, tx, a); err != nil {
		return nil, err
	}
	was, err := findDocument(ctx, tx, d.ID)
	if err != nil {
		return nil, err
	}
	if len(d.Links) > 0 && d.Links[0].Ref == 0 {
		if err := carryRefs(ctx, tx, was, d); err != nil {
			return nil, fmt.Errorf("import document %s: %w", d.ID, err)
		}
	}
	if err := deleteDocument(ctx, tx, d.ID); err != nil {
		return nil, err
	}
	texts := map[string][]rune{}
	for _, t := range was.Texts {
		texts[t.Lang] = []rune(t.Text)
	}
	return texts, nil
}

// deleteDocument removes a document and, by cascade, everything attached
// to it, inside tx.
func deleteDocument(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete document %s: %w", id, err)
	}
	return nil
}
