package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"sverka"
)

// The trash: a deleted document is only marked (trashed_at, trashed_by),
// so that nothing of it is lost; every read for lists, search, exports and
// readers leaves it out, and every write to it is refused, until an admin
// restores it or purges it for good.

// ErrTrashed means the document is in the trash: it cannot be read or
// changed until it is restored. It is an ErrNotFound for readers.
var ErrTrashed = fmt.Errorf("the document is in the trash (an admin may restore it): %w", sverka.ErrNotFound)

// TrashedDocument is a line of the trash.
type TrashedDocument struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Date      string    `json:"date"`
	Public    bool      `json:"public"`
	LinkCount int       `json:"linkCount"`
	TrashedAt time.Time `json:"trashedAt"`
	TrashedBy string    `json:"trashedBy"`
	// Annotations counts the annotations on the document, and Incoming the
	// cross-references into it from other documents: those a purge orphans.
	Annotations int `json:"annotations"`
	Incoming    int `json:"incoming"`
}

// Purge says what a purge did to the references into the purged document.
type Purge struct {
	// Orphaned lists the cross-references from other documents whose far
	// end was in the purged document: each is now marked orphaned.
	Orphaned []OrphanedLink `json:"orphaned"`
}

// OrphanedLink is a cross-reference whose far end a purge took away.
type OrphanedLink struct {
	AnnotationID int64  `json:"annotationID"`
	DocumentID   string `json:"documentID"`
	Exact        string `json:"exact"`
}

// trashState reads whether document id exists and is in the trash.
func trashState(ctx context.Context, q querier, id string) (trashed bool, err error) {
	var at string
	err = q.QueryRowContext(ctx, `SELECT trashed_at FROM documents WHERE id = ?`, id).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("document %s: %w", id, sverka.ErrNotFound)
	}
	if err != nil {
		return false, fmt.Errorf("find document: %w", err)
	}
	return at != "", nil
}

// refuseTrashed is ErrTrashed when document id is in the trash, and
// ErrNotFound when there is none: what every change to a document checks.
func refuseTrashed(ctx context.Context, q querier, id string) error {
	trashed, err := trashState(ctx, q, id)
	if err == nil && trashed {
		return fmt.Errorf("document %s: %w", id, ErrTrashed)
	}
	return err
}

// findLiveDocumentHead is findDocumentHead for a change to the document:
// one in the trash is refused (ErrTrashed).
func findLiveDocumentHead(ctx context.Context, tx *sql.Tx, id string) (*sverka.Document, error) {
	d, _, err := findDocumentHead(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := refuseTrashed(ctx, tx, id); err != nil {
		return nil, err
	}
	return d, nil
}

// TrashDocument moves document id to the trash as userID. The change moves
// its revision on (caches and the search index drop it) and is recorded in
// the audit trail; a document already in the trash is ErrConflict.
func (db *DB) TrashDocument(ctx context.Context, id string, userID int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		trashed, err := trashState(ctx, tx, id)
		if err != nil {
			return err
		}
		if trashed {
			return fmt.Errorf("document %s is in the trash already: %w", id, sverka.ErrConflict)
		}
		return db.setTrashed(ctx, tx, id, formatTime(db.now()), userID, "trash")
	})
}

// RestoreDocument takes document id out of the trash as userID: it is
// listed, searched and read again as before. A document not in the trash
// is ErrNotFound.
func (db *DB) RestoreDocument(ctx context.Context, id string, userID int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		trashed, err := trashState(ctx, tx, id)
		if err != nil {
			return err
		}
		if !trashed {
			return fmt.Errorf("document %s is not in the trash: %w", id, sverka.ErrNotFound)
		}
		return db.setTrashed(ctx, tx, id, "", userID, "restore")
	})
}

// setTrashed writes the trash mark at ("" for none) of document id, moves
// its revision on and records action in the audit trail.
func (db *DB) setTrashed(ctx context.Context, tx *sql.Tx, id, at string, userID int64, action string) error {
	var by any
	if at != "" && userID != 0 {
		by = userID
	}
	var title string
	if err := tx.QueryRowContext(ctx, `UPDATE documents SET trashed_at = ?, trashed_by = ? WHERE id = ? RETURNING title`, at, by, id).Scan(&title); err != nil {
		return fmt.Errorf("%s document %s: %w", action, id, err)
	}
	if _, err := bumpRevision(ctx, tx, id); err != nil {
		return err
	}
	if err := syncLearned(ctx, tx, id); err != nil {
		return err
	}
	return recordChange(ctx, tx, Change{At: db.now(), UserID: userID, DocumentID: id, Entity: "document", EntityID: id,
		Action: action, Before: map[string]any{"title": title, "trashed": at == ""}, After: map[string]any{"title": title, "trashed": at != ""}})
}

// PurgeDocument deletes document id from the trash for good, as userID:
// confirm must repeat its id. Only a document in the trash can be purged
// (else ErrConflict). The cross-references into it from other documents
// are marked orphaned (each a new version of its annotation) and listed in
// the answer; the audit trail keeps the document's source, texts and links.
func (db *DB) PurgeDocument(ctx context.Context, id, confirm string, userID int64) (Purge, error) {
	var p Purge
	if confirm != id {
		return p, sverka.Invalid("confirm", "type the document id %q again to purge it for good", id)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		p = Purge{Orphaned: []OrphanedLink{}}
		trashed, err := trashState(ctx, tx, id)
		if err != nil {
			return err
		}
		if !trashed {
			return fmt.Errorf("document %s is not in the trash: only a document in the trash can be purged: %w", id, sverka.ErrConflict)
		}
		old, err := findDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := deleteDocument(ctx, tx, id); err != nil {
			return err
		}
		_, list, err := reanchorLinks(ctx, tx, id, nil, db.now(), userID)
		if err != nil {
			return err
		}
		for _, a := range list {
			p.Orphaned = append(p.Orphaned, OrphanedLink{AnnotationID: a.ID, DocumentID: a.DocumentID, Exact: a.Link.Exact})
		}
		return recordChange(ctx, tx, Change{At: db.now(), UserID: userID, DocumentID: id, Entity: "document", EntityID: id,
			Action: "purge", Before: replacedState(old), After: map[string]any{"orphanedLinks": p.Orphaned}})
	})
	if err != nil {
		return Purge{}, fmt.Errorf("purge document: %w", err)
	}
	return p, nil
}

// FindTrash lists the documents in the trash that viewer may read,
// most recently trashed first.
func (db *DB) FindTrash(ctx context.Context, viewer *sverka.User) ([]TrashedDocument, error) {
	rows, err := db.reader.QueryContext(ctx, `
		SELECT d.id, d.title, d.date, d.public, d.trashed_at, coalesce(u.name, ''),
			(SELECT count(*) FROM links l WHERE l.document_id = d.id),
			(SELECT count(*) FROM annotations a WHERE a.document_id = d.id AND a.deleted_at = ''),
			(SELECT count(*) FROM annotations a WHERE a.link_document = d.id AND a.document_id <> d.id AND a.motivation = 'linking' AND a.deleted_at = '')
		FROM documents d LEFT JOIN users u ON u.id = d.trashed_by
		WHERE d.trashed_at <> '' AND (d.public = 1 OR ?)
		ORDER BY d.trashed_at DESC, d.id`, viewer != nil)
	if err != nil {
		return nil, fmt.Errorf("find trash: %w", err)
	}
	defer rows.Close()
	list := []TrashedDocument{}
	for rows.Next() {
		var t TrashedDocument
		var at string
		if err := rows.Scan(&t.ID, &t.Title, &t.Date, &t.Public, &at, &t.TrashedBy, &t.LinkCount, &t.Annotations, &t.Incoming); err != nil {
			return nil, fmt.Errorf("find trash: %w", err)
		}
		t.TrashedAt = parseTime(at)
		list = append(list, t)
	}
	return list, rows.Err()
}

// trashedConflict is the error of an import under the id of a document in
// the trash.
func trashedConflict(id string) error {
	return fmt.Errorf("document %s is in the trash: an admin restores or purges it before another is imported under its id: %w", id, sverka.ErrConflict)
}

// outOfTrash is the SQL condition that the document whose id is the
// column col is not in the trash.
func outOfTrash(col string) string {
	return `EXISTS (SELECT 1 FROM documents t WHERE t.id = ` + col + ` AND t.trashed_at = '')`
}
