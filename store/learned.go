package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"sverka/align"
)

// The corpus's learned dictionary: each confirmed link of a public document with a
// Russian and an English text is kept in learned_links as the stems of its two sides
// (align.LearnableStems), and triggers keep counts of stems and pairs from them
// (migration 000025). syncLearned brings a document's rows up to date in the
// transaction that changed its links or visibility; LearnedPairs reads the pairs the
// aligner takes.

// syncLearned makes document id's rows of learned_links those of its confirmed links:
// rows of links no longer confirmed (or of a document private or in the trash) go, confirmed
// links without one get one. A link's sentences never change under its id.
func syncLearned(ctx context.Context, tx *sql.Tx, id string) error {
	confirmed, err := confirmedTexts(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("learn from document %s: %w", id, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT link_id FROM learned_links WHERE document_id = ?`, id)
	if err != nil {
		return fmt.Errorf("learn from document %s: %w", id, err)
	}
	have := map[int64]bool{}
	for rows.Next() {
		var link int64
		if err := rows.Scan(&link); err != nil {
			rows.Close()
			return err
		}
		have[link] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for link := range have {
		if _, ok := confirmed[link]; !ok {
			if _, err := tx.ExecContext(ctx, `DELETE FROM learned_links WHERE link_id = ?`, link); err != nil {
				return fmt.Errorf("learn from document %s: %w", id, err)
			}
		}
	}
	for link, texts := range confirmed {
		if have[link] {
			continue
		}
		ru, _ := json.Marshal(nonNil(align.LearnableStems(texts[0])))
		en, _ := json.Marshal(nonNil(align.LearnableStems(texts[1])))
		if _, err := tx.ExecContext(ctx, `INSERT INTO learned_links (link_id, document_id, ru, en) VALUES (?, ?, ?, ?)`,
			link, id, string(ru), string(en)); err != nil {
			return fmt.Errorf("learn from document %s: %w", id, err)
		}
	}
	return nil
}

// learnConfirmed gives every confirmed link that the corpus has not learnt from its rows
// in learned_links: links confirmed before the learned dictionary was kept (migration
// 000025) would otherwise wait for their document's next change. start runs it before the indexer, one
// transaction per document; once every such link has its row, it only asks.
func (db *DB) learnConfirmed(ctx context.Context) error {
	var ids []string
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT DISTINCT d.id FROM documents d
			JOIN links l ON l.document_id = d.id AND l.status = 'confirmed'
			WHERE d.public = 1 AND coalesce(d.trashed_at, '') = ''
			  AND NOT EXISTS (SELECT 1 FROM learned_links x WHERE x.link_id = l.id)
			  AND (SELECT count(*) FROM base_texts b WHERE b.document_id = d.id AND b.lang IN ('ru', 'en')) = 2
			ORDER BY d.id`)
		if err != nil {
			return err
		}
		ids, err = scanColumn[string](rows)
		return err
	})
	if err != nil {
		return fmt.Errorf("find confirmed links not learnt: %w", err)
	}
	for _, id := range ids {
		// Nothing a page shows or the search index holds changes: not counted in Writes.
		if err := db.writeIndex(ctx, func(tx *sql.Tx) error { return syncLearned(ctx, tx, id) }); err != nil {
			return err
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// confirmedTexts returns the Russian and English text of each confirmed link of
// document id, by link id: its sentences joined by spaces. A private document, one in
// the trash, or one without both languages, has none.
func confirmedTexts(ctx context.Context, tx *sql.Tx, id string) (map[int64][2]string, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT l.id, t.lang, substr(t.text, s.start_offset + 1, s.end_offset - s.start_offset)
		FROM documents d
		JOIN links l ON l.document_id = d.id AND l.status = 'confirmed'
		JOIN segments s ON s.link_id = l.id
		JOIN base_texts t ON t.id = s.base_text_id AND t.lang IN ('ru', 'en')
		WHERE d.id = ? AND d.public = 1 AND coalesce(d.trashed_at, '') = ''
		  AND (SELECT count(*) FROM base_texts b WHERE b.document_id = d.id AND b.lang IN ('ru', 'en')) = 2
		ORDER BY l.id, t.lang, s.start_offset`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	parts := map[int64]*[2]strings.Builder{}
	for rows.Next() {
		var link int64
		var lang, text string
		if err := rows.Scan(&link, &lang, &text); err != nil {
			return nil, err
		}
		p := parts[link]
		if p == nil {
			p = &[2]strings.Builder{}
			parts[link] = p
		}
		side := 0
		if lang == "en" {
			side = 1
		}
		p[side].WriteString(text)
		p[side].WriteByte(' ')
	}
	out := map[int64][2]string{}
	for link, p := range parts {
		out[link] = [2]string{p[0].String(), p[1].String()}
	}
	return out, rows.Err()
}

// LearnedPairs returns the dictionary learnt from the corpus's confirmed links: the
// pairs of stems, Russian then English, that occur together in at least align.LearnCount
// links with a Dice coefficient of at least align.LearnDice (align.LearnedPairs over the
// same links gives the same pairs), in stem order.
func (db *DB) LearnedPairs(ctx context.Context) ([][2]string, error) {
	rows, err := db.reader.QueryContext(ctx, `
		SELECT p.ru, p.en FROM learned_pairs p
		JOIN learned_stems r ON r.lang = 'ru' AND r.stem = p.ru
		JOIN learned_stems e ON e.lang = 'en' AND e.stem = p.en
		WHERE p.links >= ? AND 2.0 * p.links / (r.links + e.links) >= ?
		ORDER BY p.ru, p.en`, align.LearnCount, align.LearnDice)
	if err != nil {
		return nil, fmt.Errorf("learned pairs: %w", err)
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, fmt.Errorf("learned pairs: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
