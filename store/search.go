package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

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
	Viewer *User
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

// SearchResult is a page of hits.
type SearchResult struct {
	Hits []SearchHit `json:"hits"`
	More bool        `json:"more"`
}

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
		return nil, invalid("q", "the query is too long (at most 500 characters)")
	}
	match, keys := ftsQuery(q.Text)
	if match == "" {
		return nil, invalid("q", "type one or more words to search for")
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	if q.Offset < 0 {
		return nil, invalid("offset", "must not be negative")
	}
	if err := db.indexPassages(ctx); err != nil {
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
	res := &SearchResult{Hits: []SearchHit{}}
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
		err := tx.QueryRowContext(ctx, `
			SELECT l.position FROM segments s
			JOIN base_texts b ON b.id = s.base_text_id
			JOIN links l ON l.id = s.link_id
			WHERE b.document_id = ? AND b.lang = ? AND s.start_offset <= ? AND s.end_offset > ?
			ORDER BY s.start_offset DESC LIMIT 1`, h.DocumentID, h.Lang, h.Start, h.Start).Scan(&h.Link)
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	return res, nil
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
