package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"sverka"
	"sverka/reading"
	"sverka/stemming"
	"sverka/variant"
)

// indexDocument is what the index holds of one document, read and keyed
// outside the write that stores it.
type indexDocument struct {
	id       string
	exists   bool
	revision int64
	passages []indexPassage
	forms    []indexForm
	// Progress of the background indexer: cleared is -1 until the old
	// passages are out; written counts the new ones in, formsDone the
	// forms.
	cleared, written, formsDone int
}

// indexPassage is one sentence of a base text and its keys.
type indexPassage struct {
	baseTextID       int64
	start, end       int
	lang, keys, meta string
}

// indexForm is a word form as search_forms keeps it.
type indexForm struct {
	form, keys, shape, sound string
}

// readIndexDocument reads a document's texts, segments and accepted
// corrections, and keys every passage in its diplomatic and corrected
// reading. A document that is gone comes back with exists false.
func readIndexDocument(ctx context.Context, q querier, keyer *stemming.Keyer, id string) (*indexDocument, error) {
	doc := &indexDocument{id: id, cleared: -1}
	var public bool
	var date string
	err := q.QueryRowContext(ctx, `SELECT revision, public, date FROM documents WHERE id = ? AND trashed_at = ''`, id).Scan(&doc.revision, &public, &date)
	if errors.Is(err, sql.ErrNoRows) {
		return doc, nil
	}
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	doc.exists = true
	rows, err := q.QueryContext(ctx, `SELECT id, lang, text FROM base_texts WHERE document_id = ? ORDER BY lang`, id)
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	type text struct {
		id         int64
		lang, text string
	}
	var texts []text
	for rows.Next() {
		var t text
		if err := rows.Scan(&t.id, &t.lang, &t.text); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search index: %w", err)
		}
		texts = append(texts, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	// Each passage's readings: the diplomatic one, and the corrected one
	// when it differs.
	var readings [][2]string
	for _, t := range texts {
		segs, edits, err := readingParts(ctx, q, t.id, id, t.lang)
		if err != nil {
			return nil, err
		}
		meta := passageMeta(t.lang, public, date)
		runes := []rune(t.text)
		for _, s := range segs {
			if s.Start < 0 || s.End > len(runes) || s.Start > s.End {
				continue
			}
			r := [2]string{string(runes[s.Start:s.End])}
			if len(edits) > 0 {
				if corrected := reading.Corrected(reading.Pieces(runes, s.Start, s.End, edits)); corrected != r[0] {
					r[1] = corrected
				}
			}
			readings = append(readings, r)
			doc.passages = append(doc.passages, indexPassage{baseTextID: t.id, start: s.Start, end: s.End, lang: t.lang, meta: meta})
		}
	}
	doc.forms = keyPassages(keyer, readings, doc.passages)
	return doc, nil
}

// keyPassages keys each passage's readings on every core, and returns the
// word forms seen. Each worker keys a run of passages and notes forms in a
// map of its own; the maps are merged in order, so that a form is noted as
// it first occurs, as in one pass.
func keyPassages(keyer *stemming.Keyer, readings [][2]string, passages []indexPassage) []indexForm {
	workers := min(runtime.GOMAXPROCS(0), 1+len(readings)/64)
	share := (len(readings) + workers - 1) / max(workers, 1)
	seen := make([]wordsSeen, workers)
	var wg sync.WaitGroup
	for w := range workers {
		seen[w] = wordsSeen{forms: map[string]indexForm{}, keys: map[string]string{}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w * share; i < min(len(readings), (w+1)*share); i++ {
				keys := keyText(keyer, readings[i][0], &seen[w])
				if readings[i][1] != "" {
					keys += " " + keyText(keyer, readings[i][1], &seen[w])
				}
				passages[i].keys = keys
			}
		}()
	}
	wg.Wait()
	forms := map[string]indexForm{}
	for _, m := range seen {
		for k, f := range m.forms {
			if _, ok := forms[k]; !ok {
				forms[k] = f
			}
		}
	}
	out := make([]indexForm, 0, len(forms))
	for _, f := range forms {
		out = append(out, f)
	}
	return out
}

// readingParts reads the segments of a base text and its accepted
// corrections, in order.
func readingParts(ctx context.Context, q querier, baseTextID int64, documentID, lang string) ([]sverka.Segment, []reading.Edit, error) {
	var segs []sverka.Segment
	rows, err := q.QueryContext(ctx, `SELECT start_offset, end_offset FROM segments WHERE base_text_id = ? ORDER BY start_offset, end_offset`, baseTextID)
	if err != nil {
		return nil, nil, fmt.Errorf("search index: %w", err)
	}
	for rows.Next() {
		var s sverka.Segment
		if err := rows.Scan(&s.Start, &s.End); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("search index: %w", err)
		}
		segs = append(segs, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("search index: %w", err)
	}
	edits, err := acceptedEdits(ctx, q, documentID, lang, 0, -1)
	return segs, edits, err
}

// acceptedEdits are the accepted corrections of a base text that touch
// [start, end) (end -1: all), in order.
func acceptedEdits(ctx context.Context, q querier, documentID, lang string, start, end int) ([]reading.Edit, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, start_offset, end_offset, body FROM annotations
		WHERE document_id = ? AND lang = ? AND status = 'accepted' AND deleted_at = '' AND orphaned = 0
		  AND (? < 0 OR start_offset <= ? AND end_offset >= ?)
		ORDER BY start_offset, end_offset, id`, documentID, lang, end, end, start)
	if err != nil {
		return nil, fmt.Errorf("find corrections: %w", err)
	}
	defer rows.Close()
	var edits []reading.Edit
	for rows.Next() {
		var e reading.Edit
		if err := rows.Scan(&e.ID, &e.Start, &e.End, &e.Text); err != nil {
			return nil, fmt.Errorf("find corrections: %w", err)
		}
		edits = append(edits, e)
	}
	reading.Sort(edits)
	return edits, rows.Err()
}

// wordsSeen is what one worker keying a document has seen: the word
// forms to note, and the key of each word as written. A document says
// most of its words more than once, and a word seen again needs neither
// the Keyer nor a fold (about a third of an import's keying).
type wordsSeen struct {
	forms map[string]indexForm
	keys  map[string]string
}

// keyText keys a passage and notes its word forms (and hyphenated
// compounds such as Энь-лай) in seen.
func keyText(keyer *stemming.Keyer, text string, seen *wordsSeen) string {
	var b strings.Builder
	prevFrom, prevEnd, prevKey := 0, -1, ""
	for s := range stemming.Spans(text) {
		from, end := s.From, s.From+len(s.Word)
		key, ok := seen.keys[s.Word]
		if !ok {
			var known bool
			key, known = keyer.Lookup(s.Word)
			seen.keys[s.Word] = key
			addForm(seen.forms, s.Word, key, !known)
		}
		if prevEnd >= 0 {
			b.WriteByte(' ')
			if r, size := utf8.DecodeRuneInString(text[prevEnd:]); prevEnd+size == from && isHyphen(r) {
				addForm(seen.forms, text[prevFrom:end], prevKey+" "+key, false)
			}
		}
		b.WriteString(key)
		prevFrom, prevEnd, prevKey = from, end, key
	}
	return b.String()
}

// addForm notes the form of word (a piece of a passage: the form noted is
// a copy, so that the forms remembered keep no passage) with its keys,
// unless it is noted already.
func addForm(forms map[string]indexForm, word, keys string, unknown bool) {
	form := stemming.Fold(word)
	if _, ok := forms[form]; ok || len(form) > 200 {
		return
	}
	form = strings.Clone(form)
	f := indexForm{form: form, keys: keys}
	if unknown && !strings.ContainsFunc(form, unicode.IsDigit) {
		f.shape = variant.Shape(form)
	}
	if first, _ := utf8.DecodeRuneInString(word); unicode.IsUpper(first) {
		f.sound = variant.Sound(form)
	}
	forms[form] = f
}

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// passageMeta is the filter tokens of a passage: its language (l + code)
// unless it has a column of its own, whether its document is public (pub),
// and its date at the precision given (y1950, m195010, d19501005).
func passageMeta(lang string, public bool, date string) string {
	var toks []string
	if keyColumn(lang) == "keys" {
		toks = append(toks, langToken(lang))
	}
	if public {
		toks = append(toks, "pub")
	}
	return strings.Join(append(toks, dateTokens(date)...), " ")
}

// keyColumn is the column of passage_keys that holds a language's keys.
func keyColumn(lang string) string {
	if lang == "ru" || lang == "en" {
		return lang
	}
	return "keys"
}

func langToken(lang string) string {
	return "l" + strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return unicode.ToLower(r)
		}
		return -1
	}, lang)
}

// dateTokens reads an ISO date (YYYY, YYYY-MM or YYYY-MM-DD).
func dateTokens(date string) []string {
	parts := strings.Split(date, "-")
	if len(parts[0]) != 4 || !allDigits(parts[0]) {
		return nil
	}
	out := []string{"y" + parts[0]}
	if len(parts) > 1 && len(parts[1]) == 2 && allDigits(parts[1]) {
		out = append(out, "m"+parts[0]+parts[1])
		if len(parts) > 2 && len(parts[2]) >= 2 && allDigits(parts[2][:2]) {
			out = append(out, "d"+parts[0]+parts[1]+parts[2][:2])
		}
	}
	return out
}

func allDigits(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// noteText is what of an annotation is searchable: body, tags, citation.
func noteText(body, tags, citation string) string {
	return body + "\n" + strings.Join(parseTags(tags), "\n") + "\n" + citation
}

// parseTags reads an annotation's tags; an unreadable list is no tags.
func parseTags(tags string) []string {
	list := []string{}
	_ = json.Unmarshal([]byte(tags), &list)
	return list
}

// dateRangeTokens is the date tokens (passageMeta) any of which puts a
// document between from and to (either may be empty): whole years, whole
// months, days, as the bounds need.
func dateRangeTokens(from, to string) ([]string, error) {
	f, err := parseDateBound(from, "from", false)
	if err != nil {
		return nil, err
	}
	t, err := parseDateBound(to, "to", true)
	if err != nil {
		return nil, err
	}
	if t.Before(f) {
		return nil, sverka.Invalid("to", "the end of the date range comes before its start")
	}
	if t.Year()-f.Year() > 400 {
		return nil, sverka.Invalid("to", "the date range is too wide (at most 400 years)")
	}
	var toks []string
	for d := f; !d.After(t); {
		yearEnd := time.Date(d.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
		monthEnd := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC)
		switch {
		case d.YearDay() == 1 && !yearEnd.After(t):
			toks = append(toks, d.Format("y2006"))
			d = yearEnd.AddDate(0, 0, 1)
		case d.Day() == 1 && !monthEnd.After(t):
			toks = append(toks, d.Format("m200601"))
			d = monthEnd.AddDate(0, 0, 1)
		default:
			toks = append(toks, d.Format("d20060102"))
			d = d.AddDate(0, 0, 1)
		}
	}
	return toks, nil
}

// parseDateBound reads YYYY, YYYY-MM or YYYY-MM-DD as the first day it
// covers, or the last when end; an empty bound is open.
func parseDateBound(s, field string, end bool) (time.Time, error) {
	if s == "" {
		if end {
			return time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC), nil
		}
		return time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC), nil
	}
	for _, layout := range []struct {
		layout     string
		years, mon int
	}{{"2006-01-02", 0, 0}, {"2006-01", 0, 1}, {"2006", 1, 0}} {
		if t, err := time.Parse(layout.layout, s); err == nil {
			if end {
				t = t.AddDate(layout.years, layout.mon, 0)
				if layout.years+layout.mon > 0 {
					t = t.AddDate(0, 0, -1)
				}
			}
			return t, nil
		}
	}
	return time.Time{}, sverka.Invalid(field, "write the date as YYYY, YYYY-MM or YYYY-MM-DD")
}
