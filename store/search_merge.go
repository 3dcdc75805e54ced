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
// had too many since the indexer last looked (an index still being
// written, by an import in another process, would have to be merged
// again) or a merge is under way; it reports whether more steps are due.
// An import (a Yielding process) leaves merging to the server.
func (db *DB) mergeIndex(ctx context.Context) (bool, error) {
	index := db.search.merging
	if index == "" && !db.yielding {
		name, n, err := db.engine.untidy(ctx, db.reader)
		if err != nil {
			return false, wrapIndex(err)
		}
		if n == db.search.segments {
			index = name
		}
		db.search.segments = n
	}
	if index == "" {
		return false, nil
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
	db.search.merging, db.search.segments = "", 0
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
