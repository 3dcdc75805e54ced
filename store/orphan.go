package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"sverka"
	"sverka/anno"
)

// The orphans of a document are the annotations whose words are gone from
// its replaced text, and the cross-references with an end there that no
// longer resolves: from the document, a link whose far end is gone (its
// passage replaced away, or its document purged); into the document, a
// link from elsewhere whose passage here is gone. Deleted annotations are
// not orphans; what a viewer may not read is not listed for them.

// linksInto is the condition on an annotation a that it is a
// cross-reference into the document whose id is doc (a column, or ? for an
// argument). It asks for a link_document that is not empty (no id is) so
// that SQLite may use the partial index annotations_link_document instead
// of reading every annotation.
func linksInto(doc string) string {
	return `a.link_document <> '' AND a.link_document = ` + doc + ` AND a.motivation = 'linking'`
}

// orphanedOn is the condition on an annotation a that it is an orphan of
// document ? (its id, given twice).
var orphanedOn = `a.deleted_at = '' AND (
	a.document_id = ? AND (a.orphaned = 1 OR a.link_orphaned = 1)
	OR ` + linksInto("?") + ` AND a.link_orphaned = 1)`

// FindOrphans lists the orphans of document id that viewer (a user id, 0
// for an anonymous visitor) may read, those on the document first, in text
// order. The document must exist and be out of the trash.
func (db *DB) FindOrphans(ctx context.Context, id string, viewer int64) ([]*sverka.Annotation, error) {
	var list []*sverka.Annotation
	err := db.read(ctx, func(tx *sql.Tx) error {
		if err := refuseTrashed(ctx, tx, id); err != nil {
			return err
		}
		visible, args := annotationVisible(viewer)
		var err error
		list, err = queryAnnotations(ctx, tx, orphanedOn+` AND `+visible+`
			ORDER BY a.document_id <> ?, a.document_id, a.lang, a.start_offset, a.id`,
			append(append([]any{id, id}, args...), id)...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find orphans: %w", err)
	}
	if list == nil {
		list = []*sverka.Annotation{}
	}
	return list, nil
}

// orphanCount is the SQL of the number of orphans of the document whose id
// is the column col that viewer may read, with its arguments.
func orphanCount(col string, viewer int64) (string, []any) {
	visible, args := annotationVisible(viewer)
	q := `(SELECT count(*) FROM annotations a WHERE ` +
		`a.deleted_at = '' AND a.document_id = ` + col + ` AND (a.orphaned = 1 OR a.link_orphaned = 1) AND ` + visible + `) + ` +
		`(SELECT count(*) FROM annotations a WHERE a.deleted_at = '' AND ` + linksInto(col) +
		` AND a.document_id <> ` + col + ` AND a.link_orphaned = 1 AND ` + visible + `)`
	return q, append(args, args...)
}

// CountOrphans counts the orphans of document id that viewer may read.
func (db *DB) CountOrphans(ctx context.Context, id string, viewer int64) (int, error) {
	q, args := orphanCount("d.id", viewer)
	var n int
	if err := db.reader.QueryRowContext(ctx, `SELECT `+q+` FROM documents d WHERE d.id = ?`, append(args, id)...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count orphans: %w", err)
	}
	return n, nil
}

// FindOrphanPlaces offers up to n places to attach orphan a to again: the
// spans of the text its lost end pointed into (its own target, or with
// linkEnd its cross-reference's far end) most like the words it had, with
// the prefix and suffix it had (anno.Nearby), best first. None when that
// text is gone (its document purged, or in the trash).
func (db *DB) FindOrphanPlaces(ctx context.Context, a *sverka.Annotation, linkEnd bool, n int) ([]anno.Candidate, error) {
	doc, lang, exact, prefix, suffix := a.DocumentID, a.Target.Lang, a.Target.Exact, a.Target.Prefix, a.Target.Suffix
	if linkEnd && a.Link != nil {
		doc, lang, exact, prefix, suffix = a.Link.DocumentID, a.Link.Lang, a.Link.Exact, "", ""
	}
	places := []anno.Candidate{}
	if lang == "" || exact == "" {
		return places, nil
	}
	err := db.read(ctx, func(tx *sql.Tx) error {
		bt, err := db.findBaseText(ctx, tx, doc, lang, "target")
		var gone *sverka.ValidationError
		if errors.Is(err, sverka.ErrNotFound) || errors.As(err, &gone) {
			return nil // purged, in the trash, or without that language
		}
		if err != nil {
			return err
		}
		places = append(places, anno.Nearby(bt.runes(), exact, prefix, suffix, n)...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find orphan places: %w", err)
	}
	return places, nil
}
