package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"sverka"
)

// annotationColumns is the column list that scanAnnotation reads.
const annotationColumns = `a.id, a.document_id, a.motivation, a.lang, a.start_offset, a.end_offset, a.exact, a.prefix, a.suffix,
	a.orphaned, coalesce(a.reply_to, 0), a.body, a.tags,
	a.link_document, a.link_lang, a.link_start, a.link_end, a.link_exact, a.link_url, a.link_citation, a.link_orphaned,
	a.status, coalesce(a.reviewed_by, 0), coalesce(r.name, ''), a.reviewed_at,
	a.private, a.creator, coalesce(c.name, ''), a.created_at, a.modified_at, a.version, a.deleted_at, a.written_by, a.written_at,
	a.suggested, a.batch, a.outside, a.w3c
	FROM annotations a LEFT JOIN users c ON c.id = a.creator LEFT JOIN users r ON r.id = a.reviewed_by`

type scanner interface{ Scan(dest ...any) error }

func scanAnnotation(row scanner) (*sverka.Annotation, error) {
	a := &sverka.Annotation{}
	var l sverka.CrossReference
	var orphaned, linkOrphaned, private, suggested, outside int
	var tags, reviewed, created, modified, deleted, written, w3c string
	err := row.Scan(&a.ID, &a.DocumentID, &a.Motivation, &a.Target.Lang, &a.Target.Start, &a.Target.End, &a.Target.Exact, &a.Target.Prefix, &a.Target.Suffix,
		&orphaned, &a.ReplyTo, &a.Body, &tags,
		&l.DocumentID, &l.Lang, &l.Start, &l.End, &l.Exact, &l.URL, &l.Citation, &linkOrphaned,
		&a.Status, &a.ReviewerID, &a.ReviewerName, &reviewed,
		&private, &a.CreatorID, &a.CreatorName, &created, &modified, &a.Version, &deleted, &a.WrittenBy, &written,
		&suggested, &a.Batch, &outside, &w3c)
	if err != nil {
		return nil, err
	}
	a.Orphaned, a.Private, a.Suggested, a.Outside = orphaned == 1, private == 1, suggested == 1, outside == 1
	if w3c != "" {
		a.W3C = json.RawMessage(w3c)
	}
	l.Orphaned = linkOrphaned == 1
	if err := json.Unmarshal([]byte(tags), &a.Tags); err != nil || a.Tags == nil {
		a.Tags = []string{}
	}
	if l != (sverka.CrossReference{}) {
		a.Link = &l
	}
	if reviewed != "" {
		a.ReviewedAt = parseTime(reviewed)
	}
	a.Created, a.Modified = parseTime(created), parseTime(modified)
	if deleted != "" {
		a.Deleted = parseTime(deleted)
	}
	if written != "" {
		a.WrittenAt = parseTime(written)
	}
	return a, nil
}

// prepare validates a against the database inside tx and completes its
// quotes. It returns the base text when there is a text target.
func (db *DB) prepare(ctx context.Context, tx *sql.Tx, a *sverka.Annotation) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Motivation == sverka.MotivationReply {
		if a.ReplyTo == 0 {
			return sverka.Invalid("target", "a reply targets the annotation it answers")
		}
		var doc string
		var private int
		var creator int64
		err := tx.QueryRowContext(ctx, `SELECT document_id, private, creator FROM annotations WHERE id = ? AND deleted_at = ''`, a.ReplyTo).Scan(&doc, &private, &creator)
		if errors.Is(err, sql.ErrNoRows) || err == nil && private == 1 && creator != a.CreatorID {
			return sverka.Invalid("target", "there is no annotation %d to reply to", a.ReplyTo)
		}
		if err != nil {
			return fmt.Errorf("find annotation replied to: %w", err)
		}
		if a.DocumentID != "" && a.DocumentID != doc {
			return sverka.Invalid("target", "annotation %d belongs to document %s, not %s", a.ReplyTo, doc, a.DocumentID)
		}
		a.DocumentID, a.Target = doc, sverka.TextTarget{}
	} else {
		if a.ReplyTo != 0 {
			return sverka.Invalid("motivation", "only a reply answers another annotation")
		}
		if a.Outside {
			return prepareLink(ctx, tx, db, a)
		}
		if a.Target.Lang == "" {
			return sverka.Invalid("target", "name the text annotated: its source is /documents/{id}/{lang}")
		}
		bt, err := db.findBaseText(ctx, tx, a.DocumentID, a.Target.Lang, "target")
		if err != nil {
			return err
		}
		if err := anchor(bt.text, &a.Target, "target"); err != nil {
			return err
		}
		if a.Motivation == sverka.MotivationCorrection {
			if bt.role != "original" {
				return sverka.Invalid("target", "corrections are of the original's OCR; the %s text is a translation", a.Target.Lang)
			}
			if a.Target.Start == a.Target.End && a.Body == "" {
				return sverka.Invalid("body", "an empty range with an empty reading changes nothing: select the text to replace or type what to insert")
			}
			if a.Body == a.Target.Exact {
				return sverka.Invalid("body", "the reading %q is what the text already says", a.Body)
			}
		}
	}
	return prepareLink(ctx, tx, db, a)
}

// prepareLink checks a cross-reference's far end inside tx and completes
// its quote.
func prepareLink(ctx context.Context, tx *sql.Tx, db *DB, a *sverka.Annotation) error {
	if l := a.Link; l != nil && l.DocumentID != "" && !l.Orphaned {
		if l.Lang != "" {
			bt, err := db.findBaseText(ctx, tx, l.DocumentID, l.Lang, "body")
			if errors.Is(err, ErrTrashed) {
				return sverka.Invalid("body", "the linked document %s is in the trash", l.DocumentID)
			}
			if errors.Is(err, sverka.ErrNotFound) {
				return sverka.Invalid("body", "the linked document %s does not exist", l.DocumentID)
			}
			if err != nil {
				return err
			}
			t := sverka.TextTarget{Start: l.Start, End: l.End, Exact: l.Exact, ByQuote: l.ByQuote}
			if err := anchor(bt.text, &t, "body"); err != nil {
				return err
			}
			if t.Start == t.End {
				return sverka.Invalid("body", "the linked passage is empty: select some text")
			}
			l.Start, l.End, l.Exact, l.ByQuote = t.Start, t.End, t.Exact, false
		} else {
			if err := refuseTrashed(ctx, tx, l.DocumentID); err != nil {
				return sverka.Invalid("body", "the linked document %s cannot be linked: %v", l.DocumentID, err)
			}
			l.Start, l.End, l.Exact = 0, 0, ""
		}
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func tagsJSON(tags []string) string {
	if len(tags) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(tags)
	return string(b)
}

// CreateAnnotation stores a new annotation made by a.CreatorID. It checks
// the target against the base text (offsets inside it, the quote matching
// them) and fills in ID, the quote, Created, Modified and Version. A new
// correction is proposed.
func (db *DB) CreateAnnotation(ctx context.Context, a *sverka.Annotation) error {
	// A new annotation is never an orphan, so the document list, which
	// counts only those, stays as it was (unlistedWrite).
	err := db.commit(ctx, func(tx *sql.Tx) error { return db.createAnnotation(ctx, tx, a) }, unlistedWrite)
	if err != nil {
		return fmt.Errorf("create annotation: %w", err)
	}
	return nil
}

// createAnnotation is CreateAnnotation inside a transaction.
func (db *DB) createAnnotation(ctx context.Context, tx *sql.Tx, a *sverka.Annotation) error {
	if a.CreatorID == 0 {
		return sverka.Invalid("creator", "an annotation needs an author")
	}
	now := db.now()
	a.Created, a.Modified, a.Version, a.Deleted = now, now, 1, time.Time{}
	a.Status, a.ReviewerID, a.ReviewedAt, a.Orphaned = "", 0, time.Time{}, false
	if a.Link != nil {
		a.Link.Orphaned = false
	}
	if a.Motivation == sverka.MotivationCorrection {
		a.Status = sverka.StatusProposed
	}
	if err := db.prepare(ctx, tx, a); err != nil {
		return err
	}
	l := a.Link
	if l == nil {
		l = &sverka.CrossReference{}
	}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO annotations (document_id, motivation, lang, start_offset, end_offset, exact, prefix, suffix,
			reply_to, body, tags, link_document, link_lang, link_start, link_end, link_exact, link_url, link_citation,
			status, private, creator, created_at, modified_at, version, suggested, batch, outside, w3c)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id`,
		a.DocumentID, a.Motivation, a.Target.Lang, a.Target.Start, a.Target.End, a.Target.Exact, a.Target.Prefix, a.Target.Suffix,
		nullID(a.ReplyTo), a.Body, tagsJSON(a.Tags), l.DocumentID, l.Lang, l.Start, l.End, l.Exact, l.URL, l.Citation,
		a.Status, boolInt(a.Private), a.CreatorID, formatTime(now), formatTime(now), boolInt(a.Suggested), a.Batch,
		boolInt(a.Outside), string(a.W3C)).Scan(&a.ID)
	if err != nil {
		if db.engine.foreignKeyViolation(err) {
			return sverka.Invalid("creator", "there is no user %d", a.CreatorID)
		}
		return fmt.Errorf("insert annotation: %w", err)
	}
	return recordAnnotation(ctx, tx, "create", nil, a, a.CreatorID)
}

// findAnnotation reads one annotation as viewer sees it: one the viewer may
// not read (annotationVisible) is ErrNotFound.
func findAnnotation(ctx context.Context, q querier, id, viewer int64) (*sverka.Annotation, error) {
	cond, args := annotationVisible(viewer)
	a, err := scanAnnotation(q.QueryRowContext(ctx, `SELECT `+annotationColumns+` WHERE a.id = ? AND `+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("annotation %d: %w", id, sverka.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("find annotation: %w", err)
	}
	return a, nil
}

// FindAnnotationByID reads one annotation, deleted or not, as viewer (a
// user id, 0 for an anonymous visitor) may see it.
func (db *DB) FindAnnotationByID(ctx context.Context, id, viewer int64) (*sverka.Annotation, error) {
	return findAnnotation(ctx, db.reader, id, viewer)
}

// AnnotationFilter selects annotations; zero fields do not filter.
type AnnotationFilter struct {
	DocumentID string
	// ViewerID is who is looking (0: an anonymous visitor): only what they
	// may read is listed (annotationVisible).
	ViewerID   int64
	Motivation string
	CreatorID  int64
	Lang       string
	// LinkedDocumentID lists cross-references whose far end is in this
	// document: its backlinks.
	LinkedDocumentID string
	IncludeDeleted   bool
	Offset, Limit    int
}

// FindAnnotations lists annotations in text order, with the total that
// match (for paging). Limit defaults to 1000 and is at most 5000.
func (db *DB) FindAnnotations(ctx context.Context, f AnnotationFilter) ([]*sverka.Annotation, int, error) {
	visible, args := annotationVisible(f.ViewerID)
	where := []string{visible}
	if f.DocumentID != "" {
		where, args = append(where, "a.document_id = ?"), append(args, f.DocumentID)
	}
	if f.Motivation != "" {
		where, args = append(where, "a.motivation = ?"), append(args, f.Motivation)
	}
	if f.CreatorID != 0 {
		where, args = append(where, "a.creator = ?"), append(args, f.CreatorID)
	}
	if f.Lang != "" {
		where, args = append(where, "a.lang = ?"), append(args, f.Lang)
	}
	if f.LinkedDocumentID != "" {
		where, args = append(where, linksInto("?")), append(args, f.LinkedDocumentID)
	}
	if !f.IncludeDeleted {
		where = append(where, "a.deleted_at = ''")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	limit = min(limit, 5000)
	cond := strings.Join(where, " AND ")
	var list []*sverka.Annotation
	var total int
	err := db.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM annotations a WHERE `+cond, args...).Scan(&total); err != nil {
			return fmt.Errorf("count annotations: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+annotationColumns+` WHERE `+cond+
			` ORDER BY a.document_id, a.lang = '', a.lang, a.start_offset, a.end_offset, a.id LIMIT ? OFFSET ?`,
			append(args, limit, max(0, f.Offset))...)
		if err != nil {
			return fmt.Errorf("find annotations: %w", err)
		}
		defer rows.Close()
		list = []*sverka.Annotation{}
		for rows.Next() {
			a, err := scanAnnotation(rows)
			if err != nil {
				return fmt.Errorf("find annotations: %w", err)
			}
			list = append(list, a)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("find annotations: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// AnnotationUpdate is a change to an annotation; nil fields stay as they
// are. IfVersion must be the version the change was made against.
type AnnotationUpdate struct {
	IfVersion int
	UserID    int64
	Body      *string
	Tags      *[]string
	Private   *bool
	Target    *sverka.TextTarget
	Link      *sverka.CrossReference
	// W3C, when set, replaces what the annotation keeps of its W3C form,
	// and Outside says whether its targets are outside the texts (Target
	// is then empty).
	W3C     *json.RawMessage
	Outside *bool
}

// editable reads an annotation inside a write and checks the version the
// caller saw. A stale version is ErrStale, with the current annotation.
func editable(ctx context.Context, tx *sql.Tx, id, viewer int64, ifVersion int) (*sverka.Annotation, error) {
	a, err := findAnnotation(ctx, tx, id, viewer)
	if err != nil {
		return nil, err
	}
	if ifVersion != a.Version {
		return a, &sverka.StaleError{Current: a}
	}
	return a, nil
}

// saveAnnotation writes every mutable field of a back.
func saveAnnotation(ctx context.Context, tx *sql.Tx, a *sverka.Annotation) error {
	l := a.Link
	if l == nil {
		l = &sverka.CrossReference{}
	}
	var reviewed, deleted string
	if !a.ReviewedAt.IsZero() {
		reviewed = formatTime(a.ReviewedAt)
	}
	if !a.Deleted.IsZero() {
		deleted = formatTime(a.Deleted)
	}
	_, err := tx.ExecContext(ctx, `
		UPDATE annotations SET lang = ?, start_offset = ?, end_offset = ?, exact = ?, prefix = ?, suffix = ?, orphaned = ?,
			body = ?, tags = ?, link_document = ?, link_lang = ?, link_start = ?, link_end = ?, link_exact = ?, link_url = ?, link_citation = ?, link_orphaned = ?,
			status = ?, reviewed_by = ?, reviewed_at = ?, private = ?, modified_at = ?, version = ?, deleted_at = ?, outside = ?, w3c = ?
		WHERE id = ?`,
		a.Target.Lang, a.Target.Start, a.Target.End, a.Target.Exact, a.Target.Prefix, a.Target.Suffix, boolInt(a.Orphaned),
		a.Body, tagsJSON(a.Tags), l.DocumentID, l.Lang, l.Start, l.End, l.Exact, l.URL, l.Citation, boolInt(l.Orphaned),
		a.Status, nullID(a.ReviewerID), reviewed, boolInt(a.Private), formatTime(a.Modified), a.Version, deleted,
		boolInt(a.Outside), string(a.W3C), a.ID)
	if err != nil {
		return fmt.Errorf("save annotation: %w", err)
	}
	return nil
}

// commitAnnotation is the one way a change of an annotation is written:
// next, made from cur with its Modified time set, becomes version
// cur.Version+1, is saved, moves the document's revision on when the change
// alters what the corrected reading shows (readingChanged, decided by the
// caller), and is recorded in the audit trail as action by userID.
func commitAnnotation(ctx context.Context, tx *sql.Tx, action string, cur, next *sverka.Annotation, userID int64, readingChanged bool) error {
	next.Version = cur.Version + 1
	if err := saveAnnotation(ctx, tx, next); err != nil {
		return err
	}
	if readingChanged {
		if _, err := bumpRevision(ctx, tx, next.DocumentID); err != nil {
			return err
		}
	}
	return recordAnnotation(ctx, tx, action, cur, next, userID)
}

// UpdateAnnotation changes an annotation's body, tags, privacy, target or
// link, made against version upd.IfVersion (else a *StaleError). A
// correction whose reading or range changes goes back to proposed. Who may
// edit is the caller's decision; the store only hides private annotations
// of others.
func (db *DB) UpdateAnnotation(ctx context.Context, id int64, upd AnnotationUpdate) (*sverka.Annotation, error) {
	var out *sverka.Annotation
	err := db.write(ctx, func(tx *sql.Tx) error {
		cur, err := editable(ctx, tx, id, upd.UserID, upd.IfVersion)
		if err != nil {
			return err
		}
		if cur.IsDeleted() {
			return fmt.Errorf("annotation %d is deleted; restore a version of it first: %w", id, sverka.ErrConflict)
		}
		next := *cur
		next.Tags = append([]string(nil), cur.Tags...)
		if upd.Body != nil {
			next.Body = *upd.Body
		}
		if upd.Tags != nil {
			next.Tags = *upd.Tags
		}
		if upd.Private != nil {
			next.Private = *upd.Private
		}
		if upd.Target != nil && cur.Motivation != sverka.MotivationReply {
			next.Target = *upd.Target
			next.Orphaned = false
		}
		if upd.Outside != nil && cur.Motivation != sverka.MotivationReply {
			next.Outside = *upd.Outside
		}
		if upd.W3C != nil {
			next.W3C = *upd.W3C
		}
		if upd.Link != nil {
			l := *upd.Link
			l.Orphaned = false // a link given anew is checked anew
			next.Link = &l
		}
		if err := db.prepare(ctx, tx, &next); err != nil {
			return err
		}
		reviewChanged := false
		if next.Motivation == sverka.MotivationCorrection && (next.Body != cur.Body || next.Target.Start != cur.Target.Start || next.Target.End != cur.Target.End) {
			reviewChanged = cur.Status == sverka.StatusAccepted
			next.Status, next.ReviewerID, next.ReviewerName, next.ReviewedAt = sverka.StatusProposed, 0, "", time.Time{}
		}
		next.Modified = db.now()
		out = &next
		return commitAnnotation(ctx, tx, "update", cur, &next, upd.UserID, reviewChanged)
	})
	if err != nil {
		return nil, fmt.Errorf("update annotation: %w", err)
	}
	return out, nil
}

// DeleteAnnotation marks an annotation deleted; it stays in the database
// with its history and can be restored.
func (db *DB) DeleteAnnotation(ctx context.Context, id int64, ifVersion int, userID int64) (*sverka.Annotation, error) {
	var out *sverka.Annotation
	err := db.write(ctx, func(tx *sql.Tx) error {
		cur, err := editable(ctx, tx, id, userID, ifVersion)
		if err != nil {
			return err
		}
		if cur.IsDeleted() {
			return fmt.Errorf("annotation %d: %w", id, sverka.ErrNotFound)
		}
		next := *cur
		next.Modified = db.now()
		next.Deleted = next.Modified
		out = &next
		return commitAnnotation(ctx, tx, "delete", cur, &next, userID, cur.Status == sverka.StatusAccepted)
	})
	if err != nil {
		return nil, fmt.Errorf("delete annotation: %w", err)
	}
	return out, nil
}
