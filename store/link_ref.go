package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"

	"sverka"
)

// A link's ref is its stable identifier (sverka.LinkRef). Every alignment
// edit hands the refs of the links it replaces to the links it makes: each
// new link takes the ref of the first replaced link it shares words with
// that no new link before it took, so a merged link keeps the first ref, the
// first part of a split link keeps it and the second gets a new one. A ref
// is never given twice: new ones count on from the highest a document ever
// had. link_refs keeps every ref with the span of words its links ever held,
// so that a ref no link carries still finds its words.

// FindLinkRefs lists every ref document id's links ever had, in order.
func (db *DB) FindLinkRefs(ctx context.Context, id string) ([]sverka.LinkRef, error) {
	var refs []sverka.LinkRef
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		refs, err = findLinkRefs(ctx, tx, id)
		return err
	})
	return refs, err
}

func findLinkRefs(ctx context.Context, tx *sql.Tx, id string) ([]sverka.LinkRef, error) {
	rows, err := tx.QueryContext(ctx, `SELECT ref, spans FROM link_refs WHERE document_id = ? ORDER BY ref`, id)
	if err != nil {
		return nil, fmt.Errorf("find link refs: %w", err)
	}
	defer rows.Close()
	refs := []sverka.LinkRef{}
	for rows.Next() {
		var r sverka.LinkRef
		var spans string
		if err := rows.Scan(&r.Ref, &spans); err != nil {
			return nil, fmt.Errorf("find link refs: %w", err)
		}
		if r.Spans, err = parseSpans(spans); err != nil {
			return nil, fmt.Errorf("find link refs: ref %d: %w", r.Ref, err)
		}
		refs = append(refs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find link refs: %w", err)
	}
	return refs, nil
}

// findFormerRefs lists the refs of document id that its links do not
// account for by their own words (sverka.Document.Refs): a ref no link
// carries, or one whose span is wider than its link's. It reads a ref at a
// time and keeps only those. The join says l.ref > 0 so that SQLite may
// use the partial index links_document_ref (ref > 0): without it every
// ref scanned the document's links, and a 15,000-link document's export
// took longer than a client waits for its first byte.
func findFormerRefs(ctx context.Context, tx *sql.Tx, id string) ([]sverka.LinkRef, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT r.ref, r.spans, l.id IS NOT NULL, coalesce(b.lang, ''), coalesce(min(s.start_offset), 0), coalesce(max(s.end_offset), 0)
		FROM link_refs r
		LEFT JOIN links l ON l.document_id = r.document_id AND l.ref = r.ref AND l.ref > 0
		LEFT JOIN segments s ON s.link_id = l.id
		LEFT JOIN base_texts b ON b.id = s.base_text_id
		WHERE r.document_id = ?
		GROUP BY r.ref, r.spans, l.id, b.lang
		ORDER BY r.ref, b.lang`, id)
	if err != nil {
		return nil, fmt.Errorf("find former link refs: %w", err)
	}
	defer rows.Close()
	var out []sverka.LinkRef
	var cur sverka.LinkRef
	var live bool
	own := map[string][2]int{}
	flush := func() {
		if cur.Ref > 0 && (!live || !maps.Equal(cur.Spans, own)) {
			out = append(out, cur)
		}
	}
	for rows.Next() {
		var (
			ref, start, end int
			spans, lang     string
			carried         bool
		)
		if err := rows.Scan(&ref, &spans, &carried, &lang, &start, &end); err != nil {
			return nil, fmt.Errorf("find former link refs: %w", err)
		}
		if ref != cur.Ref {
			flush()
			cur, live, own = sverka.LinkRef{Ref: ref}, carried, map[string][2]int{}
			if err := json.Unmarshal([]byte(spans), &cur.Spans); err != nil {
				return nil, fmt.Errorf("find former link refs: ref %d: %w", ref, err)
			}
		}
		if lang != "" {
			own[lang] = [2]int{start, end}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find former link refs: %w", err)
	}
	flush()
	return out, nil
}

// ResolveLinkRef finds where ref of document id points now: ErrNotFound
// when the document never had it.
func (db *DB) ResolveLinkRef(ctx context.Context, id string, ref int) (sverka.RefTarget, error) {
	var t []sverka.RefTarget
	err := db.read(ctx, func(tx *sql.Tx) error {
		d, err := findDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		var r sverka.LinkRef
		var spans string
		err = tx.QueryRowContext(ctx, `SELECT ref, spans FROM link_refs WHERE document_id = ? AND ref = ?`, id, ref).Scan(&r.Ref, &spans)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("document %s has no link %d: %w", id, ref, sverka.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("resolve link %d: %w", ref, err)
		}
		if err := json.Unmarshal([]byte(spans), &r.Spans); err != nil {
			return fmt.Errorf("resolve link %d: %w", ref, err)
		}
		t = d.ResolveRefs([]sverka.LinkRef{r})
		return nil
	})
	if err != nil {
		return sverka.RefTarget{}, err
	}
	if len(t) == 0 {
		return sverka.RefTarget{}, fmt.Errorf("document %s: link %d holds no sentence: %w", id, ref, sverka.ErrNotFound)
	}
	return t[0], nil
}

// spans is the code-point span of each language of a link's sentences.
func (l windowLink) spans() map[string][2]int {
	out := map[string][2]int{}
	for lang, r := range l.Segments {
		if len(r) > 0 {
			out[lang] = [2]int{r[0][0], r[len(r)-1][1]}
		}
	}
	return out
}

// overlaps reports whether l and m hold words in common.
func (l windowLink) overlaps(m windowLink) bool {
	for lang, r := range l.Segments {
		for _, a := range r {
			for _, b := range m.Segments[lang] {
				if a[0] < b[1] && b[0] < a[1] {
					return true
				}
			}
		}
	}
	return false
}

// assignRefs gives each of links, replacing a.links[start:start+n], its
// ref: the one it already has (an undo putting links back) unless another
// link has it, else the first ref of the replaced links it overlaps that
// no link took yet, else a new one.
func assignRefs(ctx context.Context, tx *sql.Tx, a *alignment, start, n int, links []windowLink) error {
	taken := map[int]bool{}
	for i, l := range a.links {
		if i < start || i >= start+n {
			taken[l.Ref] = true
		}
	}
	var next int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(ref), 0) + 1 FROM link_refs WHERE document_id = ?`, a.doc.ID).Scan(&next); err != nil {
		return fmt.Errorf("assign link refs: %w", err)
	}
	for k := range links {
		l := &links[k]
		if l.Ref > 0 && !taken[l.Ref] {
			taken[l.Ref] = true
			continue
		}
		l.Ref = 0
		for _, old := range a.links[start : start+n] {
			if old.Ref > 0 && !taken[old.Ref] && l.overlaps(old) {
				l.Ref = old.Ref
				break
			}
		}
		if l.Ref == 0 {
			l.Ref = next
			next++
		}
		taken[l.Ref] = true
	}
	return nil
}

// widenRefs adds the words of each new link to the span of its ref, which
// only ever grows.
func widenRefs(ctx context.Context, tx *sql.Tx, documentID string, links []windowLink) error {
	for _, l := range links {
		var spans string
		err := tx.QueryRowContext(ctx, `SELECT spans FROM link_refs WHERE document_id = ? AND ref = ?`, documentID, l.Ref).Scan(&spans)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("widen link ref %d: %w", l.Ref, err)
		}
		have := map[string][2]int{}
		if spans != "" {
			if err := json.Unmarshal([]byte(spans), &have); err != nil {
				return fmt.Errorf("widen link ref %d: %w", l.Ref, err)
			}
		}
		b, err := json.Marshal(widen(have, l.spans()))
		if err != nil {
			return fmt.Errorf("widen link ref %d: %w", l.Ref, err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO link_refs (document_id, ref, spans) VALUES (?, ?, ?)
			ON CONFLICT (document_id, ref) DO UPDATE SET spans = excluded.spans`, documentID, l.Ref, string(b)); err != nil {
			return fmt.Errorf("widen link ref %d: %w", l.Ref, err)
		}
	}
	return nil
}

// widen is the span of each language covering both a and b.
func widen(a, b map[string][2]int) map[string][2]int {
	for lang, s := range b {
		if t, ok := a[lang]; ok {
			s = [2]int{min(s[0], t[0]), max(s[1], t[1])}
		}
		a[lang] = s
	}
	return a
}

// linkSpans is the span of each language of a link of d.
func linkSpans(d *sverka.Document, l sverka.Link) map[string][2]int {
	spans := map[string][2]int{}
	for _, t := range d.Texts {
		if ks := l.Segments[t.Lang]; len(ks) > 0 {
			spans[t.Lang] = [2]int{t.Segments[ks[0]].Start, t.Segments[ks[len(ks)-1]].End}
		}
	}
	return spans
}

// spansJSON is how link_refs keeps spans.
func spansJSON(spans map[string][2]int) string {
	b, _ := json.Marshal(spans) // a map of arrays of ints always marshals
	return string(b)
}
