package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"sverka"
	"sverka/anno"
)

type baseTextInfo struct {
	id   int64
	role string
	text *codeText
}

// runes is the text as code points, for the caller's arithmetic.
func (bt *baseTextInfo) runes() []rune { return []rune(bt.text.text) }

// findBaseText reads the base text of a document in one language: a
// missing document is ErrNotFound, one in the trash ErrTrashed, a missing
// language a validation error.
func (db *DB) findBaseText(ctx context.Context, q querier, documentID, lang, field string) (*baseTextInfo, error) {
	var bt baseTextInfo
	if err := refuseTrashed(ctx, q, documentID); err != nil {
		return nil, err
	}
	err := q.QueryRowContext(ctx, `SELECT id, role FROM base_texts WHERE document_id = ? AND lang = ?`, documentID, lang).Scan(&bt.id, &bt.role)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, sverka.Invalid(field, "document %s has no text in language %q", documentID, lang)
	}
	if err != nil {
		return nil, fmt.Errorf("find base text: %w", err)
	}
	if bt.text, err = db.cachedText(ctx, q, bt.id); err != nil {
		return nil, fmt.Errorf("find base text: %w", err)
	}
	return &bt, nil
}

// cachedText is the base text id, from the store's cache when it is there.
func (db *DB) cachedText(ctx context.Context, q querier, id int64) (*codeText, error) {
	if t, ok := db.baseTexts.Get(id); ok {
		return t, nil
	}
	var text string
	if err := q.QueryRowContext(ctx, `SELECT text FROM base_texts WHERE id = ?`, id).Scan(&text); err != nil {
		return nil, err
	}
	t := newCodeText(text)
	db.baseTexts.Put(id, t)
	return t, nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// anchor checks a text target against its base text and completes its
// quote. A target ByQuote has no position yet: it is found by its quote,
// which must then occur once. A target whose position and quote agree,
// as a client's nearly always do, is checked and quoted on the text as
// the cache keeps it (codeText); the text is made code points only to
// find a quote: making them for every note was a tenth of what creating
// one cost (1.08 of 10.0 s in a profile of notes alone, 32 clients, at
// 10,000 documents).
func anchor(text *codeText, t *sverka.TextTarget, field string) error {
	n := text.n
	if t.ByQuote {
		if t.Exact == "" {
			return sverka.Invalid(field, "give a TextPositionSelector, or a TextQuoteSelector with a non-empty exact")
		}
		s, e, ok := anno.Reanchor([]rune(text.text), 0, t.Exact, t.Prefix, t.Suffix)
		if !ok {
			return sverka.Invalid(field, "the quote %q does not occur exactly once in the text (add a prefix or suffix, or a TextPositionSelector)", t.Exact)
		}
		t.Start, t.End, t.ByQuote = s, e, false
	}
	outside := func() error {
		return sverka.Invalid(field, "range %d–%d is outside the text, which has %d code points (start ≤ end ≤ %d)", t.Start, t.End, n, n)
	}
	// No text is longer in UTF-16 units than in code points.
	if t.Start < 0 || t.End < t.Start || t.End > n && t.End > utf16Length([]rune(text.text)) {
		return outside() // however its characters are counted
	}
	if t.Exact != "" && !text.matches(t.Start, t.End, t.Exact, t.Prefix, t.Suffix) {
		// The position and the quote disagree (a client that counts UTF-16
		// units, or another rendering of the text): the quote wins, found
		// with its prefix and suffix, else the position where its words are.
		runes := []rune(text.text)
		s, e, ok := anno.Reanchor(runes, t.Start, t.Exact, t.Prefix, t.Suffix)
		switch {
		case ok:
			t.Start, t.End = s, e
		case t.End <= n && string(runes[t.Start:t.End]) == t.Exact:
			// The words are there; the context differs.
		default:
			return sverka.Invalid(field, "the quote %q does not match the text at %d–%d, and does not occur just once elsewhere (add a prefix or suffix)", t.Exact, t.Start, t.End)
		}
	}
	if t.End > n {
		return outside()
	}
	t.Exact = text.slice(t.Start, t.End)
	t.Prefix, t.Suffix = text.slice(t.Start-anno.ContextLength, t.Start), text.slice(t.End, t.End+anno.ContextLength)
	return nil
}

// utf16Length is the length of text in UTF-16 code units, as JavaScript
// clients count positions: the most a position in the text can be.
func utf16Length(text []rune) int {
	n := len(text)
	for _, r := range text {
		if r > 0xFFFF {
			n++
		}
	}
	return n
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
			_, err = bumpRevision(ctx, tx, documentID)
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
	list, err := queryAnnotations(ctx, tx, `a.document_id = ? AND a.lang = ?`, documentID, lang)
	if err != nil {
		return 0, 0, err
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
		next.Modified = now
		// The caller moves the revision on once for the whole text.
		if err := commitAnnotation(ctx, tx, "reanchor", a, &next, userID, false); err != nil {
			return 0, 0, err
		}
	}
	return moved, orphaned, nil
}

// reanchorLinks re-anchors, inside tx, the far ends of cross-references in
// any document that point into documentID, whose texts were oldTexts (by
// language) before they were replaced or purged. A passage is found by its
// quote, with the prefix and suffix it had in the old text, as reanchor
// finds an annotation's words; when it is gone (or the whole document is)
// the link is marked orphaned. Each change is a new version of the linking
// annotation, recorded as by userID, and moves its document's revision on.
// It returns the annotations whose link moved and those it orphaned.
func reanchorLinks(ctx context.Context, tx *sql.Tx, documentID string, oldTexts map[string][]rune, now time.Time, userID int64) (moved, orphaned []*sverka.Annotation, err error) {
	list, err := queryAnnotations(ctx, tx, linksInto("?")+` ORDER BY a.id`, documentID)
	if err != nil {
		return nil, nil, err
	}
	var exists bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?)`, documentID).Scan(&exists); err != nil {
		return nil, nil, fmt.Errorf("find document: %w", err)
	}
	texts := map[string][]rune{}
	touched := map[string]bool{}
	for _, a := range list {
		l := *a.Link
		runes, ok := texts[l.Lang]
		if !ok && l.Lang != "" {
			var text string
			err := tx.QueryRowContext(ctx, `SELECT text FROM base_texts WHERE document_id = ? AND lang = ?`, documentID, l.Lang).Scan(&text)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, nil, fmt.Errorf("find base text: %w", err)
			}
			runes = []rune(text)
			texts[l.Lang] = runes
		}
		prefix, suffix := "", ""
		if old := oldTexts[l.Lang]; !l.Orphaned && anno.Matches(old, l.Start, l.End, l.Exact, "", "") {
			_, prefix, suffix = anno.QuoteAt(old, l.Start, l.End)
		}
		s, e, found := l.Start, l.End, exists // a whole document: found while it exists
		if l.Lang != "" {
			s, e, found = anno.Reanchor(runes, l.Start, l.Exact, prefix, suffix)
		}
		switch {
		case found && s == l.Start && !l.Orphaned:
			continue
		case found:
			l.Start, l.End, l.Orphaned = s, e, false
			l.Exact, _, _ = anno.QuoteAt(runes, s, e)
			moved = append(moved, a)
		default:
			if l.Orphaned {
				continue
			}
			l.Orphaned = true
			orphaned = append(orphaned, a)
		}
		next := *a
		next.Link, next.Modified = &l, now
		if err := commitAnnotation(ctx, tx, "reanchor", a, &next, userID, false); err != nil {
			return nil, nil, err
		}
		touched[a.DocumentID] = true
	}
	for id := range touched {
		if id == documentID {
			continue // the replacement moves its own revision on
		}
		if _, err := bumpRevision(ctx, tx, id); err != nil {
			return nil, nil, err
		}
	}
	return moved, orphaned, nil
}

// queryAnnotations reads, inside tx, every annotation (deleted ones too)
// that the SQL condition where, with args, selects.
func queryAnnotations(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]*sverka.Annotation, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+annotationColumns+` WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("find annotations: %w", err)
	}
	defer rows.Close()
	var list []*sverka.Annotation
	for rows.Next() {
		a, err := scanAnnotation(rows)
		if err != nil {
			return nil, fmt.Errorf("find annotations: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find annotations: %w", err)
	}
	return list, nil
}
