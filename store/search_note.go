package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// NoteHit is a note, reply or cross-reference whose words match: its body,
// tags or citation.
type NoteHit struct {
	AnnotationID int64    `json:"annotationId"`
	DocumentID   string   `json:"documentId"`
	Title        string   `json:"title"`
	Motivation   string   `json:"motivation"`
	Author       string   `json:"author"`
	Tags         []string `json:"tags"`
	// Exact is the passage it is attached to (a reply's: its parent's).
	Exact string `json:"exact"`
	// Text is what the scholar wrote (Markdown as typed).
	Text string `json:"text"`
	// Link is the ref of the alignment link the passage belongs to (the N of
	// #link-N).
	Link  int      `json:"link"`
	Marks [][2]int `json:"marks"`
}

// searchNotes finds the notes, replies and cross-references whose words
// match, as q.Viewer may see them (annotationVisible): no deleted ones;
// filtered by document, date, language, kind, author and tag.
func searchNotes(ctx context.Context, tx *sql.Tx, e engine, q SearchQuery, match string, marks hitMarks) ([]NoteHit, error) {
	var viewer int64
	if q.Viewer != nil {
		viewer = q.Viewer.ID
	}
	matches, margs, err := e.noteMatches(ctx, tx, match)
	if err != nil {
		return nil, fmt.Errorf("search annotations: %w", err)
	}
	// The notes are ranked first and only the best notePrefetch joined:
	// a common word is in most notes, and joining every one (4,501 at
	// 10,000 documents) before the sort took three quarters of the time.
	// The best notePrefetch hold a page of notes unless filters leave out
	// most of them; then all are joined, as they were.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+matches+` m LIMIT ?) f`, append(margs, notePrefetch)...).Scan(&n); err != nil {
		return nil, fmt.Errorf("search annotations: %w", err)
	}
	if n == 0 {
		return []NoteHit{}, nil
	}
	visible, vargs := annotationVisible(viewer)
	where := []string{"a.deleted_at = ''", visible}
	var args []any
	args = append(args, vargs...)
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if q.DocumentID != "" {
		add("a.document_id = ?", q.DocumentID)
	}
	if q.Lang != "" {
		add("coalesce(p.lang, a.lang) = ?", q.Lang)
	}
	if q.From != "" {
		add("d.date >= ?", q.From)
	}
	if q.To != "" {
		add("substr(d.date, 1, length(CAST(? AS TEXT))) <= ?", q.To)
		args = append(args, q.To)
	}
	if q.Kind != "" {
		add("a.motivation = ?", q.Kind)
	}
	if q.Author != "" {
		add("u.name = ?", q.Author)
	}
	if q.Tag != "" {
		add(e.hasTag(), q.Tag)
	}
	list, err := noteRows(ctx, tx, matches, strings.Join(where, " AND "), margs, args, notePrefetch)
	if err == nil && len(list) < maxNoteHits && n == notePrefetch {
		list, err = noteRows(ctx, tx, matches, strings.Join(where, " AND "), margs, args, math.MaxInt32)
	}
	if err != nil {
		return nil, err
	}
	notes := []NoteHit{}
	for _, f := range list {
		if f.Link, err = linkRef(ctx, tx, f.DocumentID, f.lang, f.start); err != nil {
			return nil, err
		}
		f.Marks, _ = marks.mark(f.Text)
		notes = append(notes, f.NoteHit)
	}
	return notes, nil
}

// notePrefetch is how many of the best matches searchNotes joins first.
const notePrefetch = 4 * maxNoteHits

// foundNote is a note searchNotes found, with where it is attached.
type foundNote struct {
	NoteHit
	lang  string
	start int
}

// noteRows reads the first maxNoteHits notes that meet where among the
// best limit matches, by rank.
func noteRows(ctx context.Context, tx *sql.Tx, matches, where string, margs, args []any, limit int) ([]foundNote, error) {
	all := append(append(append(slices.Clone(margs), limit), args...), maxNoteHits)
	rows, err := tx.QueryContext(ctx, `
		SELECT a.id, a.document_id, d.title, a.motivation, coalesce(u.name, ''), a.body, a.tags,
			coalesce(p.lang, a.lang), coalesce(p.start_offset, a.start_offset), coalesce(p.exact, a.exact)
		FROM (SELECT id, rank FROM `+matches+` m ORDER BY rank, id LIMIT ?) k
		JOIN annotations a ON a.id = k.id
		JOIN documents d ON d.id = a.document_id
		LEFT JOIN annotations p ON p.id = a.reply_to
		LEFT JOIN users u ON u.id = a.creator
		WHERE `+where+`
		ORDER BY k.rank, a.id
		LIMIT ?`, all...)
	if err != nil {
		return nil, fmt.Errorf("search annotations: %w", err)
	}
	defer rows.Close()
	var list []foundNote
	for rows.Next() {
		var f foundNote
		var tags string
		if err := rows.Scan(&f.AnnotationID, &f.DocumentID, &f.Title, &f.Motivation, &f.Author, &f.Text, &tags, &f.lang, &f.start, &f.Exact); err != nil {
			return nil, fmt.Errorf("search annotations: %w", err)
		}
		f.Tags = parseTags(tags)
		list = append(list, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search annotations: %w", err)
	}
	return list, nil
}

// linkRef is the ref of the link whose segment in lang holds the code
// point at start, or 0.
func linkRef(ctx context.Context, tx *sql.Tx, documentID, lang string, start int) (int, error) {
	var ref int
	err := tx.QueryRowContext(ctx, `
		SELECT l.ref FROM segments s
		JOIN base_texts b ON b.id = s.base_text_id
		JOIN links l ON l.id = s.link_id
		WHERE b.document_id = ? AND b.lang = ? AND s.start_offset <= ? AND s.end_offset > ?
		ORDER BY s.start_offset DESC LIMIT 1`, documentID, lang, start, start).Scan(&ref)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("search: %w", err)
	}
	return ref, nil
}
