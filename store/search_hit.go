package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"sverka/reading"
	"sverka/stemming"
)

// hitMarks says which words of a hit to mark: those whose key is one the
// query asked for (or an OCR variant's), or whose form begins with a prefix.
type hitMarks struct {
	keyer      *stemming.Keyer
	exact, ocr map[string]bool
	prefixes   []string
}

// mark returns the ranges of text to mark, and the forms that matched only
// as OCR variants.
func (m hitMarks) mark(text string) ([][2]int, []string) {
	var marks [][2]int
	var variants []string
	runes := []rune(text)
	for _, t := range m.keyer.Tokens(text) {
		form := stemming.Fold(string(runes[t.Start:t.End]))
		switch {
		case m.exact[t.Key] || slices.ContainsFunc(m.prefixes, func(p string) bool { return strings.HasPrefix(form, p) || strings.HasPrefix(t.Key, p) }):
		case m.ocr[t.Key]:
			if !slices.Contains(variants, form) {
				variants = append(variants, form)
			}
		default:
			continue
		}
		marks = append(marks, [2]int{t.Start, t.End})
	}
	return marks, variants
}

// passageHits reads the passages of a page of hits, and only those: their
// text in both readings, link and aligned passages.
func passageHits(ctx context.Context, tx *sql.Tx, ids []int64, marks hitMarks) ([]SearchHit, error) {
	hits := make([]SearchHit, 0, len(ids))
	for _, id := range ids {
		var h SearchHit
		var baseTextID int64
		err := tx.QueryRowContext(ctx, `
			SELECT b.document_id, d.title, d.date, b.lang, m.start_offset, m.end_offset, b.id
			FROM search_passages m JOIN base_texts b ON b.id = m.base_text_id JOIN documents d ON d.id = b.document_id
			WHERE m.id = ?`, id).Scan(&h.DocumentID, &h.Title, &h.Date, &h.Lang, &h.Start, &h.End, &baseTextID)
		if errors.Is(err, sql.ErrNoRows) {
			continue // its document is gone; the indexer has yet to clear it
		}
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		if h.Text, h.Diplomatic, err = passageText(ctx, tx, baseTextID, h.DocumentID, h.Lang, h.Start, h.End); err != nil {
			return nil, err
		}
		h.Marks, h.OCRVariant = marks.mark(h.Text)
		if h.Diplomatic != "" && len(h.OCRVariant) == 0 && len(marks.ocr) > 0 {
			_, h.OCRVariant = marks.mark(h.Diplomatic)
		}
		var linkID int64
		err = tx.QueryRowContext(ctx, `
			SELECT l.id, l.position FROM segments s JOIN links l ON l.id = s.link_id
			WHERE s.base_text_id = ? AND s.start_offset = ? AND s.end_offset = ? LIMIT 1`, baseTextID, h.Start, h.End).Scan(&linkID, &h.Link)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("search: %w", err)
		}
		if h.Aligned, err = alignedPassages(ctx, tx, linkID, baseTextID, h.DocumentID, marks); err != nil {
			return nil, err
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// passageText is the range [start, end) of a base text in its corrected
// reading and, when that differs, in its diplomatic one.
func passageText(ctx context.Context, q querier, baseTextID int64, documentID, lang string, start, end int) (text, diplomatic string, err error) {
	if err := q.QueryRowContext(ctx, `SELECT substr(text, ?, ?) FROM base_texts WHERE id = ?`, start+1, end-start, baseTextID).Scan(&text); err != nil {
		return "", "", fmt.Errorf("search: %w", err)
	}
	edits, err := acceptedEdits(ctx, q, documentID, lang, start, end)
	if err != nil || len(edits) == 0 {
		return text, "", err
	}
	for i := range edits {
		edits[i].Start -= start
		edits[i].End -= start
	}
	runes := []rune(text)
	if corrected := reading.Corrected(reading.Pieces(runes, 0, len(runes), edits)); corrected != text {
		return corrected, text, nil
	}
	return text, "", nil
}

// alignedPassages are the passages of the other texts of a link, one per
// language, in their corrected reading.
func alignedPassages(ctx context.Context, tx *sql.Tx, linkID, baseTextID int64, documentID string, marks hitMarks) ([]AlignedPassage, error) {
	out := []AlignedPassage{}
	if linkID == 0 {
		return out, nil
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT b.id, b.lang, s.start_offset, s.end_offset FROM segments s JOIN base_texts b ON b.id = s.base_text_id
		WHERE s.link_id = ? AND b.id <> ? ORDER BY b.lang, s.start_offset`, linkID, baseTextID)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	type part struct {
		id         int64
		lang       string
		start, end int
	}
	var parts []part
	for rows.Next() {
		var p part
		if err := rows.Scan(&p.id, &p.lang, &p.start, &p.end); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search: %w", err)
		}
		parts = append(parts, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	for _, p := range parts {
		text, _, err := passageText(ctx, tx, p.id, documentID, p.lang, p.start, p.end)
		if err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].Lang == p.lang {
			out[n-1].Text += " " + text
		} else {
			out = append(out, AlignedPassage{Lang: p.lang, Text: text})
		}
	}
	for i := range out {
		out[i].Marks, _ = marks.mark(out[i].Text)
	}
	return out, nil
}
