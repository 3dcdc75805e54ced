package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"sverka"
)

// Rendering is something the server made of a document at a revision, kept
// in the database (the renderings table) so that a document read again
// once the server's memory let it go is copied out of one row instead of
// being rebuilt from its segments and links. What Body holds is the
// server's business; the store keeps it for the revision it was made of,
// and for the build of the server that made it, which alone reads it.
type Rendering struct {
	// Kind names what it is ("api", "view"), one row a kind a document.
	Kind     string
	Revision int64
	Body     []byte
}

// FindRendering returns the rendering of kind of document id made by build
// from the document's current revision, or ErrNotFound when there is none:
// a row of another revision or another build is never returned.
func (db *DB) FindRendering(ctx context.Context, id, kind, build string) (Rendering, error) {
	r := Rendering{Kind: kind}
	err := db.reader.QueryRowContext(ctx, `
		SELECT r.revision, r.body FROM renderings r JOIN documents d ON d.id = r.document_id AND d.revision = r.revision
		WHERE r.document_id = ? AND r.kind = ? AND r.build = ?`, id, kind, build).Scan(&r.Revision, &r.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("rendering %s of document %s: %w", kind, id, sverka.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("find rendering: %w", err)
	}
	return r, nil
}

// RenderSource is what the reading view and the API show of a document
// and the document's rendering stamp then: a rendering made of it may be
// kept (SaveRenderings) while the stamp stays.
type RenderSource struct {
	Doc   *sverka.Document
	Refs  []sverka.LinkRef
	Stamp int64
}

// FindRenderSource reads document id as FindDocumentToRead does and its
// rendering stamp, in one snapshot; with refs, the refs its links ever
// had too (FindLinkRefs), which the reading view shows and the API does
// not.
func (db *DB) FindRenderSource(ctx context.Context, id string, refs bool) (RenderSource, error) {
	var src RenderSource
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		if src.Doc, err = readUntrashed(ctx, tx, id, withoutSource); err != nil {
			return err
		}
		if refs {
			if src.Refs, err = findLinkRefs(ctx, tx, id); err != nil {
				return err
			}
		}
		err = tx.QueryRowContext(ctx, `SELECT coalesce((SELECT stamp FROM rendering_stamps WHERE document_id = ?), 0)`, id).Scan(&src.Stamp)
		if err != nil {
			return fmt.Errorf("find rendering stamp: %w", err)
		}
		return nil
	})
	return src, err
}

// KeptRendering is a rendering to keep of a document, made of what
// FindRenderSource read with stamp Stamp.
type KeptRendering struct {
	DocumentID string
	Stamp      int64
	Rendering
}

// SaveRenderings keeps the renderings rs made by build, in one transaction,
// each only if its document is still at the revision and the stamp it was
// made of and not in the trash: so a row always holds what its revision
// shows, even where an import gives a document back a revision it had
// (revision.go moves the stamp on then). The transaction gives way to
// other writes and does not count in Writes, as the search indexer's: it
// changes nothing a reader sees.
func (db *DB) SaveRenderings(ctx context.Context, build string, rs []KeptRendering) error {
	return db.writeIndex(ctx, func(tx *sql.Tx) error {
		for _, r := range rs {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO renderings (document_id, kind, revision, build, body)
				SELECT d.id, ?, d.revision, ?, ? FROM documents d
				WHERE d.id = ? AND d.revision = ? AND d.trashed_at = ''
					AND coalesce((SELECT stamp FROM rendering_stamps WHERE document_id = d.id), 0) = ?
				ON CONFLICT (document_id, kind) DO UPDATE SET revision = excluded.revision, build = excluded.build, body = excluded.body`,
				r.Kind, build, r.Body, r.DocumentID, r.Revision, r.Stamp); err != nil {
				return fmt.Errorf("save rendering: %w", err)
			}
		}
		return nil
	})
}

// dropRenderings deletes the renderings of document id, whose revision is
// moving, and moves its stamp on, so that none made of what it was is kept
// after.
func dropRenderings(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM renderings WHERE document_id = ?`, id); err != nil {
		return fmt.Errorf("drop renderings: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO rendering_stamps (document_id, stamp) VALUES (?, 1)
		ON CONFLICT (document_id) DO UPDATE SET stamp = rendering_stamps.stamp + 1`, id); err != nil {
		return fmt.Errorf("drop renderings: %w", err)
	}
	return nil
}
