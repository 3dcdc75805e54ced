package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"sort"

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

// FindDocumentView reads what the reading view shows of document id in one
// snapshot: the document as FindDocumentToRead reads it and every ref its
// links ever had (FindLinkRefs). Read apart, an edit committed between the
// two gave the view refs of another revision than its links (and one
// more transaction a page).
func (db *DB) FindDocumentView(ctx context.Context, id string) (*sverka.Document, []sverka.LinkRef, error) {
	src, err := db.FindRenderSource(ctx, id, true)
	return src.Doc, src.Refs, err
}

// Whether readDocumentHead reads the raw source and the derivation steps.
const (
	withSource    = "raw_source"
	withoutSource = "''"
)

func (db *DB) findDocument(ctx context.Context, id, source string) (*sverka.Document, error) {
	var d *sverka.Document
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		d, err = readUntrashed(ctx, tx, id, source)
		return err
	})
	return d, err
}

// readUntrashed is readDocument of a document not in the trash (ErrTrashed).
func readUntrashed(ctx context.Context, tx *sql.Tx, id, source string) (*sverka.Document, error) {
	if err := refuseTrashed(ctx, tx, id); err != nil {
		return nil, err
	}
	return readDocument(ctx, tx, id, source)
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
// links first, then the segments of each text (readSegments).
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
		// Integers are scanned into int64: database/sql turns an int64 into
		// an int through strconv, an allocation a column.
		var position, ref int64
		l := sverka.Link{Segments: make(map[string][]int, len(d.Texts))}
		if err := rows.Scan(&l.ID, &position, &ref, &l.Status, &l.Confidence); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find links: %w", err)
		}
		l.Position, l.Ref = int(position), int(ref)
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
// text, and gives each link its list of segments in t's language
// (listSegments). The segments come sorted by (start, id), the order of SQLite's index on
// (base_text_id, start_offset), so that it does not sort them again; the
// few of one start (an empty segment beside another) are put in (start,
// end, id) order here.
func readSegments(ctx context.Context, tx *sql.Tx, tid int64, t *sverka.BaseText, links []sverka.Link, link map[int64]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, start_offset, end_offset, link_id FROM segments WHERE base_text_id = ? ORDER BY start_offset, id`, tid)
	if err != nil {
		return fmt.Errorf("find segments: %w", err)
	}
	defer rows.Close()
	segs := bySegment{segments: t.Segments} // and the link of each, -1 for none
	for rows.Next() {
		var id, start, end int64
		var lid sql.NullInt64
		if err := rows.Scan(&id, &start, &end, &lid); err != nil {
			return fmt.Errorf("find segments: %w", err)
		}
		segs.segments = append(segs.segments, sverka.Segment{ID: id, Start: int(start), End: int(end)})
		segs.links = append(segs.links, -1)
		if lid.Valid {
			segs.links[len(segs.links)-1] = lid.Int64
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find segments: %w", err)
	}
	for i := 0; i < segs.Len(); {
		j := i + 1
		for j < segs.Len() && segs.segments[j].Start == segs.segments[i].Start {
			j++
		}
		if j-i > 1 {
			sort.Stable(bySegment{segs.segments[i:j], segs.links[i:j]})
		}
		i = j
	}
	t.Segments = segs.segments
	listSegments(t, segs.links, links, link)
	return nil
}

// listSegments gives each link its list of the segments of t in t's
// language, in the order of the text, cut from one array: segment k
// belongs to the link whose id is of[k].
func listSegments(t *sverka.BaseText, of []int64, links []sverka.Link, link map[int64]int) {
	// Each link's list starts at first[li] of all.
	owner := make([]int, len(t.Segments))
	first := make([]int, len(links)+1)
	cut := textCutter{text: t.Text}
	for k := range t.Segments {
		s := &t.Segments[k]
		s.Text = cut.slice(s.Start, s.End)
		li, ok := link[of[k]]
		if !ok {
			li = -1
		} else {
			first[li+1]++
		}
		owner[k] = li
	}
	for li := range links {
		first[li+1] += first[li]
	}
	all := make([]int, first[len(links)])
	next := slices.Clone(first[:len(links)])
	for k, li := range owner {
		if li >= 0 {
			all[next[li]] = k
			next[li]++
		}
	}
	for li := range links {
		links[li].Segments[t.Lang] = all[first[li]:first[li+1]:first[li+1]]
	}
}

// bySegment sorts segments of one start by their end, each with its link.
type bySegment struct {
	segments []sverka.Segment
	links    []int64
}

func (b bySegment) Len() int           { return len(b.segments) }
func (b bySegment) Less(i, j int) bool { return b.segments[i].End < b.segments[j].End }
func (b bySegment) Swap(i, j int) {
	b.segments[i], b.segments[j] = b.segments[j], b.segments[i]
	b.links[i], b.links[j] = b.links[j], b.links[i]
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
// and the bytes that continue it (10xxxxxx). While eight or more are left
// it takes eight bytes at a time: the c code points they begin are all
// passed (c <= 8 <= k), and so are the bytes after them that continue the
// last (a Russian text is mostly two-byte code points).
func skipCodePoints(text string, i, k int) int {
	const high = 0x8080808080808080
	for k >= 8 && i+8 <= len(text) {
		t := text[i : i+8]
		w := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		k -= 8 - bits.OnesCount64(w&^(w<<1)&high) // a continuation byte: bit 7 set, bit 6 clear
		for i += 8; i < len(text) && text[i]&0xC0 == 0x80; i++ {
		}
	}
	for ; k > 0; k-- {
		if i >= len(text) {
			return -1
		}
		for i++; i < len(text) && text[i]&0xC0 == 0x80; i++ {
		}
	}
	return i
}
