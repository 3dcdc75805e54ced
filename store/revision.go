package store

import (
	"context"
	"database/sql"
	"fmt"
)

// bumpRevision is the one function that moves a document's revision on. A
// writer that changes what a reader of the document sees — its texts, its
// alignment, its accepted corrections and annotations — calls it inside the
// same transaction, since the document cache, the renderings kept in the
// database (dropped here, dropRenderings), the ETags of the document API and the search
// index all key on the revision. It returns the new revision.
func bumpRevision(ctx context.Context, tx *sql.Tx, id string) (int64, error) {
	if err := dropRenderings(ctx, tx, id); err != nil {
		return 0, err
	}
	var rev int64
	if err := tx.QueryRowContext(ctx, `UPDATE documents SET revision = revision + 1 WHERE id = ? RETURNING revision`, id).Scan(&rev); err != nil {
		return 0, fmt.Errorf("bump document revision: %w", err)
	}
	return rev, nil
}

// restoreRevision gives a document just imported the revision its archive
// carries, so that a document moved between databases keeps it. That
// revision may be one the document had before with other content: the
// renderings kept of it go.
func restoreRevision(ctx context.Context, tx *sql.Tx, id string, rev int64) error {
	if err := dropRenderings(ctx, tx, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET revision = ? WHERE id = ?`, rev, id); err != nil {
		return fmt.Errorf("restore document revision: %w", err)
	}
	return nil
}
