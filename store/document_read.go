package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"sverka"
)

// FindDocumentByID reads a whole document: metadata, raw source, base texts
// with derivation and segments (with their text), and links. A document in
// the trash is ErrTrashed.
func (db *DB) FindDocumentByID(ctx context.Context, id string) (*sverka.Document, error) {
	return db.findDocument(ctx, id, withSource)
}

// FindDocumentToRead reads a document as FindDocumentByID does but leaves
// out its raw source and the derivation of its texts, which the reading
// view and the document API never show (…/source serves them): the source
// is as long again as the texts, the derivation a query a text.
func (db *DB) FindDocumentToRead(ctx context.Context, id string) (*sverka.Document, error) {
	return db.findDocument(ctx, id, withoutSource)
}

// Whether readDocumentHead reads the raw source and the derivation steps.
const (
	withSource    = "raw_source"
	withoutSource = "''"
)

func (db *DB) findDocument(ctx context.Context, id, source string) (*sverka.Document, error) {
	var d *sverka.Document
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		if err := refuseTrashed(ctx, tx, id); err != nil {
			return err
		}
		d, err = readDocument(ctx, tx, id, source)
		return err
	})
	return d, err
}

// findDocumentHead reads a document's metadata, raw source, base texts
// with their derivation and scans with their word boxes, and returns the row ids of the texts in order.
func findDocumentHead(ctx context.Context, tx *sql.Tx, id string) (*sverka.Document, []int64, error) {
	return readDocumentHead(ctx, tx, id, withSource)
}

// readDocumentHead is findDocumentHead, the raw source and the derivation
// read as source (withSource or withoutSource) says.
func readDocumentHead(ctx context.Context, tx *sql.Tx, id, source string) (*sverka.Document, []int64, error) {
	d := &sverka.Document{}
	var public int
	var created string
	err := tx.QueryRowContext(ctx, `
		SELECT id, title, date, citation, summary, source_url, original_language, credits, source_format, `+source+`, public, revision, created_at
		FROM documents WHERE id = ?`, id).Scan(
		&d.ID, &d.Title, &d.Date, &d.Citation, &d.Summary, &d.SourceURL, &d.OriginalLanguage, &d.Credits, &d.SourceFormat, &d.RawSource, &public, &d.Revision, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("document %s: %w", id, sverka.ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find document: %w", err)
	}
	d.Public = public == 1
	d.CreatedAt = parseTime(created)

	rows, err := tx.QueryContext(ctx, `SELECT id, lang, role, text FROM base_texts WHERE document_id = ? ORDER BY role = 'translation', lang`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("find base texts: %w", err)
	}
	var textIDs []int64
	for rows.Next() {
		var t sverka.BaseText
		var tid int64
		if err := rows.Scan(&tid, &t.Lang, &t.Role, &t.Text); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("find base texts: %w", err)
		}
		t.Steps, t.Segments = []sverka.DerivationStep{}, []sverka.Segment{}
		d.Texts = append(d.Texts, t)
		textIDs = append(textIDs, tid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("find base texts: %w", err)
	}
	for i, tid := range textIDs {
		if source == withoutSource {
			break
		}
		if err := findSteps(ctx, tx, tid, &d.Texts[i]); err != nil {
			return nil, nil, err
		}
	}
	if err := findScan(ctx, tx, d); err != nil {
		return nil, nil, err
	}
	return d, textIDs, nil
}

func findDocument(ctx context.Context, tx *sql.Tx, id string) (*sverka.Document, error) {
	return readDocument(ctx, tx, id, withSource)
}

// readDocument reads a whole document, its raw source as source says: the
// links first, then the segments of each text, each put in its link's
// list as it comes (a join of links and segments sorted both in a
// temporary table).
func readDocument(ctx context.Context, tx *sql.Tx, id, source string) (*sverka.Document, error) {
	d, textIDs, err := readDocumentHead(ctx, tx, id, source)
	if err != nil {
		return nil, err
	}
	d.Links = []sverka.Link{}
	link := map[int64]int{} // link id -> index in d.Links
	rows, err := tx.QueryContext(ctx, `SELECT id, position, ref, status, confidence FROM links WHERE document_id = ? ORDER BY position, id`, id)
	if err != nil {
		return nil, fmt.Errorf("find links: %w", err)
	}
	for rows.Next() {
		var l sverka.Link
		if err := rows.Scan(&l.ID, &l.Position, &l.Ref, &l.Status, &l.Confidence); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find links: %w", err)
		}
		l.Segments = make(map[string][]int, len(d.Texts))
		for _, t := range d.Texts {
			l.Segments[t.Lang] = []int{}
		}
		link[l.ID] = len(d.Links)
		d.Links = append(d.Links, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find links: %w", err)
	}
	for i, tid := range textIDs {
		if err := readSegments(ctx, tx, tid, &d.Texts[i], d.Links, link); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// readSegments reads the segments of base text tid into t, with their
// text, and adds each to its link's list of segments in t's language, in
// the order of the text (t.Segments's).
func readSegments(ctx context.Context, tx *sql.Tx, tid int64, t *sverka.BaseText, links []sverka.Link, link map[int64]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, start_offset, end_offset, link_id FROM segments WHERE base_text_id = ? ORDER BY start_offset, end_offset, id`, tid)
	if err != nil {
		return fmt.Errorf("find segments: %w", err)
	}
	defer rows.Close()
	cut := textCutter{text: t.Text}
	for rows.Next() {
		var s sverka.Segment
		var lid sql.NullInt64
		if err := rows.Scan(&s.ID, &s.Start, &s.End, &lid); err != nil {
			return fmt.Errorf("find segments: %w", err)
		}
		s.Text = cut.slice(s.Start, s.End)
		k := len(t.Segments)
		t.Segments = append(t.Segments, s)
		li, ok := link[lid.Int64]
		if !lid.Valid || !ok {
			continue
		}
		links[li].Segments[t.Lang] = append(links[li].Segments[t.Lang], k)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find segments: %w", err)
	}
	return nil
}

// textCutter cuts the text between code points out of a text, for starts
// that mostly come in order: it walks on from the last start instead of
// converting the text to code points.
type textCutter struct {
	text string
	// at is the byte offset of code point n.
	at, n int
}

// slice is code points [start, end) of the text (valid UTF-8, as
// sverka.Document.Validate holds it), "" when they are not all in it.
func (c *textCutter) slice(start, end int) string {
	if start < 0 || end < start {
		return ""
	}
	if start < c.n {
		c.at, c.n = 0, 0
	}
	c.at = skipCodePoints(c.text, c.at, start-c.n)
	if c.at < 0 {
		c.at, c.n = 0, 0
		return ""
	}
	c.n = start
	e := skipCodePoints(c.text, c.at, end-start)
	if e < 0 {
		return ""
	}
	return c.text[c.at:e]
}

// skipCodePoints is the byte offset k code points on from byte offset i of
// text (valid UTF-8), or -1 past its end. A code point is its first byte
// and the bytes that continue it (10xxxxxx).
func skipCodePoints(text string, i, k int) int {
	for ; k > 0; k-- {
		if i >= len(text) {
			return -1
		}
		for i++; i < len(text) && text[i]&0xC0 == 0x80; i++ {
		}
	}
	return i
}
