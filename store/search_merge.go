package store

import (
	"context"
	"database/sql"
	"fmt"
)

// An FTS5 index is a stack of segments: each transaction that writes to
// it adds one, and FTS5 merges four of a level into one of the next. A
// query looks each of its terms up in every segment, so an archive
// indexed in many transactions (14 segments after importing 10,000
// documents, 18 for its few hundred notes) pays that on every search:
// merged into one, a search took 7 to 10 % less CPU. The indexer, when it
// has nothing else to do, merges an index of mergeAt segments or more into
// one, a step of mergePages pages a transaction, as it indexes: a step
// gives way to every other write.
const (
	mergeAt = 8
	// mergePages is the pages of 4 KB one step writes: about 25 ms here
	// (the 115 MB index of 1,000,000 passages merged in 2.8 s).
	mergePages = 256
)

// mergeIndex takes one step of merging an index's segments, if one has
// too many or a merge is under way; it reports whether more steps are
// due.
func (db *DB) mergeIndex(ctx context.Context) (bool, error) {
	index := db.search.merging
	if index == "" {
		var err error
		if index, err = db.engine.untidy(ctx, db.reader); err != nil || index == "" {
			return false, wrapIndex(err)
		}
	}
	var more bool
	err := db.writeIndex(ctx, func(tx *sql.Tx) error {
		var err error
		more, err = db.engine.mergeStep(ctx, tx, index)
		return err
	})
	if err != nil {
		return false, wrapIndex(err)
	}
	db.search.merging = ""
	if more {
		db.search.merging = index
	}
	return more, nil
}

func wrapIndex(err error) error {
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}
