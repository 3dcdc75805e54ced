package store

import (
	"context"
	"database/sql"
	"fmt"

	"sverka/cache"
)

// A search's first step, finding the passages of the page asked for
// (counting the matches of each tier and term, ranking, paging: a third of
// a search's work at 10,000 documents), is kept: the row ids it found, by
// query, in an LRU cache of a few bytes a query, good as long as the
// search stamp (migration 000037) has not moved. Every write to the index
// moves it (touchSearchStamp), and so do the changes to documents a search
// reads beside the index (triggers); notes do not, and are searched anew
// each time, as is everything a page of hits shows of its passages (their
// texts, documents, links and corrections, the trash): the cache holds
// row ids only, never a word of a text, and serves a query only the
// ids the same query would find in the snapshot it is served in.

// DefaultSearchCacheBytes is the budget of the cache of found passages
// unless WithSearchCacheBytes says otherwise: about 1,500 queries.
const DefaultSearchCacheBytes = 1 << 20

// WithSearchCacheBytes bounds the memory kept of found passages between
// searches (0 or less: DefaultSearchCacheBytes).
func WithSearchCacheBytes(n int64) Option {
	return func(db *DB) {
		if n > 0 {
			db.founds = newFoundCache(n)
		}
	}
}

func newFoundCache(budget int64) *cache.LRU[foundKey, *foundPage] {
	return cache.New[foundKey](budget, (*foundPage).size)
}

// foundKey is all that decides which passages a search finds: the query
// but for the filters of notes, and its viewer only as signed in or not
// (anonymous visitors find public documents only).
type foundKey struct {
	text, lang, documentID, from, to, sort string
	noOCR, translit, signedIn              bool
	limit, offset                          int
}

func foundKeyOf(q SearchQuery) foundKey {
	return foundKey{text: q.Text, lang: q.Lang, documentID: q.DocumentID, from: q.From, to: q.To, sort: q.Sort,
		noOCR: q.NoOCR, translit: q.Translit, signedIn: q.Viewer != nil, limit: q.Limit, offset: q.Offset}
}

// foundPage is what a search found of the page asked for (findPassages), at
// a search stamp.
type foundPage struct {
	stamp int64
	// total counts the matches, up to maxCounted a tier; capped says a
	// tier had more.
	total  int
	capped bool
	// tiers are the row ids of the page's passages, a list a tier.
	tiers [][]int64
}

// size is what a foundPage weighs: its ids, its key's strings (counted here,
// as the cache weighs values only) and the slices' headers.
func (f *foundPage) size() int64 {
	n := int64(64 + 24*len(f.tiers) + 256)
	for _, ids := range f.tiers {
		n += int64(8 * cap(ids))
	}
	return n
}

// findCached finds the passages of the page q asks for (findPassages), or
// takes those found by the same query at the same stamp.
func (db *DB) findCached(ctx context.Context, tx *sql.Tx, q SearchQuery, terms []searchTerm, stamp int64) (*foundPage, error) {
	key := foundKeyOf(q)
	if f, ok := db.founds.Get(key); ok && f.stamp == stamp {
		return f, nil
	}
	f, err := findPassages(ctx, tx, db.engine, q, terms)
	if err != nil {
		return nil, err
	}
	f.stamp = stamp
	if len(q.Text) <= maxKeptQuery {
		db.founds.Put(key, f)
	}
	return f, nil
}

// maxKeptQuery is the longest query text (in bytes) kept: foundPage.size
// counts a key's strings as a few hundred bytes at most.
const maxKeptQuery = 200

// searchStamp reads the search stamp in the snapshot of tx. Read before
// anything the search reads: a write committed in between can only make
// what is found newer than its stamp, never older.
func searchStamp(ctx context.Context, tx *sql.Tx) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT n FROM search_stamp`).Scan(&n); err != nil {
		return 0, fmt.Errorf("search: %w", err)
	}
	return n, nil
}

// touchSearchStamp moves the search stamp on, in the write tx that changes
// what searches find.
func touchSearchStamp(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `UPDATE search_stamp SET n = n + 1`); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}
