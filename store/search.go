package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"sverka"
	"sverka/reading"
	"sverka/stemming"
)

// SearchQuery is what to look for: words (all must occur, in any form of the
// word) and "quoted phrases", optionally in one language or one document.
type SearchQuery struct {
	Text       string
	Lang       string
	DocumentID string
	Limit      int
	Offset     int
	// Viewer is the user searching, or nil: anonymous visitors find only
	// public documents.
	Viewer *sverka.User
}

// SearchHit is one passage that matches.
type SearchHit struct {
	DocumentID string `json:"documentId"`
	Title      string `json:"title"`
	Lang       string `json:"lang"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	// Text is the passage in its corrected reading (accepted corrections
	// applied); Diplomatic is the OCR as is, when it differs.
	Text       string `json:"text"`
	Diplomatic string `json:"diplomatic,omitempty"`
	// Link is the position of the alignment link the passage now belongs to.
	Link int `json:"link"`
	// Marks are the ranges of Text (code points) of the words that matched.
	Marks [][2]int `json:"marks"`
}

// NoteHit is a note, reply or cross-reference whose words match: its body,
// tags or citation.
type NoteHit struct {
	AnnotationID int64  `json:"annotationId"`
	DocumentID   string `json:"documentId"`
	Title        string `json:"title"`
	Motivation   string `json:"motivation"`
	Author       string `json:"author"`
	// Exact is the passage it is attached to (a reply's: its parent's).
	Exact string `json:"exact"`
	// Text is what the scholar wrote (Markdown as typed).
	Text string `json:"text"`
	// Link is the position of the alignment link the passage belongs to.
	Link  int      `json:"link"`
	Marks [][2]int `json:"marks"`
}

// SearchResult is a page of hits in the texts and, on the first page, the
// annotations that match.
type SearchResult struct {
	Hits  []SearchHit `json:"hits"`
	More  bool        `json:"more"`
	Notes []NoteHit   `json:"notes"`
}

// maxNoteHits caps the annotations a search lists.
const maxNoteHits = 20

// ftsQuery turns what a person typed into an FTS5 query of search keys and
// the set of keys to mark. Every key is quoted, so no FTS5 syntax typed by a
// user reaches the engine.
func ftsQuery(text string) (string, map[string]bool) {
	var parts []string
	keys := map[string]bool{}
	for i, chunk := range strings.Split(text, `"`) {
		toks := stemming.Tokens(chunk)
		if len(toks) == 0 {
			continue
		}
		var ks []string
		for _, t := range toks {
			keys[t.Key] = true
			ks = append(ks, t.Key)
		}
		if i%2 == 1 { // inside quotes: a phrase
			parts = append(parts, `"`+strings.Join(ks, " ")+`"`)
			continue
		}
		for _, k := range ks {
			parts = append(parts, `"`+k+`"`)
		}
	}
	return strings.Join(parts, " "), keys
}

// Search finds passages by the words they contain, best matches first.
func (db *DB) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	if utf8.RuneCountInString(q.Text) > 500 {
		return nil, sverka.Invalid("q", "the query is too long (at most 500 characters)")
	}
	match, keys := ftsQuery(q.Text)
	if match == "" {
		return nil, sverka.Invalid("q", "type one or more words to search for")
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	if q.Offset < 0 {
		return nil, sverka.Invalid("offset", "must not be negative")
	}
	if err := db.indexPassages(ctx); err != nil {
		return nil, err
	}
	if err := db.indexAnnotations(ctx); err != nil {
		return nil, err
	}
	where := []string{"passages MATCH ?"}
	args := []any{match}
	if q.Viewer == nil {
		where = append(where, "d.public = 1")
	}
	if q.Lang != "" {
		where = append(where, "p.lang = ?")
		args = append(args, q.Lang)
	}
	if q.DocumentID != "" {
		where = append(where, "p.document_id = ?")
		args = append(args, q.DocumentID)
	}
	args = append(args, q.Limit+1, q.Offset)
	tx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `
		SELECT p.document_id, d.title, p.lang, p.start_offset, p.end_offset
		FROM passages p JOIN documents d ON d.id = p.document_id
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY bm25(passages), p.document_id, p.start_offset
		LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res := &SearchResult{Hits: []SearchHit{}, Notes: []NoteHit{}}
	for rows.Next() {
		var h SearchHit
		if err := rows.Scan(&h.DocumentID, &h.Title, &h.Lang, &h.Start, &h.End); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search: %w", err)
		}
		res.Hits = append(res.Hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if len(res.Hits) > q.Limit {
		res.Hits, res.More = res.Hits[:q.Limit], true
	}
	readings := map[[2]string]*Reading{}
	for i := range res.Hits {
		h := &res.Hits[i]
		k := [2]string{h.DocumentID, h.Lang}
		r, ok := readings[k]
		if !ok {
			if r, err = db.findReading(ctx, tx, h.DocumentID, h.Lang); err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
			readings[k] = r
		}
		if h.Start < 0 || h.End > len(r.Text) || h.Start > h.End {
			continue
		}
		h.Text = string(r.Text[h.Start:h.End])
		if len(r.Edits) > 0 {
			if corrected := reading.Corrected(reading.Pieces(r.Text, h.Start, h.End, r.Edits)); corrected != h.Text {
				h.Diplomatic, h.Text = h.Text, corrected
			}
		}
		for _, t := range stemming.Tokens(h.Text) {
			if keys[t.Key] {
				h.Marks = append(h.Marks, [2]int{t.Start, t.End})
			}
		}
		if h.Link, err = linkAt(ctx, tx, h.DocumentID, h.Lang, h.Start); err != nil {
			return nil, err
		}
	}
	if q.Offset == 0 {
		if res.Notes, err = searchAnnotations(ctx, tx, q, match, keys); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// linkAt is the position of the link whose segment in lang holds the code
// point at start, or 0.
func linkAt(ctx context.Context, tx *sql.Tx, documentID, lang string, start int) (int, error) {
	var pos int
	err := tx.QueryRowContext(ctx, `
		SELECT l.position FROM segments s
		JOIN base_texts b ON b.id = s.base_text_id
		JOIN links l ON l.id = s.link_id
		WHERE b.document_id = ? AND b.lang = ? AND s.start_offset <= ? AND s.end_offset > ?
		ORDER BY s.start_offset DESC LIMIT 1`, documentID, lang, start, start).Scan(&pos)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("search: %w", err)
	}
	return pos, nil
}

// searchAnnotations finds the notes, replies and cross-references whose
// words match, as q.Viewer may see them: no deleted ones, no one else's
// private ones, none in a document the viewer may not read.
func searchAnnotations(ctx context.Context, tx *sql.Tx, q SearchQuery, match string, keys map[string]bool) ([]NoteHit, error) {
	var viewer int64
	if q.Viewer != nil {
		viewer = q.Viewer.ID
	}
	visible, vargs := annotationVisible(viewer)
	where := []string{"annotation_keys MATCH ?", "a.deleted_at = ''", visible}
	args := append([]any{match}, vargs...)
	if q.DocumentID != "" {
		where = append(where, "a.document_id = ?")
		args = append(args, q.DocumentID)
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT a.id, a.document_id, d.title, a.motivation, coalesce(u.name, ''), a.body,
			coalesce(p.lang, a.lang), coalesce(p.start_offset, a.start_offset), coalesce(p.exact, a.exact)
		FROM annotation_keys k
		JOIN annotations a ON a.id = k.rowid
		JOIN documents d ON d.id = a.document_id
		LEFT JOIN annotations p ON p.id = a.reply_to
		LEFT JOIN users u ON u.id = a.creator
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY bm25(annotation_keys), a.id
		LIMIT ?`, append(args, maxNoteHits)...)
	if err != nil {
		return nil, fmt.Errorf("search annotations: %w", err)
	}
	type found struct {
		NoteHit
		lang  string
		start int
	}
	var list []found
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.AnnotationID, &f.DocumentID, &f.Title, &f.Motivation, &f.Author, &f.Text, &f.lang, &f.start, &f.Exact); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search annotations: %w", err)
		}
		list = append(list, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search annotations: %w", err)
	}
	notes := []NoteHit{}
	for _, f := range list {
		if f.Link, err = linkAt(ctx, tx, f.DocumentID, f.lang, f.start); err != nil {
			return nil, err
		}
		for _, t := range stemming.Tokens(f.Text) {
			if keys[t.Key] {
				f.Marks = append(f.Marks, [2]int{t.Start, t.End})
			}
		}
		notes = append(notes, f.NoteHit)
	}
	return notes, nil
}

// indexAnnotations brings the index of annotations up to date: every
// note, reply and cross-reference not in it, or changed since (a new
// version), is indexed again; a deleted one leaves the index.
func (db *DB) indexAnnotations(ctx context.Context) error {
	const stale = `SELECT a.id, a.version, a.body, a.tags, a.link_citation, a.deleted_at
		FROM annotations a LEFT JOIN annotations_indexed x ON x.annotation_id = a.id
		WHERE a.motivation <> 'editing' AND (x.version IS NULL OR x.version <> a.version)`
	var n int
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM (`+stale+`)`).Scan(&n); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if n == 0 {
		return nil
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, stale)
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		type entry struct {
			id, version int64
			keys        string
			deleted     bool
		}
		var entries []entry
		for rows.Next() {
			var e entry
			var body, tags, citation, deleted string
			if err := rows.Scan(&e.id, &e.version, &body, &tags, &citation, &deleted); err != nil {
				rows.Close()
				return fmt.Errorf("search index: %w", err)
			}
			var tagList []string
			_ = json.Unmarshal([]byte(tags), &tagList) // an unreadable tag list indexes as no tags
			e.keys = stemming.Keys(body + "\n" + strings.Join(tagList, "\n") + "\n" + citation)
			e.deleted = deleted != ""
			entries = append(entries, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		for _, e := range entries {
			if _, err := tx.ExecContext(ctx, `DELETE FROM annotation_keys WHERE rowid = ?`, e.id); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
			if !e.deleted {
				if _, err := tx.ExecContext(ctx, `INSERT INTO annotation_keys (rowid, keys) VALUES (?, ?)`, e.id, e.keys); err != nil {
					return fmt.Errorf("search index: %w", err)
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO annotations_indexed (annotation_id, version) VALUES (?, ?)`, e.id, e.version); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
		return nil
	})
}

// indexPassages brings the search index up to date: every document not in
// it, or changed since it was indexed, has its passages (its current
// segments, in the diplomatic and the corrected reading) indexed again.
// Whatever way a document came in or changed (the seed migration, an
// import, a correction accepted, an alignment edit), the next search sees it.
func (db *DB) indexPassages(ctx context.Context) error {
	const stale = `SELECT d.id, d.revision FROM documents d LEFT JOIN passages_indexed p ON p.document_id = d.id
		WHERE p.revision IS NULL OR p.revision <> d.revision`
	var n int
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM (`+stale+`)`).Scan(&n); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if n == 0 {
		return nil
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, stale)
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		revisions := map[string]int64{}
		for rows.Next() {
			var id string
			var rev int64
			if err := rows.Scan(&id, &rev); err != nil {
				rows.Close()
				return fmt.Errorf("search index: %w", err)
			}
			revisions[id] = rev
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		for id, rev := range revisions {
			if err := db.indexDocument(ctx, tx, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO passages_indexed (document_id, revision) VALUES (?, ?)`, id, rev); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
		return nil
	})
}

// indexDocument replaces the passages of one document in the index.
func (db *DB) indexDocument(ctx context.Context, tx *sql.Tx, documentID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM passages WHERE document_id = ?`, documentID); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	var langs []string
	rows, err := tx.QueryContext(ctx, `SELECT lang FROM base_texts WHERE document_id = ?`, documentID)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	for rows.Next() {
		var lang string
		if err := rows.Scan(&lang); err != nil {
			rows.Close()
			return fmt.Errorf("search index: %w", err)
		}
		langs = append(langs, lang)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	for _, lang := range langs {
		r, err := db.findReading(ctx, tx, documentID, lang)
		if err != nil {
			return err
		}
		for _, seg := range r.Segments {
			if seg.Start < 0 || seg.End > len(r.Text) || seg.Start > seg.End {
				continue
			}
			keys := stemming.Keys(string(r.Text[seg.Start:seg.End]))
			if len(r.Edits) > 0 {
				if corrected := reading.Corrected(reading.Pieces(r.Text, seg.Start, seg.End, r.Edits)); corrected != string(r.Text[seg.Start:seg.End]) {
					keys += " " + stemming.Keys(corrected)
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO passages (keys, document_id, lang, start_offset, end_offset) VALUES (?, ?, ?, ?, ?)`,
				keys, documentID, lang, seg.Start, seg.End); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
	}
	return nil
}
