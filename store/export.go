package store

import (
	"context"
	"database/sql"
	"fmt"
	"unicode/utf8"

	"sverka"
)

// ExportSource is one document being exported, read inside one read-only
// transaction so that every pass over it sees the same state. Links are
// read row by row from the database on every call, so that memory does
// not grow with the number of links; only the base texts are held.
type ExportSource struct {
	ctx    context.Context
	tx     *sql.Tx
	doc    *sverka.Document
	textID map[string]int64
	viewer *sverka.User
	// segments counts the segments of each language, once asked.
	segments map[string]int
}

// Document returns the document's metadata and base texts with their
// derivation; Segments and Links are left empty (see Links).
func (s *ExportSource) Document() *sverka.Document { return s.doc }

// Viewer is the user the export is for, or nil for an anonymous reader.
func (s *ExportSource) Viewer() *sverka.User { return s.viewer }

// Links calls fn for each link in order. It may be called more than once.
func (s *ExportSource) Links(fn func(*sverka.ExportLink) error) error {
	rows, err := s.tx.QueryContext(s.ctx, `
		SELECT l.position, l.ref, l.status, l.confidence, coalesce(b.lang, ''), coalesce(s.start_offset, 0), coalesce(s.end_offset, 0)
		FROM links l
		LEFT JOIN segments s ON s.link_id = l.id
		LEFT JOIN base_texts b ON b.id = s.base_text_id
		WHERE l.document_id = ?
		ORDER BY l.position, l.id, b.role = 'translation', b.lang, s.start_offset, s.id`, s.doc.ID)
	if err != nil {
		return fmt.Errorf("export links: %w", err)
	}
	defer rows.Close()
	cursors := map[string]*textCursor{}
	for _, t := range s.doc.Texts {
		cursors[t.Lang] = &textCursor{text: t.Text}
	}
	anns := map[string]*annotationCursor{}
	defer func() {
		for _, c := range anns {
			c.close()
		}
	}()
	for _, t := range s.doc.Texts {
		c, err := s.openAnnotations(t.Lang)
		if err != nil {
			return err
		}
		anns[t.Lang] = c
	}
	index := map[string]int{}
	var cur sverka.ExportLink
	have := false
	for rows.Next() {
		var (
			l          sverka.ExportLink
			lang       string
			start, end int
		)
		if err := rows.Scan(&l.Position, &l.Ref, &l.Status, &l.Confidence, &lang, &start, &end); err != nil {
			return fmt.Errorf("export links: %w", err)
		}
		if !have || l.Position != cur.Position {
			if have {
				if err := fn(&cur); err != nil {
					return err
				}
			}
			cur.Position, cur.Ref, cur.Status, cur.Confidence = l.Position, l.Ref, l.Status, l.Confidence
			cur.Segments = cur.Segments[:0]
			cur.Annotations = cur.Annotations[:0]
			have = true
		}
		if lang == "" {
			continue
		}
		c := cursors[lang]
		if c == nil {
			return fmt.Errorf("export links: segment of language %q without a text", lang)
		}
		gap, text, err := c.slice(start, end)
		if err != nil {
			return fmt.Errorf("export links: %s segment %d: %w", lang, index[lang]+1, err)
		}
		cur.Segments = append(cur.Segments, sverka.ExportSegment{Lang: lang, Index: index[lang], Start: start, End: end, Text: text, Gap: gap})
		index[lang]++
		if cur.Annotations, err = anns[lang].upTo(start, end, index[lang] == s.segmentCount(lang), cur.Annotations); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export links: %w", err)
	}
	if have {
		return fn(&cur)
	}
	return nil
}

// segmentCount is the number of segments of a language (counted once).
func (s *ExportSource) segmentCount(lang string) int {
	if n, ok := s.segments[lang]; ok {
		return n
	}
	var n int
	_ = s.tx.QueryRowContext(s.ctx, `SELECT count(*) FROM segments WHERE base_text_id = ?`, s.textID[lang]).Scan(&n)
	s.segments[lang] = n
	return n
}

// visible is the condition that an annotation a is not deleted and the
// viewer may read it (annotationVisible), with its arguments.
func (s *ExportSource) visible() (string, []any) {
	cond, args := annotationVisible(s.viewerID())
	return `a.deleted_at = '' AND ` + cond, args
}

func (s *ExportSource) viewerID() int64 {
	if s.viewer == nil {
		return 0
	}
	return s.viewer.ID
}

// openAnnotations opens a cursor over the annotations of one language in
// text order.
func (s *ExportSource) openAnnotations(lang string) (*annotationCursor, error) {
	visible, args := s.visible()
	rows, err := s.tx.QueryContext(s.ctx, `SELECT `+annotationColumns+`
		WHERE a.document_id = ? AND a.lang = ? AND a.orphaned = 0 AND a.motivation <> 'replying' AND `+visible+`
		ORDER BY a.start_offset, a.end_offset, a.id`, append([]any{s.doc.ID, lang}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("export annotations: %w", err)
	}
	return &annotationCursor{rows: rows}, nil
}

// annotationCursor walks one language's annotations alongside its segments.
type annotationCursor struct {
	rows *sql.Rows
	next *sverka.Annotation
	done bool
}

// upTo appends to list the annotations that start before end (or at end,
// for an insertion there), and all that remain when last is set.
func (c *annotationCursor) upTo(start, end int, last bool, list []*sverka.Annotation) ([]*sverka.Annotation, error) {
	for {
		if c.next == nil && !c.done {
			if !c.rows.Next() {
				c.done = true
				if err := c.rows.Err(); err != nil {
					return list, fmt.Errorf("export annotations: %w", err)
				}
				return list, nil
			}
			a, err := scanAnnotation(c.rows)
			if err != nil {
				return list, fmt.Errorf("export annotations: %w", err)
			}
			c.next = a
		}
		if c.next == nil {
			return list, nil
		}
		t := c.next.Target
		if !last && t.Start >= end && !(t.Start == end && t.End == end) {
			return list, nil
		}
		list = append(list, c.next)
		c.next = nil
	}
}

func (c *annotationCursor) close() { c.rows.Close() }

// Annotations calls fn with every annotation of the document the viewer
// may see, replies included, in the order they were made. With deleted
// set it includes deleted annotations too.
func (s *ExportSource) Annotations(deleted bool, fn func(*sverka.Annotation) error) error {
	cond, args := annotationVisible(s.viewerID())
	if !deleted {
		cond += ` AND a.deleted_at = ''`
	}
	rows, err := s.tx.QueryContext(s.ctx, `SELECT `+annotationColumns+` WHERE a.document_id = ? AND `+cond+` ORDER BY a.id`, append([]any{s.doc.ID}, args...)...)
	if err != nil {
		return fmt.Errorf("export annotations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAnnotation(rows)
		if err != nil {
			return fmt.Errorf("export annotations: %w", err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export annotations: %w", err)
	}
	return nil
}

// Replies calls fn with the replies the viewer may see whose parent the
// viewer may see too and is on the texts (not on a page outside them), in
// the order they were made.
func (s *ExportSource) Replies(fn func(*sverka.Annotation) error) error {
	visible, args := s.visible()
	rows, err := s.tx.QueryContext(s.ctx, `SELECT `+annotationColumns+`
		WHERE a.document_id = ? AND a.motivation = 'replying' AND `+visible+`
		AND a.reply_to IN (SELECT a.id FROM annotations a WHERE a.document_id = ? AND a.outside = 0 AND `+visible+`)
		ORDER BY a.id`, append(append(append([]any{s.doc.ID}, args...), s.doc.ID), args...)...)
	if err != nil {
		return fmt.Errorf("export replies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAnnotation(rows)
		if err != nil {
			return fmt.Errorf("export replies: %w", err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export replies: %w", err)
	}
	return nil
}

// Annotators lists the people who made or reviewed an annotation the
// viewer may see, by name (sortByName).
func (s *ExportSource) Annotators() ([]sverka.User, error) {
	visible, args := s.visible()
	rows, err := s.tx.QueryContext(s.ctx, `
		SELECT id, name, role FROM users WHERE id IN (
			SELECT a.creator FROM annotations a WHERE a.document_id = ? AND `+visible+`
			UNION SELECT a.reviewed_by FROM annotations a WHERE a.document_id = ? AND a.reviewed_by IS NOT NULL AND `+visible+`)`,
		append(append(append([]any{s.doc.ID}, args...), s.doc.ID), args...)...)
	if err != nil {
		return nil, fmt.Errorf("export annotators: %w", err)
	}
	defer rows.Close()
	var list []sverka.User
	for rows.Next() {
		var u sverka.User
		if err := rows.Scan(&u.ID, &u.Name, &u.Role); err != nil {
			return nil, fmt.Errorf("export annotators: %w", err)
		}
		list = append(list, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("export annotators: %w", err)
	}
	sortByName(list)
	return list, nil
}

// SegmentAt returns the index of the segment of a document's text in lang
// that holds the code point at offset (false if none does).
func (s *ExportSource) SegmentAt(documentID, lang string, offset int) (int, bool) {
	var n, hit int
	err := s.tx.QueryRowContext(s.ctx, `
		SELECT count(*) FILTER (WHERE s.end_offset <= ?), count(*) FILTER (WHERE s.start_offset <= ? AND ? < s.end_offset)
		FROM segments s JOIN base_texts b ON b.id = s.base_text_id
		WHERE b.document_id = ? AND b.lang = ?`, offset, offset, offset, documentID, lang).Scan(&n, &hit)
	if err != nil || hit == 0 {
		return 0, false
	}
	return n, true
}

// textCursor cuts code-point ranges out of a string, moving forward only, so
// that slicing every segment of a text in order costs one pass.
type textCursor struct {
	text   string
	byteAt int // byte offset of rune runeAt
	runeAt int
}

// slice returns the text between the cursor and start (the gap) and the
// text of [start, end), and moves the cursor to end.
func (c *textCursor) slice(start, end int) (gap, text string, err error) {
	if start < c.runeAt || end < start {
		return "", "", fmt.Errorf("range [%d,%d) is out of order", start, end)
	}
	gapStart := c.byteAt
	if err := c.advance(start); err != nil {
		return "", "", err
	}
	gap = c.text[gapStart:c.byteAt]
	textStart := c.byteAt
	if err := c.advance(end); err != nil {
		return "", "", err
	}
	return gap, c.text[textStart:c.byteAt], nil
}

func (c *textCursor) advance(to int) error {
	at := skipCodePoints(c.text, c.byteAt, to-c.runeAt)
	if at < 0 {
		return fmt.Errorf("offset %d is past the end of the text (%d code points)", to, c.runeAt+utf8.RuneCountInString(c.text[c.byteAt:]))
	}
	c.byteAt, c.runeAt = at, max(to, c.runeAt)
	return nil
}

// Export reads the documents named by ids (all documents, in list order, if
// ids is empty) in one read-only transaction and calls fn with each. The
// viewer (nil for anonymous) decides what is seen (annotationVisible).
func (db *DB) Export(ctx context.Context, ids []string, viewer *sverka.User, fn func(*ExportSource) error) error {
	return db.ExportSnapshot(ctx, ids, viewer, func(walk func(func(*ExportSource) error) error) error { return walk(fn) })
}

// ExportSnapshot is Export for a format that goes through the documents
// more than once (one that counts its annotations before writing them): fn
// gets a walk over the documents, which it may take again and again, all
// inside one read-only transaction, so that every walk sees the same state
// however many writes are committed meanwhile.
func (db *DB) ExportSnapshot(ctx context.Context, ids []string, viewer *sverka.User, fn func(walk func(func(*ExportSource) error) error) error) error {
	tx, err := db.exporter.BeginTx(ctx, db.engine.readOptions())
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer tx.Rollback()
	if len(ids) == 0 {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM documents WHERE trashed_at = '' ORDER BY date, id`)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("export: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return fn(func(each func(*ExportSource) error) error {
		for _, id := range ids {
			src, err := exportSource(ctx, tx, id, viewer)
			if err != nil {
				return err
			}
			if err := each(src); err != nil {
				return err
			}
		}
		return nil
	})
}

// exportSource reads a document's metadata and base texts with derivation;
// a document in the trash is not exported (ErrTrashed).
func exportSource(ctx context.Context, tx *sql.Tx, id string, viewer *sverka.User) (*ExportSource, error) {
	if err := refuseTrashed(ctx, tx, id); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	d, textIDs, err := findDocumentHead(ctx, tx, id)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if d.Refs, err = findFormerRefs(ctx, tx, id); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	src := &ExportSource{ctx: ctx, tx: tx, doc: d, textID: map[string]int64{}, viewer: viewer, segments: map[string]int{}}
	for i, t := range d.Texts {
		src.textID[t.Lang] = textIDs[i]
	}
	return src, nil
}
