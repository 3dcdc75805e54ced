package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"sverka"
)

// statement is one SQL statement with its arguments. A document is written as
// a list of them, so that the same list serves CreateDocument and the SQL of
// the seed migration.
type statement struct {
	query string
	args  []any
}

// documentStatements lists the inserts that store d. Foreign keys are found
// with subqueries on natural keys, so the list needs no generated ids.
// withBytes stores where each segment lies in the bytes of its text
// (migration 000035), which the seed migration, older, does not.
func documentStatements(d *sverka.Document, withBytes bool) []statement {
	st := []statement{{
		`INSERT INTO documents (id, title, date, citation, summary, source_url, original_language, credits, source_format, raw_source, public, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		[]any{d.ID, d.Title, d.Date, d.Citation, d.Summary, d.SourceURL, d.OriginalLanguage, d.Credits, d.SourceFormat, d.RawSource, boolInt(d.Public), formatTime(d.CreatedAt)},
	}}
	const baseText = `(SELECT id FROM base_texts WHERE document_id = ? AND lang = ?)`
	for _, t := range d.Texts {
		st = append(st, statement{
			`INSERT INTO base_texts (document_id, lang, role, text) VALUES (?, ?, ?, ?)`,
			[]any{d.ID, t.Lang, t.Role, t.Text},
		})
		for i, s := range t.Steps {
			st = append(st, statement{
				`INSERT INTO derivation_steps (base_text_id, seq, op, source_start, source_end, source_text, replacement, rule, editor, note) VALUES (` + baseText + `, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				[]any{d.ID, t.Lang, i + 1, s.Op, s.SourceStart, s.SourceEnd, s.SourceText, s.Replacement, s.Rule, s.Editor, s.Note},
			})
		}
	}
	wider := map[int]map[string][2]int{}
	for _, r := range d.Refs {
		wider[r.Ref] = r.Spans
	}
	refs := d.StoredRefs()
	codes := make([]*codeText, len(d.Texts))
	for j, t := range d.Texts {
		if withBytes {
			codes[j] = newCodeText(t.Text)
		}
	}
	for i, l := range d.Links {
		ref := refs[i]
		spans := linkSpans(d, l)
		if w, ok := wider[ref]; ok {
			spans = widen(spans, w)
			delete(wider, ref)
		}
		st = append(st, statement{
			`INSERT INTO links (document_id, position, ref, status, confidence) VALUES (?, ?, ?, ?, ?)`,
			[]any{d.ID, i + 1, ref, l.Status, l.Confidence},
		}, statement{
			`INSERT INTO link_refs (document_id, ref, spans) VALUES (?, ?, ?)`,
			[]any{d.ID, ref, spansJSON(spans)},
		})
		for j, t := range d.Texts {
			for _, k := range l.Segments[t.Lang] {
				s := t.Segments[k]
				const link = `(SELECT id FROM links WHERE document_id = ? AND position = ?)`
				insert := statement{
					`INSERT INTO segments (base_text_id, link_id, start_offset, end_offset) VALUES (` + baseText + `, ` + link + `, ?, ?)`,
					[]any{d.ID, t.Lang, d.ID, i + 1, s.Start, s.End},
				}
				if withBytes {
					start, end := codes[j].byteRange(s.Start, s.End)
					insert = statement{
						`INSERT INTO segments (base_text_id, link_id, start_offset, end_offset, start_byte, end_byte) VALUES (` + baseText + `, ` + link + `, ?, ?, ?, ?)`,
						[]any{d.ID, t.Lang, d.ID, i + 1, s.Start, s.End, start, end},
					}
				}
				st = append(st, insert)
			}
		}
	}
	for _, r := range d.Refs {
		if spans, ok := wider[r.Ref]; ok {
			st = append(st, statement{`INSERT INTO link_refs (document_id, ref, spans) VALUES (?, ?, ?)`, []any{d.ID, r.Ref, spansJSON(spans)}})
		}
	}
	return append(st, scanStatements(d)...)
}

// insertDocument writes d (documentStatements, several rows a statement:
// an import of 1M sentences ran 3M statements) and what the corpus learns from its
// confirmed links (syncLearned), and tells the engine (documentStored).
func (db *DB) insertDocument(ctx context.Context, tx *sql.Tx, d *sverka.Document) error {
	if err := insertStatements(ctx, tx, documentStatements(d, true)); err != nil {
		return err
	}
	if err := syncLearned(ctx, tx, d.ID); err != nil {
		return err
	}
	return db.engine.documentStored(ctx, tx, len(d.Links))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CreateDocument stores a new document with its texts, derivation, segments
// and links in one transaction. A document with the same id is ErrConflict.
func (db *DB) CreateDocument(ctx context.Context, d *sverka.Document) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = db.now()
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ?`, d.ID).Scan(&n); err != nil {
			return fmt.Errorf("create document: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("document %s is already present: %w", d.ID, sverka.ErrConflict)
		}
		if err := db.insertDocument(ctx, tx, d); err != nil {
			return fmt.Errorf("create document %s: %w", d.ID, err)
		}
		return nil
	})
}

// FindDocuments lists every document, newest date last. An anonymous
// viewer (nil) sees only the public ones.
func (db *DB) FindDocuments(ctx context.Context, viewer *sverka.User) ([]sverka.DocumentSummary, error) {
	list, _, err := db.FindDocumentSummaries(ctx, DocumentFilter{Viewer: viewer})
	return list, err
}

// DocumentStatus is what changes about a document as a whole.
type DocumentStatus struct {
	// Revision grows with every change to the document.
	Revision int64
	// Public documents may be read by anonymous visitors.
	Public bool
	// Trashed documents are read by no one (store/trash.go).
	Trashed bool
}

// FindDocumentStatus reads the revision and visibility of document id, and
// whether it is in the trash.
func (db *DB) FindDocumentStatus(ctx context.Context, id string) (DocumentStatus, error) {
	var st DocumentStatus
	err := db.reader.QueryRowContext(ctx, `SELECT revision, public, trashed_at <> '' FROM documents WHERE id = ?`, id).Scan(&st.Revision, &st.Public, &st.Trashed)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("document %s: %w", id, sverka.ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("document status: %w", err)
	}
	return st, nil
}

// DocumentRevision returns the document's revision, a number that grows with
// every change to it (for caches and ETags).
func (db *DB) DocumentRevision(ctx context.Context, id string) (int64, error) {
	var rev int64
	err := db.reader.QueryRowContext(ctx, `SELECT revision FROM documents WHERE id = ?`, id).Scan(&rev)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("document %s: %w", id, sverka.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("document revision: %w", err)
	}
	return rev, nil
}

func findSteps(ctx context.Context, tx *sql.Tx, baseTextID int64, t *sverka.BaseText) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT op, source_start, source_end, source_text, replacement, rule, editor, note
		FROM derivation_steps WHERE base_text_id = ? ORDER BY seq`, baseTextID)
	if err != nil {
		return fmt.Errorf("find derivation: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s sverka.DerivationStep
		if err := rows.Scan(&s.Op, &s.SourceStart, &s.SourceEnd, &s.SourceText, &s.Replacement, &s.Rule, &s.Editor, &s.Note); err != nil {
			return fmt.Errorf("find derivation: %w", err)
		}
		t.Steps = append(t.Steps, s)
	}
	return rows.Err()
}

// Replacement says what became of the annotations of a replaced document.
type Replacement struct {
	// Kept counts the annotations carried over; Moved and Orphaned those
	// whose words moved in the new text, or are no longer there.
	Kept, Moved, Orphaned int
	// LinksMoved and LinksOrphaned count the cross-references, from any
	// document, whose linked passage in the replaced text moved or is gone.
	LinksMoved, LinksOrphaned int
}

// ReplaceDocument puts d in the place of the document with its id, in one
// transaction: metadata, raw source, base texts, derivation, segments and
// links are d's; the old alignment's edit history goes with the old links.
// Every annotation stays, re-anchored by its quote on the new base text of
// its language, or marked orphaned and kept for a scholar to place again;
// none is ever silently attached to other words. So is the far end of
// every cross-reference, from any document, into the replaced text. The old document as it
// was (raw source, texts and links) is kept in the audit trail.
func (db *DB) ReplaceDocument(ctx context.Context, d *sverka.Document, userID int64) (Replacement, error) {
	var r Replacement
	if err := d.Validate(); err != nil {
		return r, err
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		r = Replacement{}
		if err := refuseTrashed(ctx, tx, d.ID); errors.Is(err, ErrTrashed) {
			return trashedConflict(d.ID)
		}
		old, err := findDocument(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		d.CreatedAt = old.CreatedAt
		keepMetadata(d, old)
		if err := carryRefs(ctx, tx, old, d); err != nil {
			return fmt.Errorf("replace document %s: %w", d.ID, err)
		}
		for _, q := range []string{
			`CREATE TEMP TABLE kept_annotations AS SELECT * FROM annotations WHERE document_id = ?`,
			`DELETE FROM documents WHERE id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, d.ID); err != nil {
				return fmt.Errorf("replace document %s: %w", d.ID, err)
			}
		}
		if err := db.insertDocument(ctx, tx, d); err != nil {
			return fmt.Errorf("replace document %s: %w", d.ID, err)
		}
		// The revision goes on from the old one, never back: the document
		// cache and the ETags key on it.
		if err := restoreRevision(ctx, tx, d.ID, old.Revision); err != nil {
			return fmt.Errorf("replace document %s: %w", d.ID, err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO annotations SELECT * FROM kept_annotations`)
		if err != nil {
			return fmt.Errorf("replace document %s: keep annotations: %w", d.ID, err)
		}
		n, _ := res.RowsAffected()
		r.Kept = int(n)
		if _, err := tx.ExecContext(ctx, `DROP TABLE kept_annotations`); err != nil {
			return fmt.Errorf("replace document %s: %w", d.ID, err)
		}
		if _, err := bumpRevision(ctx, tx, d.ID); err != nil {
			return fmt.Errorf("replace document %s: %w", d.ID, err)
		}
		langs := map[string]bool{}
		for _, t := range append(old.Texts, d.Texts...) {
			langs[t.Lang] = true
		}
		for lang := range langs {
			moved, orphaned, err := reanchor(ctx, tx, d.ID, lang, db.now(), userID)
			if err != nil {
				return err
			}
			r.Moved += moved
			r.Orphaned += orphaned
		}
		moved, orphaned, err := reanchorLinks(ctx, tx, d.ID, textsOf(old), db.now(), userID)
		if err != nil {
			return err
		}
		r.LinksMoved, r.LinksOrphaned = len(moved), len(orphaned)
		return recordChange(ctx, tx, Change{At: db.now(), UserID: userID, DocumentID: d.ID, Entity: "document", EntityID: d.ID,
			Action: "replace", Before: replacedState(old), After: map[string]any{"title": d.Title, "annotations": r}})
	})
	if err != nil {
		return Replacement{}, err
	}
	return r, nil
}

// keepMetadata gives d, replacing old, the metadata it was not given: a
// field it leaves empty, and a title that is only its id (what a pair
// imported without a title gets), stay as they were.
func keepMetadata(d, old *sverka.Document) {
	if strings.TrimSpace(d.Title) == "" || d.Title == d.ID {
		d.Title = old.Title
	}
	for _, f := range []struct{ next, prev *string }{
		{&d.Date, &old.Date}, {&d.Citation, &old.Citation}, {&d.Summary, &old.Summary},
		{&d.SourceURL, &old.SourceURL}, {&d.Credits, &old.Credits},
	} {
		if *f.next == "" {
			*f.next = *f.prev
		}
	}
}

// replacedState is what the audit trail keeps of a replaced document: its
// source and texts, so that no reading is lost, and its links.
func replacedState(d *sverka.Document) map[string]any {
	texts := map[string]string{}
	links := make([]map[string][]int, len(d.Links))
	for _, t := range d.Texts {
		texts[t.Lang] = t.Text
	}
	for i, l := range d.Links {
		links[i] = l.Segments
	}
	return map[string]any{"title": d.Title, "rawSource": d.RawSource, "texts": texts, "links": links}
}
