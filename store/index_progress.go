package store

import (
	"context"
	"fmt"
)

// IndexProgress says how far the search index is: Indexed of Documents
// are in it at their current revision.
type IndexProgress struct {
	Indexed, Documents int
}

// IndexProgress reads how many documents the search index holds at their
// current revision, of how many there are.
func (db *DB) IndexProgress(ctx context.Context) (IndexProgress, error) {
	var p IndexProgress
	err := db.reader.QueryRowContext(ctx, `SELECT count(*), count(p.document_id) FROM documents d
		LEFT JOIN passages_indexed p ON p.document_id = d.id AND p.revision = d.revision`).Scan(&p.Documents, &p.Indexed)
	if err != nil {
		return p, fmt.Errorf("index progress: %w", err)
	}
	return p, nil
}
