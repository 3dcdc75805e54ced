package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"sverka"
)

// ErrStaleRevision means a change was made against a document revision
// that is no longer the current one. It is a sverka.ErrStale.
var ErrStaleRevision = fmt.Errorf("the document changed since you loaded it: %w", sverka.ErrStale)

// DocumentMetadata is what an editor may change of a document without
// touching its texts: a nil field stays as it is. OriginalLanguage is a
// BCP 47 tag ("ru"), or empty; Public lets anonymous visitors read it.
type DocumentMetadata struct {
	Title, Date, Citation, Summary, SourceURL, OriginalLanguage *string
	Public                                                      *bool
}

// fields names the columns of DocumentMetadata, in one order.
func (m DocumentMetadata) fields() []struct {
	column string
	value  *string
} {
	return []struct {
		column string
		value  *string
	}{{"title", m.Title}, {"date", m.Date}, {"citation", m.Citation}, {"summary", m.Summary}, {"source_url", m.SourceURL},
		{"original_language", m.OriginalLanguage}}
}

// UpdateDocumentMetadata changes the metadata of document id, made against
// revision ifRevision (0: the current one; another is ErrStaleRevision),
// as userID. The change moves the revision on and is recorded in the audit
// trail with the values before and after. It returns the new revision.
func (db *DB) UpdateDocumentMetadata(ctx context.Context, id string, ifRevision int64, m DocumentMetadata, userID int64) (int64, error) {
	if m.Title != nil && strings.TrimSpace(*m.Title) == "" {
		return 0, sverka.Invalid("title", "a document needs a title")
	}
	var rev int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		before, after := map[string]any{}, map[string]any{}
		var cur [6]string
		var public bool
		err := tx.QueryRowContext(ctx, `SELECT title, date, citation, summary, source_url, original_language, public, revision FROM documents WHERE id = ?`, id).
			Scan(&cur[0], &cur[1], &cur[2], &cur[3], &cur[4], &cur[5], &public, &rev)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("document %s: %w", id, sverka.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("find document: %w", err)
		}
		if err := refuseTrashed(ctx, tx, id); err != nil {
			return err
		}
		if ifRevision != 0 && ifRevision != rev {
			return fmt.Errorf("document %s is at revision %d, not %d: %w", id, rev, ifRevision, ErrStaleRevision)
		}
		// A language is a BCP 47 tag; one imported before (a name, like
		// "Russian") may stay as it is.
		if l := m.OriginalLanguage; l != nil && *l != "" && *l != cur[5] {
			if err := sverka.ValidLanguage(*l); err != nil {
				return err
			}
		}
		for i, f := range m.fields() {
			if f.value == nil || *f.value == cur[i] {
				continue
			}
			// The column names come from fields, never from input.
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET `+f.column+` = ? WHERE id = ?`, *f.value, id); err != nil {
				return fmt.Errorf("update document %s: %w", id, err)
			}
			before[f.column], after[f.column] = cur[i], *f.value
		}
		if m.Public != nil && *m.Public != public {
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET public = ? WHERE id = ?`, boolInt(*m.Public), id); err != nil {
				return fmt.Errorf("update document %s: %w", id, err)
			}
			before["public"], after["public"] = public, *m.Public
		}
		if len(after) == 0 {
			return nil
		}
		if rev, err = bumpRevision(ctx, tx, id); err != nil {
			return err
		}
		return recordChange(ctx, tx, Change{At: db.now(), UserID: userID, DocumentID: id, Entity: "document", EntityID: id,
			Action: "update", Before: before, After: after})
	})
	if err != nil {
		return 0, fmt.Errorf("update document metadata: %w", err)
	}
	return rev, nil
}
