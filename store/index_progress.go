package store

import (
	"context"
	"fmt"
)

// IndexProgress says how far the search index is: Indexed of Documents
// are searchable as they now are; the others are queued (search_index.go).
type IndexProgress struct {
	Indexed   int `json:"indexed"`
	Documents int `json:"documents"`
	// Ready is true once the lexicons are loaded and nothing is queued.
	Ready bool `json:"ready"`
	// Error is the indexer's last failure, if any.
	Error string `json:"error,omitempty"`
}

// IndexProgress reads how far the search index is (for /readyz, and the
// "indexing: N of M documents" a search shows meanwhile). It counts the
// queue, which is empty but while indexing goes on.
func (db *DB) IndexProgress(ctx context.Context) (IndexProgress, error) {
	return db.indexProgress(ctx, true)
}

// indexProgress is IndexProgress; unless counted, a ready index's
// documents are not counted (Indexed and Documents stay 0): a search shows
// the progress only while the index is not ready, and counting read an
// index of every document on every search.
func (db *DB) indexProgress(ctx context.Context, counted bool) (IndexProgress, error) {
	var p IndexProgress
	var queued int
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM search_queue`).Scan(&queued); err != nil {
		return p, fmt.Errorf("index progress: %w", err)
	}
	if err := db.search.lastErr.Load(); err != nil {
		p.Error = (*err).Error()
	}
	p.Ready = queued == 0 && db.search.keyer.Load() != nil
	if p.Ready && !counted {
		return p, nil
	}
	// All documents less those in the trash: both counts read an index
	// (trashed_at comes after each document's raw source in its row, so
	// counting the rows where it is empty read every source: half of a
	// search's time at 10,000 documents).
	if err := db.reader.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM documents) - (SELECT count(*) FROM documents WHERE trashed_at <> '')`).Scan(&p.Documents); err != nil {
		return p, fmt.Errorf("index progress: %w", err)
	}
	if queued > 0 { // a document deleted but not yet out of the index counts as none
		if err := db.reader.QueryRowContext(ctx, `
			SELECT count(*) FROM search_queue q JOIN documents d ON d.id = q.document_id`).Scan(&queued); err != nil {
			return p, fmt.Errorf("index progress: %w", err)
		}
	}
	p.Indexed = p.Documents - queued
	return p, nil
}
