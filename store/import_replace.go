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
// attached to the document goes with it. An archive of other texts at a
// revision no later than the old one's takes the next revision, since the
// document cache and ETags key on it. It returns the old document, in
// whose texts the cross-references from other documents into it are then
// found again by their quotes.
func removeReplaced(ctx context.Context, tx *sql.Tx, a *sverka.Archive) (*sverka.Document, error) {
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
	if d.Revision <= was.Revision && !sameDerivation(was, d) {
		d.Revision = was.Revision + 1
	}
	return was, nil
}

// textsOf is each base text of d by language, in code points.
func textsOf(d *sverka.Document) map[string][]rune {
	texts := map[string][]rune{}
	for _, t := range d.Texts {
		texts[t.Lang] = []rune(t.Text)
	}
	return texts
}

// deleteDocument removes a document and, by cascade, everything attached
// to it, inside tx.
func deleteDocument(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete document %s: %w", id, err)
	}
	return nil
}
