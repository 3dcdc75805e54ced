package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"sverka"
	"sverka/stemming"
)

// SearchQuery is what to look for: words (all must occur, in any form of the
// word), prefixes (дивиз*) and "quoted phrases", with filters.
type SearchQuery struct {
	Text string
	// Lang restricts hits to one side of the texts ("" both).
	Lang       string
	DocumentID string
	// From and To bound the documents' dates (YYYY, YYYY-MM or YYYY-MM-DD).
	From, To string
	// Kind, Author and Tag filter the annotations found: Kind is a
	// motivation (commenting, replying, linking), Author a user name.
	Kind, Author, Tag string
	// Sort is "relevance" (the default) or "date".
	Sort string
	// NoOCR turns off OCR-variant matching; Translit matches names across
	// scripts (Filippov finds Филиппов).
	NoOCR, Translit bool
	Limit, Offset   int
	// Viewer is the user searching, or nil: anonymous visitors find only
	// public documents.
	Viewer *sverka.User
}

// SearchHit is one passage that matches, with its aligned passages.
type SearchHit struct {
	DocumentID string `json:"documentId"`
	Title      string `json:"title"`
	Date       string `json:"date"`
	Lang       string `json:"lang"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	// Text is the passage in its corrected reading (accepted corrections
	// applied); Diplomatic is the OCR as is, when it differs.
	Text       string `json:"text"`
	Diplomatic string `json:"diplomatic,omitempty"`
	// Link is the ref of the alignment link the passage now belongs to (the N
	// of #link-N).
	Link int `json:"link"`
	// Marks are the ranges of Text (code points) of the words that matched.
	Marks [][2]int `json:"marks"`
	// OCRVariant lists the forms found when the hit matched only through
	// possible OCR misreadings of the query's words.
	OCRVariant []string `json:"ocrVariant,omitempty"`
	// Aligned are the passages of the other languages in the same link.
	Aligned []AlignedPassage `json:"aligned"`
}

// AlignedPassage is the text of one language of a hit's link.
type AlignedPassage struct {
	Lang  string   `json:"lang"`
	Text  string   `json:"text"`
	Marks [][2]int `json:"marks"`
}

// SearchResult is a page of hits in the texts and, on the first page, the
// annotations that match.
type SearchResult struct {
	Hits []SearchHit `json:"hits"`
	More bool        `json:"more"`
	// Total counts the passages found, up to maxCounted a tier, and pages
	// list that many; TotalCapped says there are more, not listed.
	Total       int       `json:"total"`
	TotalCapped bool      `json:"totalCapped,omitempty"`
	Notes       []NoteHit `json:"notes"`
	// Indexing is set while the index is catching up: documents queued are
	// not (or not as they now are) searchable yet.
	Indexing *IndexProgress `json:"indexing,omitempty"`
}

const (
	// rankAll is the most passages a word may be in and still rank hits:
	// bm25 reads every passage of each word of a query, so a common word
	// ("и", "the") only filters, and a query of common words alone lists
	// its hits in archive order. So a common word costs what a rare one does.
	rankAll = 2000
	// maxCounted is the most matches counted exactly.
	maxCounted = 5000
	// maxNoteHits caps the annotations a search lists.
	maxNoteHits = 20
)

// Search finds passages by the words they contain, best matches first, and
// exact matches before possible OCR variants.
func (db *DB) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	if utf8.RuneCountInString(q.Text) > 500 {
		return nil, sverka.Invalid("q", "the query is too long (at most 500 characters)")
	}
	terms := parseTerms(q.Text)
	if len(terms) == 0 {
		return nil, sverka.Invalid("q", "type one or more words to search for")
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	if q.Offset < 0 {
		return nil, sverka.Invalid("offset", "must not be negative")
	}
	if q.Sort != "" && q.Sort != "relevance" && q.Sort != "date" {
		return nil, sverka.Invalid("sort", "sort by relevance or date")
	}
	keyer, err := db.waitKeyer(ctx)
	if err != nil {
		return nil, err
	}
	// Before the transaction: a search holds one reader connection at most,
	// so that searches filling the pool never wait for one another.
	progress, err := db.indexProgress(ctx, false)
	if err != nil {
		return nil, err
	}
	var res *SearchResult
	err = db.read(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = db.searchIn(ctx, tx, q, keyer, terms)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !progress.Ready {
		res.Indexing = &progress
	}
	return res, nil
}

// searchIn runs the search q for terms in tx, a read of one snapshot: it
// finds the page's passages (or takes them from the cache, findCached),
// then reads what the page shows of them and, on the first page, the notes
// that match.
func (db *DB) searchIn(ctx context.Context, tx *sql.Tx, q SearchQuery, keyer *stemming.Keyer, terms []searchTerm) (*SearchResult, error) {
	if err := db.engine.searchBegun(ctx, tx); err != nil {
		return nil, err
	}
	stamp, err := searchStamp(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := expand(ctx, tx, keyer, terms, q.Translit, !q.NoOCR); err != nil {
		return nil, err
	}
	f, err := db.findCached(ctx, tx, q, terms, stamp)
	if err != nil {
		return nil, err
	}
	res := &SearchResult{Hits: []SearchHit{}, Notes: []NoteHit{}, Total: f.total, TotalCapped: f.capped}
	exactMarks, ocrMarks, prefixes := markKeys(terms)
	for tier, ids := range f.tiers {
		var ocr map[string]bool
		if tier == 1 {
			ocr = ocrMarks
		}
		hits, err := db.passageHits(ctx, tx, ids, newHitMarks(keyer, exactMarks, ocr, prefixes))
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, hits...)
	}
	if len(res.Hits) > q.Limit {
		res.Hits, res.More = res.Hits[:q.Limit], true
	}
	if q.Offset == 0 {
		if res.Notes, err = searchNotes(ctx, tx, db.engine, q, matchExpr("keys", terms, false), newHitMarks(keyer, exactMarks, nil, prefixes)); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// findPassages finds the passages of the page q asks for, of terms
// expanded: their number, and the row ids of the page's, a list for each
// tier (exact matches, then OCR variants).
func findPassages(ctx context.Context, tx *sql.Tx, text fullText, q SearchQuery, terms []searchTerm) (*foundPage, error) {
	lo, hi, err := documentRange(ctx, tx, q.DocumentID)
	if err != nil {
		return nil, err
	}
	filter, err := metaFilter(ctx, tx, q)
	if err != nil {
		return nil, err
	}
	cols := keyColumns
	if q.Lang != "" {
		cols = keyColumn(q.Lang)
	}
	exact := matchExpr(cols, terms, false)
	tiers := []string{exact + filter}
	if !q.NoOCR && hasOCR(terms) {
		tiers = append(tiers, "(("+ocrOnlyExpr(cols, terms)+")"+filter+") NOT ("+exact+")")
	}
	s := &passageSearch{tx: tx, text: text, lo: lo, hi: hi, byDate: q.Sort == "date",
		prefixed: slices.ContainsFunc(terms, func(t searchTerm) bool { return t.prefix })}
	counts, err := s.counts(ctx, cols, terms, filter, tiers)
	if err != nil {
		return nil, err
	}
	f := &foundPage{tiers: make([][]int64, len(tiers))}
	offset, want := q.Offset, q.Limit+1
	for tier, expr := range tiers {
		n := counts[tier]
		f.total += n
		f.capped = f.capped || n == maxCounted
		if want == 0 || offset >= n {
			offset -= n
			continue
		}
		// A tier lists the matches it counted, no more: past a capped
		// count the next tier's hits follow, so pages never skip or repeat.
		ids, err := s.page(ctx, expr, n, offset, min(want, n-offset), tier == 0)
		if err != nil {
			return nil, err
		}
		offset, want = 0, want-len(ids)
		f.tiers[tier] = ids
	}
	return f, nil
}

// waitKeyer waits for the lexicons, loaded in the first second after Open.
func (db *DB) waitKeyer(ctx context.Context) (*stemming.Keyer, error) {
	for {
		if k := db.search.keyer.Load(); k != nil {
			return k, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("search: %w", ctx.Err())
		case <-db.search.done:
			return nil, fmt.Errorf("search: the database is closed")
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// documentRange is the row ids of one document's passages (all documents
// when id is empty); a document not indexed yet has an empty range.
func documentRange(ctx context.Context, tx *sql.Tx, id string) (int64, int64, error) {
	if id == "" {
		return 0, math.MaxInt64, nil
	}
	var seq int64
	err := tx.QueryRowContext(ctx, `SELECT seq FROM search_documents WHERE document_id = ?`, id).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 1, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("search: %w", err)
	}
	return seq << 32, seq<<32 | (1<<32 - 1), nil
}

// metaFilter is the FTS5 expression of the filters that are no column
// (a language without a column, visibility, date), to be added to a match
// with AND (or ""). Anonymous visitors filter on visibility only when some
// document is private.
func metaFilter(ctx context.Context, tx *sql.Tx, q SearchQuery) (string, error) {
	var parts []string
	if q.Lang != "" && keyColumn(q.Lang) == "keys" {
		parts = append(parts, quote(langToken(q.Lang)))
	}
	if q.Viewer == nil {
		var private bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE public = 0)`).Scan(&private); err != nil {
			return "", fmt.Errorf("search: %w", err)
		}
		if private {
			parts = append(parts, "pub")
		}
	}
	if q.From != "" || q.To != "" {
		toks, err := dateRangeTokens(q.From, q.To)
		if err != nil {
			return "", err
		}
		parts = append(parts, "("+strings.Join(toks, " OR ")+")")
	}
	if len(parts) == 0 {
		return "", nil
	}
	return " AND {meta} : (" + strings.Join(parts, " AND ") + ")", nil
}

// passageSearch runs the steps of one search over passage_keys.
type passageSearch struct {
	tx     *sql.Tx
	text   fullText
	lo, hi int64
	byDate bool
	// rankExpr matches the query's selective terms (those in fewer than
	// rankAll passages), which rank its hits; rankAlone says they are the
	// whole query.
	rankExpr  string
	rankAlone bool
	// prefixed says a term is a prefix: FTS5 merges the matches of all
	// its words in each statement, wherever the statement looks.
	prefixed bool
}

// counts counts, in one step, the matches of each tier (up to maxCounted)
// and of each term alone (up to rankAll), and from those finds which terms
// rank the hits: the selective ones, in fewer than rankAll passages. A
// term that is a whole tier (a query of one word, nothing filtered) is
// counted once, as the tier: FTS5 reads its matches once.
func (s *passageSearch) counts(ctx context.Context, cols string, terms []searchTerm, filter string, tiers []string) ([]int, error) {
	exprs, limits := slices.Clone(tiers), make([]int, len(tiers), len(tiers)+len(terms))
	for i := range limits {
		limits[i] = maxCounted
	}
	termAt := make([]int, len(terms))
	for i := range terms {
		expr := matchExpr(cols, terms[i:i+1], false)
		if termAt[i] = slices.Index(exprs, expr); termAt[i] < 0 {
			termAt[i] = len(exprs)
			exprs, limits = append(exprs, expr), append(limits, rankAll)
		}
	}
	n, err := s.text.countPassages(ctx, s.tx, exprs, s.lo, s.hi, limits)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var selective []string
	for _, at := range termAt {
		if n[at] < rankAll {
			selective = append(selective, exprs[at])
		}
	}
	s.rankExpr = strings.Join(selective, " AND ")
	s.rankAlone = len(selective) == len(terms) && filter == ""
	return n[:len(tiers)], nil
}

// page is the row ids of up to limit matches of expr from offset, of n
// matches counted: by rank (bm25) of the selective terms when ranked, or
// else in archive order (by document id, then in the order of each
// document) or by date (documents' dates first).
func (s *passageSearch) page(ctx context.Context, expr string, n, offset, limit int, ranked bool) ([]int64, error) {
	switch {
	case s.byDate || !ranked || s.rankExpr == "":
		// Many matches are read a few documents at a time until the page
		// is full; those counted exactly of a prefix are sorted at once,
		// in one statement, as each statement merges its words again.
		many := n >= maxCounted || n >= rankAll && !s.prefixed
		ids, err := s.text.passagesInOrder(ctx, s.tx, expr, s.lo, s.hi, s.byDate, many, limit, offset)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		return ids, nil
	case s.rankAlone:
		return s.ids(ctx, expr, s.lo, s.hi, byRank, limit, offset)
	}
	// The hits (fewer than rankAll, as a selective term is among them) in
	// the order the selective terms rank them.
	hits, err := s.ids(ctx, expr, s.lo, s.hi, anyOrder, rankAll, 0)
	if err != nil {
		return nil, err
	}
	order, err := s.ids(ctx, s.rankExpr, s.lo, s.hi, byRank, rankAll, 0)
	if err != nil {
		return nil, err
	}
	in := map[int64]bool{}
	for _, id := range hits {
		in[id] = true
	}
	var out []int64
	for _, id := range order {
		if in[id] {
			out = append(out, id)
		}
	}
	out = out[min(offset, len(out)):]
	return out[:min(limit, len(out))], nil
}

func (s *passageSearch) ids(ctx context.Context, expr string, lo, hi int64, order matchOrder, limit, offset int) ([]int64, error) {
	ids, err := s.text.passageIDs(ctx, s.tx, expr, lo, hi, order, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return ids, nil
}
