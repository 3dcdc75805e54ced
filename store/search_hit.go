package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"sverka/reading"
	"sverka/stemming"
)

// hitMarks says which words of a hit to mark: those whose key is one the
// query asked for (or an OCR variant's), or whose form begins with a prefix.
type hitMarks struct {
	keyer      *stemming.Keyer
	exact, ocr map[string]bool
	prefixes   []string
	// scripts are those of the letters of the keys and prefixes marked.
	scripts scripts
	// seen is how each word, as written, was marked: the passages of a
	// page of hits repeat most of their words.
	seen map[string]markKind
}

type markKind uint8

const (
	markNone markKind = iota
	markExact
	markOCR
)

func newHitMarks(keyer *stemming.Keyer, exact, ocr map[string]bool, prefixes []string) hitMarks {
	m := hitMarks{keyer: keyer, exact: exact, ocr: ocr, prefixes: prefixes, seen: map[string]markKind{}}
	for _, keys := range []map[string]bool{exact, ocr} {
		for k := range keys {
			m.scripts |= scriptsOf(k)
		}
	}
	for _, p := range prefixes {
		m.scripts |= scriptsOf(p)
	}
	return m
}

// scripts is a set of kinds of letters. A word's key is made of letters of
// the word's own scripts (the word stemmed, or its lemma in the lexicon of
// its script), so a word that has no letter of the scripts of the keys and
// prefixes marked is marked by none of them, and its key need not be
// looked up: the English side of a Russian query's hits, and the Russian
// side of an English one's (a page of hits looked up some 800 keys, 11% of
// a search's CPU).
type scripts uint8

const (
	cyrillic scripts = 1 << iota
	latin
	otherScript
)

func scriptsOf(s string) scripts {
	var out scripts
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r >= utf8.RuneSelf && unicode.Is(unicode.Latin, r):
			out |= latin
		case r >= utf8.RuneSelf && unicode.Is(unicode.Cyrillic, r):
			out |= cyrillic
		default:
			out |= otherScript
		}
	}
	return out
}

// mark returns the ranges of text to mark, and the forms that matched only
// as OCR variants.
func (m hitMarks) mark(text string) ([][2]int, []string) {
	var marks [][2]int
	var variants []string
	for s := range stemming.Spans(text) {
		kind, ok := m.seen[s.Word]
		if !ok {
			kind = m.kind(s.Word)
			m.seen[s.Word] = kind
		}
		switch kind {
		case markNone:
			continue
		case markOCR:
			if form := stemming.Fold(s.Word); !slices.Contains(variants, form) {
				variants = append(variants, form)
			}
		}
		marks = append(marks, [2]int{s.Start, s.End})
	}
	return marks, variants
}

// kind is how a word is marked.
func (m hitMarks) kind(word string) markKind {
	if m.scripts&scriptsOf(word) == 0 {
		return markNone
	}
	key := m.keyer.Key(word)
	switch {
	case m.exact[key] || m.prefixed(word, key):
		return markExact
	case m.ocr[key]:
		return markOCR
	}
	return markNone
}

// prefixed says whether a word (its form or its key) begins with one of
// the prefixes; most queries have none, and their words are not folded.
func (m hitMarks) prefixed(word, key string) bool {
	if len(m.prefixes) == 0 {
		return false
	}
	form := stemming.Fold(word)
	return slices.ContainsFunc(m.prefixes, func(p string) bool { return strings.HasPrefix(form, p) || strings.HasPrefix(key, p) })
}

// hitPassage is a passage a page of hits shows: a hit or one of its
// aligned passages.
type hitPassage struct {
	baseTextID int64
	documentID string
	lang       string
	start, end int
	// startByte and endByte are where it lies in the bytes of its base
	// text, -1 while its segment's are not filled in (segment_bytes.go).
	startByte, endByte int
}

// passageHits reads the passages of a page of hits, and only those: their
// text in both readings, link and aligned passages. A page costs a few
// statements whatever its length: the hits with their documents, links and
// aligned passages (a row for each aligned passage of a hit), their texts
// (hitTexts), the accepted corrections of those documents. Documents in
// the trash are left out through their index: trashed_at comes after a
// document's raw source in its row, and reading it walked the whole source
// of each hit's document.
func (db *DB) passageHits(ctx context.Context, tx *sql.Tx, ids []int64, marks hitMarks) ([]SearchHit, error) {
	hits := make([]SearchHit, 0, len(ids))
	if len(ids) == 0 {
		return hits, nil
	}
	found := map[int64]SearchHit{}
	where := map[int64]hitPassage{}
	aligned := map[int64][]hitPassage{}
	in, args := inList(anyInts(ids))
	rows, err := tx.QueryContext(ctx, `
		SELECT m.id, b.document_id, d.title, d.date, b.lang, m.start_offset, m.end_offset, b.id, coalesce(l.ref, 0),
			coalesce(s.start_byte, -1), coalesce(s.end_byte, -1), coalesce(a.base_text_id, 0), coalesce(ab.document_id, ''),
			coalesce(ab.lang, ''), coalesce(a.start_offset, 0), coalesce(a.end_offset, 0), coalesce(a.start_byte, -1), coalesce(a.end_byte, -1)
		FROM search_passages m JOIN base_texts b ON b.id = m.base_text_id JOIN documents d ON d.id = b.document_id
		LEFT JOIN segments s ON s.id = (SELECT s.id FROM segments s
			WHERE s.base_text_id = m.base_text_id AND s.start_offset = m.start_offset AND s.end_offset = m.end_offset LIMIT 1)
		LEFT JOIN links l ON l.id = s.link_id
		LEFT JOIN segments a ON a.link_id = l.id AND a.base_text_id <> b.id
		LEFT JOIN base_texts ab ON ab.id = a.base_text_id
		WHERE b.document_id NOT IN (SELECT id FROM documents WHERE trashed_at <> '') AND m.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	// A hit's columns come again in the row of each of its aligned
	// passages: they are read as bytes and made strings once.
	var document, title, date, lang, alignedDocument, alignedLang sql.RawBytes
	for rows.Next() {
		var id int64
		var h SearchHit
		var p, a hitPassage
		if err := rows.Scan(&id, &document, &title, &date, &lang, &h.Start, &h.End, &p.baseTextID, &h.Link, &p.startByte, &p.endByte,
			&a.baseTextID, &alignedDocument, &alignedLang, &a.start, &a.end, &a.startByte, &a.endByte); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search: %w", err)
		}
		if _, ok := found[id]; !ok {
			h.DocumentID, h.Title, h.Date, h.Lang = string(document), string(title), string(date), string(lang)
			p.documentID, p.lang, p.start, p.end = h.DocumentID, h.Lang, h.Start, h.End
			found[id], where[id] = h, p
		}
		if a.baseTextID != 0 {
			a.documentID, a.lang = string(alignedDocument), string(alignedLang)
			aligned[id] = append(aligned[id], a)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var all []hitPassage
	for id, p := range where {
		all = append(all, p)
		// Each language's passages in the order of the text.
		slices.SortStableFunc(aligned[id], func(x, y hitPassage) int {
			return cmp.Or(strings.Compare(x.lang, y.lang), cmp.Compare(x.start, y.start))
		})
		all = append(all, aligned[id]...)
	}
	texts, err := db.hitTexts(ctx, tx, all)
	if err != nil {
		return nil, err
	}
	// A page of hits and their aligned passages says some 800 words, most
	// of them once: marks' map of the words seen is made that size at
	// once, which growing it to that size cost 4.5% of a page's CPU.
	marks.seen = make(map[string]markKind, wordsAHit*len(ids))
	for _, id := range ids {
		h, ok := found[id]
		if !ok {
			continue // its document is gone or in the trash; the indexer has yet to clear it
		}
		p := where[id]
		h.Text, h.Diplomatic = texts.reading(p)
		h.Marks, h.OCRVariant = marks.mark(h.Text)
		if h.Diplomatic != "" && len(h.OCRVariant) == 0 && len(marks.ocr) > 0 {
			_, h.OCRVariant = marks.mark(h.Diplomatic)
		}
		h.Aligned = []AlignedPassage{}
		for _, a := range aligned[id] {
			text, _ := texts.reading(a)
			if n := len(h.Aligned); n > 0 && h.Aligned[n-1].Lang == a.lang {
				h.Aligned[n-1].Text += " " + text
			} else {
				h.Aligned = append(h.Aligned, AlignedPassage{Lang: a.lang, Text: text})
			}
		}
		for i := range h.Aligned {
			h.Aligned[i].Marks, _ = marks.mark(h.Aligned[i].Text)
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// wordsAHit is about the different words a hit and its aligned passages
// add to a page: 15 on the 10k corpus (772 on a page of 51 hits).
const wordsAHit = 16

// hitText is what passages of a page of hits are cut from: their base
// texts, and the accepted corrections of their documents by language.
type hitText struct {
	cut   map[hitPassage]string
	edits map[[2]string][]reading.Edit
}

// hitTexts cuts every passage out of its base text and reads the accepted
// corrections of their documents. A base text in the store's cache, or
// that more than cutInSQL passages are cut from, is read whole once (and
// cached); the passages of other texts are cut out by SQL, so that a hit
// in a long document does not bring the whole of it to Go.
func (db *DB) hitTexts(ctx context.Context, tx *sql.Tx, passages []hitPassage) (*hitText, error) {
	out := &hitText{cut: map[hitPassage]string{}, edits: map[[2]string][]reading.Edit{}}
	if len(passages) == 0 {
		return out, nil
	}
	byText := map[int64][]hitPassage{}
	var docs []string
	for _, p := range passages {
		if !slices.Contains(byText[p.baseTextID], p) { // a hit is among its link's passages too
			byText[p.baseTextID] = append(byText[p.baseTextID], p)
		}
		if !slices.Contains(docs, p.documentID) {
			docs = append(docs, p.documentID)
		}
	}
	var alone []hitPassage
	for id, ps := range byText {
		if _, cached := db.baseTexts.Get(id); !cached && len(ps) <= cutInSQL {
			alone = append(alone, ps...)
			continue
		}
		text, err := db.cachedText(ctx, tx, id)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		for _, p := range ps {
			out.cut[p] = text.slice(p.start, p.end)
		}
	}
	if err := cutPassages(ctx, tx, db.engine, alone, out.cut); err != nil {
		return nil, err
	}
	in, args := inList(anySlice(docs))
	rows, err := tx.QueryContext(ctx, `
		SELECT document_id, lang, id, start_offset, end_offset, body FROM annotations
		WHERE document_id IN (`+in+`) AND status = 'accepted' AND deleted_at = '' AND orphaned = 0
		ORDER BY document_id, lang, start_offset, end_offset, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("find corrections: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k [2]string
		var e reading.Edit
		if err := rows.Scan(&k[0], &k[1], &e.ID, &e.Start, &e.End, &e.Text); err != nil {
			return nil, fmt.Errorf("find corrections: %w", err)
		}
		out.edits[k] = append(out.edits[k], e)
	}
	for _, list := range out.edits {
		reading.Sort(list)
	}
	return out, rows.Err()
}

// reading is a passage in its corrected reading and, when that differs,
// in its diplomatic one.
func (t *hitText) reading(p hitPassage) (text, diplomatic string) {
	text = t.cut[p]
	var edits []reading.Edit
	for _, e := range t.edits[[2]string{p.documentID, p.lang}] {
		if e.Start <= p.end && e.End >= p.start {
			e.Start -= p.start
			e.End -= p.start
			edits = append(edits, e)
		}
	}
	if len(edits) == 0 {
		return text, ""
	}
	runes := []rune(text)
	if corrected := reading.Corrected(reading.Pieces(runes, 0, len(runes), edits)); corrected != text {
		return corrected, text
	}
	return text, ""
}

// cutInSQL is the most passages of one base text that a page of hits cuts
// out in SQL: substr reads the whole text for each, so a long document
// that many hits come from (a common word's page) is better read once.
// Searches only at 10k documents, server CPU: 1 a text 10.4 ms a search, 3
// 8.5-8.7, 8 8.8-8.9, always in SQL 8.5-8.9 with the slowest tails.
const cutInSQL = 3

// cutPassages cuts passages out of their base texts in one statement
// (engine.passageCuts), into cut.
func cutPassages(ctx context.Context, tx *sql.Tx, e engine, passages []hitPassage, cut map[hitPassage]string) error {
	if len(passages) == 0 {
		return nil
	}
	list := make([][5]int64, len(passages))
	for i, p := range passages {
		list[i] = [5]int64{p.baseTextID, int64(p.start + 1), int64(p.end - p.start), int64(p.startByte + 1), int64(p.endByte - p.startByte)}
	}
	arg, err := json.Marshal(list)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	rows, err := tx.QueryContext(ctx, e.passageCuts(), string(arg))
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		var text string
		if err := rows.Scan(&i, &text); err != nil {
			return fmt.Errorf("search: %w", err)
		}
		cut[passages[i]] = text
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

func anyInts(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// inList is the placeholders and arguments of an IN list of vals (one or
// more), padded to a power of two with the last value again: the
// statements of a page of hits then come in a few sizes that stay in the
// connection's statement cache (64 statements, which every search's
// full-text statements pass through), where each count of hits, links
// and documents was a statement of its own.
func inList(vals []any) (string, []any) {
	n := 8
	for n < len(vals) {
		n *= 2
	}
	for len(vals) < n {
		vals = append(vals, vals[len(vals)-1])
	}
	return placeholders(n), vals
}
