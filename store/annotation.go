package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"sverka"
	"sverka/anno"
	"sverka/reading"
)

// annotationColumns is the column list that scanAnnotation reads.
const annotationColumns = `a.id, a.document_id, a.motivation, a.lang, a.start_offset, a.end_offset, a.exact, a.prefix, a.suffix,
	a.orphaned, coalesce(a.reply_to, 0), a.body, a.tags,
	a.link_document, a.link_lang, a.link_start, a.link_end, a.link_exact, a.link_url, a.link_citation,
	a.status, coalesce(a.reviewed_by, 0), coalesce(r.name, ''), a.reviewed_at,
	a.private, a.creator, coalesce(c.name, ''), a.created_at, a.modified_at, a.version, a.deleted_at
	FROM annotations a LEFT JOIN users c ON c.id = a.creator LEFT JOIN users r ON r.id = a.reviewed_by`

type scanner interface{ Scan(dest ...any) error }

func scanAnnotation(row scanner) (*sverka.Annotation, error) {
	a := &sverka.Annotation{}
	var l sverka.CrossReference
	var orphaned, private int
	var tags, reviewed, created, modified, deleted string
	err := row.Scan(&a.ID, &a.DocumentID, &a.Motivation, &a.Target.Lang, &a.Target.Start, &a.Target.End, &a.Target.Exact, &a.Target.Prefix, &a.Target.Suffix,
		&orphaned, &a.ReplyTo, &a.Body, &tags,
		&l.DocumentID, &l.Lang, &l.Start, &l.End, &l.Exact, &l.URL, &l.Citation,
		&a.Status, &a.ReviewerID, &a.ReviewerName, &reviewed,
		&private, &a.CreatorID, &a.CreatorName, &created, &modified, &a.Version, &deleted)
	if err != nil {
		return nil, err
	}
	a.Orphaned, a.Private = orphaned == 1, private == 1
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
	return a, nil
}

type baseTextInfo struct {
	id   int64
	role string
	text []rune
}

// findBaseText reads the base text of a document in one language: a
// missing document is ErrNotFound, a missing language a validation error.
func (db *DB) findBaseText(ctx context.Context, q querier, documentID, lang, field string) (*baseTextInfo, error) {
	var bt baseTextInfo
	err := q.QueryRowContext(ctx, `SELECT id, role FROM base_texts WHERE document_id = ? AND lang = ?`, documentID, lang).Scan(&bt.id, &bt.role)
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ?`, documentID).Scan(&n); err != nil {
			return nil, fmt.Errorf("find document: %w", err)
		}
		if n == 0 {
			return nil, fmt.Errorf("document %s: %w", documentID, sverka.ErrNotFound)
		}
		return nil, sverka.Invalid(field, "document %s has no text in language %q", documentID, lang)
	}
	if err != nil {
		return nil, fmt.Errorf("find base text: %w", err)
	}
	text, ok := db.baseTexts.Get(bt.id)
	if !ok {
		if err := q.QueryRowContext(ctx, `SELECT text FROM base_texts WHERE id = ?`, bt.id).Scan(&text); err != nil {
			return nil, fmt.Errorf("find base text: %w", err)
		}
		db.baseTexts.Put(bt.id, text)
	}
	// Code points for the caller's arithmetic; the cache keeps the
	// string, a quarter of the size for Latin text and half for Cyrillic.
	bt.text = []rune(text)
	return &bt, nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// anchor checks a text target against its base text and completes its
// quote. A target ByQuote has no position yet: it is found by its quote,
// which must then occur once.
func anchor(text []rune, t *sverka.TextTarget, field string) error {
	n := len(text)
	if t.ByQuote {
		if t.Exact == "" {
			return sverka.Invalid(field, "give a TextPositionSelector, or a TextQuoteSelector with a non-empty exact")
		}
		s, e, ok := anno.Reanchor(text, 0, t.Exact, t.Prefix, t.Suffix)
		if !ok {
			return sverka.Invalid(field, "the quote %q does not occur exactly once in the text (add a prefix or suffix, or a TextPositionSelector)", t.Exact)
		}
		t.Start, t.End, t.ByQuote = s, e, false
	}
	if t.Start < 0 || t.End < t.Start || t.End > n {
		return sverka.Invalid(field, "range %d–%d is outside the text, which has %d code points (start ≤ end ≤ %d)", t.Start, t.End, n, n)
	}
	exact, prefix, suffix := anno.QuoteAt(text, t.Start, t.End)
	if t.Exact != "" && t.Exact != exact {
		return sverka.Invalid(field, "the quote %q does not match the text at %d–%d, which reads %q", t.Exact, t.Start, t.End, exact)
	}
	if t.Prefix != "" && !strings.HasSuffix(string(text[:t.Start]), t.Prefix) {
		return sverka.Invalid(field, "the prefix %q does not match the text before %d, which ends %q", t.Prefix, t.Start, prefix)
	}
	if t.Suffix != "" && !strings.HasPrefix(string(text[t.End:]), t.Suffix) {
		return sverka.Invalid(field, "the suffix %q does not match the text after %d, which begins %q", t.Suffix, t.End, suffix)
	}
	t.Exact, t.Prefix, t.Suffix = exact, prefix, suffix
	return nil
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
	if l := a.Link; l != nil && l.DocumentID != "" {
		if l.Lang != "" {
			bt, err := db.findBaseText(ctx, tx, l.DocumentID, l.Lang, "body")
			if errors.Is(err, sverka.ErrNotFound) {
				return sverka.Invalid("body", "the linked document %s does not exist", l.DocumentID)
			}
			if err != nil {
				return err
			}
			t := sverka.TextTarget{Start: l.Start, End: l.End, Exact: l.Exact}
			if err := anchor(bt.text, &t, "body"); err != nil {
				return err
			}
			if t.Start == t.End {
				return sverka.Invalid("body", "the linked passage is empty: select some text")
			}
			l.Start, l.End, l.Exact = t.Start, t.End, t.Exact
		} else {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ?`, l.DocumentID).Scan(&n); err != nil {
				return fmt.Errorf("find linked document: %w", err)
			}
			if n == 0 {
				return sverka.Invalid("body", "the linked document %s does not exist", l.DocumentID)
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
	if a.CreatorID == 0 {
		return sverka.Invalid("creator", "an annotation needs an author")
	}
	now := db.now()
	a.Created, a.Modified, a.Version, a.Deleted = now, now, 1, time.Time{}
	a.Status, a.ReviewerID, a.ReviewedAt, a.Orphaned = "", 0, time.Time{}, false
	if a.Motivation == sverka.MotivationCorrection {
		a.Status = sverka.StatusProposed
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
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
				status, private, creator, created_at, modified_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
			a.DocumentID, a.Motivation, a.Target.Lang, a.Target.Start, a.Target.End, a.Target.Exact, a.Target.Prefix, a.Target.Suffix,
			nullID(a.ReplyTo), a.Body, tagsJSON(a.Tags), l.DocumentID, l.Lang, l.Start, l.End, l.Exact, l.URL, l.Citation,
			a.Status, boolInt(a.Private), a.CreatorID, formatTime(now), formatTime(now)).Scan(&a.ID)
		if err != nil {
			if strings.Contains(err.Error(), "FOREIGN KEY") {
				return sverka.Invalid("creator", "there is no user %d", a.CreatorID)
			}
			return fmt.Errorf("insert annotation: %w", err)
		}
		return recordAnnotation(ctx, tx, "create", nil, a, a.CreatorID)
	})
	if err != nil {
		return fmt.Errorf("create annotation: %w", err)
	}
	return nil
}

// recordAnnotation adds a version of an annotation to the audit trail; the
// trail is the annotation's history, and any version in it can be restored.
func recordAnnotation(ctx context.Context, tx *sql.Tx, action string, before, after *sverka.Annotation, userID int64) error {
	ch := Change{At: after.Modified, UserID: userID, DocumentID: after.DocumentID, Entity: "annotation",
		EntityID: strconv.FormatInt(after.ID, 10), Action: action, After: after}
	if before != nil {
		ch.Before = before
	}
	return recordChange(ctx, tx, ch)
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
		where, args = append(where, "a.link_document = ?", "a.motivation = 'linking'"), append(args, f.LinkedDocumentID)
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
	tx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, fmt.Errorf("find annotations: %w", err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM annotations a WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count annotations: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+annotationColumns+` WHERE `+cond+
		` ORDER BY a.document_id, a.lang = '', a.lang, a.start_offset, a.end_offset, a.id LIMIT ? OFFSET ?`,
		append(args, limit, max(0, f.Offset))...)
	if err != nil {
		return nil, 0, fmt.Errorf("find annotations: %w", err)
	}
	defer rows.Close()
	list := []*sverka.Annotation{}
	for rows.Next() {
		a, err := scanAnnotation(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("find annotations: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find annotations: %w", err)
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
			body = ?, tags = ?, link_document = ?, link_lang = ?, link_start = ?, link_end = ?, link_exact = ?, link_url = ?, link_citation = ?,
			status = ?, reviewed_by = ?, reviewed_at = ?, private = ?, modified_at = ?, version = ?, deleted_at = ?
		WHERE id = ?`,
		a.Target.Lang, a.Target.Start, a.Target.End, a.Target.Exact, a.Target.Prefix, a.Target.Suffix, boolInt(a.Orphaned),
		a.Body, tagsJSON(a.Tags), l.DocumentID, l.Lang, l.Start, l.End, l.Exact, l.URL, l.Citation,
		a.Status, nullID(a.ReviewerID), reviewed, boolInt(a.Private), formatTime(a.Modified), a.Version, deleted, a.ID)
	if err != nil {
		return fmt.Errorf("save annotation: %w", err)
	}
	return nil
}

// checkAccepted refuses an accepted correction that overlaps another one.
func checkAccepted(ctx context.Context, tx *sql.Tx, a *sverka.Annotation) error {
	if a.Motivation != sverka.MotivationCorrection || a.Status != sverka.StatusAccepted || a.IsDeleted() {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, start_offset, end_offset, exact, body FROM annotations
		WHERE document_id = ? AND lang = ? AND status = 'accepted' AND deleted_at = '' AND id <> ?
		  AND start_offset <= ? AND end_offset >= ?`,
		a.DocumentID, a.Target.Lang, a.ID, a.Target.End, a.Target.Start)
	if err != nil {
		return fmt.Errorf("check overlap: %w", err)
	}
	defer rows.Close()
	me := reading.Edit{Start: a.Target.Start, End: a.Target.End}
	for rows.Next() {
		var o reading.Edit
		var exact string
		if err := rows.Scan(&o.ID, &o.Start, &o.End, &exact, &o.Text); err != nil {
			return fmt.Errorf("check overlap: %w", err)
		}
		if reading.Overlap(me, o) {
			return fmt.Errorf("correction %d (%d–%d) overlaps accepted correction %d (%q → %q at %d–%d); reject or change that one first: %w",
				a.ID, a.Target.Start, a.Target.End, o.ID, exact, o.Text, o.Start, o.End, sverka.ErrConflict)
		}
	}
	return rows.Err()
}

// bumpDocument marks a change of a document's corrected reading.
func bumpDocument(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET revision = revision + 1 WHERE id = ?`, id); err != nil {
		return fmt.Errorf("bump document revision: %w", err)
	}
	return nil
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
		if upd.Link != nil {
			l := *upd.Link
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
		next.Version++
		next.Modified = db.now()
		if err := saveAnnotation(ctx, tx, &next); err != nil {
			return err
		}
		if reviewChanged {
			if err := bumpDocument(ctx, tx, next.DocumentID); err != nil {
				return err
			}
		}
		out = &next
		return recordAnnotation(ctx, tx, "update", cur, &next, upd.UserID)
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
		next.Version++
		next.Modified = db.now()
		next.Deleted = next.Modified
		if err := saveAnnotation(ctx, tx, &next); err != nil {
			return err
		}
		if cur.Status == sverka.StatusAccepted {
			if err := bumpDocument(ctx, tx, cur.DocumentID); err != nil {
				return err
			}
		}
		out = &next
		return recordAnnotation(ctx, tx, "delete", cur, &next, userID)
	})
	if err != nil {
		return nil, fmt.Errorf("delete annotation: %w", err)
	}
	return out, nil
}

// ReviewCorrection accepts or rejects a correction (or puts it back to
// proposed). Accepting one that overlaps another accepted correction is
// ErrConflict. ifVersion 0 skips the version check.
func (db *DB) ReviewCorrection(ctx context.Context, id int64, status string, ifVersion int, reviewerID int64) (*sverka.Annotation, error) {
	if status != sverka.StatusAccepted && status != sverka.StatusRejected && status != sverka.StatusProposed {
		return nil, sverka.Invalid("status", "%q is not one of proposed, accepted, rejected", status)
	}
	var out *sverka.Annotation
	err := db.write(ctx, func(tx *sql.Tx) error {
		cur, err := findAnnotation(ctx, tx, id, reviewerID)
		if err != nil {
			return err
		}
		if ifVersion != 0 && ifVersion != cur.Version {
			return &sverka.StaleError{Current: cur}
		}
		if cur.Motivation != sverka.MotivationCorrection {
			return sverka.Invalid("status", "annotation %d is a %s, not a correction; only corrections are reviewed", id, cur.Motivation)
		}
		if cur.IsDeleted() {
			return fmt.Errorf("annotation %d is deleted: %w", id, sverka.ErrConflict)
		}
		if cur.Orphaned {
			return fmt.Errorf("correction %d lost its place in a replaced text; move it first: %w", id, sverka.ErrConflict)
		}
		if cur.Status == status {
			out = cur
			return nil
		}
		next := *cur
		next.Status = status
		next.Version++
		next.Modified = db.now()
		next.ReviewerID, next.ReviewedAt = reviewerID, next.Modified
		if status == sverka.StatusProposed {
			next.ReviewerID, next.ReviewedAt = 0, time.Time{}
		}
		if err := checkAccepted(ctx, tx, &next); err != nil {
			return err
		}
		if err := saveAnnotation(ctx, tx, &next); err != nil {
			return err
		}
		if cur.Status == sverka.StatusAccepted || next.Status == sverka.StatusAccepted {
			if err := bumpDocument(ctx, tx, cur.DocumentID); err != nil {
				return err
			}
		}
		action := map[string]string{sverka.StatusAccepted: "accept", sverka.StatusRejected: "reject", sverka.StatusProposed: "reopen"}[status]
		if err := recordAnnotation(ctx, tx, action, cur, &next, reviewerID); err != nil {
			return err
		}
		out, err = findAnnotation(ctx, tx, id, reviewerID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("review correction: %w", err)
	}
	return out, nil
}

// AnnotationVersion is one version of an annotation in its history.
type AnnotationVersion struct {
	Version  int                `json:"version"`
	Action   string             `json:"action"`
	At       time.Time          `json:"at"`
	UserID   int64              `json:"userID,omitempty"`
	UserName string             `json:"userName,omitempty"`
	State    *sverka.Annotation `json:"state"`
}

// AnnotationHistory lists every version of an annotation, newest first.
func (db *DB) AnnotationHistory(ctx context.Context, id, viewer int64) ([]AnnotationVersion, error) {
	if _, err := findAnnotation(ctx, db.reader, id, viewer); err != nil {
		return nil, err
	}
	changes, err := db.FindChanges(ctx, ChangeFilter{Entity: "annotation", EntityID: strconv.FormatInt(id, 10), Limit: 1000, ViewerID: viewer})
	if err != nil {
		return nil, err
	}
	list := []AnnotationVersion{}
	for _, ch := range changes {
		raw, ok := ch.After.(json.RawMessage)
		if !ok {
			continue
		}
		var a sverka.Annotation
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, fmt.Errorf("annotation history: %w", err)
		}
		list = append(list, AnnotationVersion{Version: a.Version, Action: ch.Action, At: ch.At, UserID: ch.UserID, UserName: ch.UserName, State: &a})
	}
	return list, nil
}

// RestoreAnnotation makes version of an annotation current again, as a new
// version: its body, tags, privacy, target, link and deletion (restoring a
// version from before a deletion undeletes). A correction comes back
// proposed unless the version restored was accepted and still fits.
func (db *DB) RestoreAnnotation(ctx context.Context, id int64, version, ifVersion int, userID int64) (*sverka.Annotation, error) {
	history, err := db.AnnotationHistory(ctx, id, userID)
	if err != nil {
		return nil, fmt.Errorf("restore annotation: %w", err)
	}
	var old *sverka.Annotation
	for _, v := range history {
		if v.Version == version {
			old = v.State
		}
	}
	if old == nil {
		return nil, fmt.Errorf("annotation %d has no version %d: %w", id, version, sverka.ErrNotFound)
	}
	var out *sverka.Annotation
	err = db.write(ctx, func(tx *sql.Tx) error {
		cur, err := editable(ctx, tx, id, userID, ifVersion)
		if err != nil {
			return err
		}
		next := *cur
		next.Body, next.Tags, next.Private, next.Link, next.Deleted = old.Body, old.Tags, old.Private, old.Link, old.Deleted
		next.Target, next.Orphaned = old.Target, old.Orphaned
		next.Status, next.ReviewerID, next.ReviewedAt = old.Status, old.ReviewerID, old.ReviewedAt
		if !next.IsDeleted() {
			if err := db.prepare(ctx, tx, &next); err != nil {
				return fmt.Errorf("version %d no longer fits the text: %w", version, err)
			}
			if err := checkAccepted(ctx, tx, &next); err != nil {
				return err
			}
		}
		next.Version = cur.Version + 1
		next.Modified = db.now()
		if err := saveAnnotation(ctx, tx, &next); err != nil {
			return err
		}
		if cur.Status == sverka.StatusAccepted || next.Status == sverka.StatusAccepted {
			if err := bumpDocument(ctx, tx, cur.DocumentID); err != nil {
				return err
			}
		}
		if err := recordAnnotation(ctx, tx, "restore", cur, &next, userID); err != nil {
			return err
		}
		out, err = findAnnotation(ctx, tx, id, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("restore annotation: %w", err)
	}
	return out, nil
}

// ReanchorAnnotations re-anchors every annotation on the base text of a
// document in lang after that text was replaced: each keeps its place if
// its quote is still there, moves to the one place its quote (with prefix
// and suffix) fits best, or is marked orphaned. It returns how many moved
// and how many were orphaned.
func (db *DB) ReanchorAnnotations(ctx context.Context, documentID, lang string) (moved, orphaned int, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		moved, orphaned, err = reanchor(ctx, tx, documentID, lang, db.now(), 0)
		if err == nil && moved+orphaned > 0 {
			err = bumpDocument(ctx, tx, documentID)
		}
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("reanchor annotations: %w", err)
	}
	return moved, orphaned, nil
}

// reanchor re-anchors the annotations of a document in lang inside tx, as
// ReanchorAnnotations says; with no base text in lang, all of them are
// orphaned. Each change is a new version, recorded as by userID.
func reanchor(ctx context.Context, tx *sql.Tx, documentID, lang string, now time.Time, userID int64) (moved, orphaned int, err error) {
	var text string
	err = tx.QueryRowContext(ctx, `SELECT text FROM base_texts WHERE document_id = ? AND lang = ?`, documentID, lang).Scan(&text)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, 0, fmt.Errorf("find base text: %w", err)
	}
	gone := errors.Is(err, sql.ErrNoRows)
	runes := []rune(text)
	rows, err := tx.QueryContext(ctx, `SELECT `+annotationColumns+` WHERE a.document_id = ? AND a.lang = ?`, documentID, lang)
	if err != nil {
		return 0, 0, fmt.Errorf("find annotations: %w", err)
	}
	var list []*sverka.Annotation
	for rows.Next() {
		a, err := scanAnnotation(rows)
		if err != nil {
			rows.Close()
			return 0, 0, fmt.Errorf("find annotations: %w", err)
		}
		list = append(list, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("find annotations: %w", err)
	}
	for _, a := range list {
		t := a.Target
		s, e, ok := 0, 0, false
		if !gone {
			s, e, ok = anno.Reanchor(runes, t.Start, t.Exact, t.Prefix, t.Suffix)
		}
		next := *a
		switch {
		case ok && s == t.Start && !a.Orphaned:
			continue
		case ok:
			next.Target.Start, next.Target.End, next.Orphaned = s, e, false
			next.Target.Exact, next.Target.Prefix, next.Target.Suffix = anno.QuoteAt(runes, s, e)
			moved++
		default:
			if a.Orphaned {
				continue
			}
			next.Orphaned = true
			orphaned++
		}
		next.Version++
		next.Modified = now
		if err := saveAnnotation(ctx, tx, &next); err != nil {
			return 0, 0, err
		}
		if err := recordAnnotation(ctx, tx, "reanchor", a, &next, userID); err != nil {
			return 0, 0, err
		}
	}
	return moved, orphaned, nil
}

// Reading is a base text with the corrections accepted for it.
type Reading struct {
	DocumentID string
	Lang       string
	Text       []rune
	Segments   []sverka.Segment
	Edits      []reading.Edit
}

// FindReading reads a base text, its segments and its accepted corrections,
// from which the diplomatic, corrected and marked-up readings are made.
func (db *DB) FindReading(ctx context.Context, documentID, lang string) (*Reading, error) {
	tx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("find reading: %w", err)
	}
	defer tx.Rollback()
	return db.findReading(ctx, tx, documentID, lang)
}

// findReading is FindReading inside tx.
func (db *DB) findReading(ctx context.Context, tx *sql.Tx, documentID, lang string) (*Reading, error) {
	bt, err := db.findBaseText(ctx, tx, documentID, lang, "lang")
	if err != nil {
		return nil, err
	}
	r := &Reading{DocumentID: documentID, Lang: lang, Text: bt.text}
	rows, err := tx.QueryContext(ctx, `SELECT id, start_offset, end_offset FROM segments WHERE base_text_id = ? ORDER BY start_offset, end_offset, id`, bt.id)
	if err != nil {
		return nil, fmt.Errorf("find segments: %w", err)
	}
	for rows.Next() {
		var s sverka.Segment
		if err := rows.Scan(&s.ID, &s.Start, &s.End); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find segments: %w", err)
		}
		r.Segments = append(r.Segments, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find segments: %w", err)
	}
	rows, err = tx.QueryContext(ctx, `
		SELECT id, start_offset, end_offset, body FROM annotations
		WHERE document_id = ? AND lang = ? AND status = 'accepted' AND deleted_at = '' AND orphaned = 0
		ORDER BY start_offset, end_offset, id`, documentID, lang)
	if err != nil {
		return nil, fmt.Errorf("find corrections: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e reading.Edit
		if err := rows.Scan(&e.ID, &e.Start, &e.End, &e.Text); err != nil {
			return nil, fmt.Errorf("find corrections: %w", err)
		}
		r.Edits = append(r.Edits, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find corrections: %w", err)
	}
	reading.Sort(r.Edits)
	return r, nil
}
