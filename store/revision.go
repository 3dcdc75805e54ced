package store

import (
	"context"
	"database/sql"
	"fmt"
)

// bumpDocument marks a change of a document's corrected reading.
func bumpDocument(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET revision = revision + 1 WHERE id = ?`, id); err != nil {
		return fmt.Errorf("bump document revision: %w", err)
	}
	return nil
}
