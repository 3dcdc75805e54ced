package store

import (
	"context"
	"database/sql"
	"fmt"
)

// An FTS5 index is a set of segments, each a b-tree of its own: a search
// looks each key of its query up in every segment and reads a key's
// matches as a merge of every segment's. FTS5 merges segments as it writes
// them (automerge: four of one level make one of the next), which left the
// 10,000-document archive's passage index, as its import wrote it, in 18
// segments, and its note index in 14. When it has nothing else to do, the
// background indexer merges on, a step at a time, until no level holds two
// segments (usermerge 2): that left them in 3 and 1 (126 steps, 1.1 s,
// 0.9 s CPU, at load 10), and BenchmarkSearchArchive took 3.50-3.69 ms of
// CPU a search instead of 3.84-3.92 (counting a rare word's matches 0.021
// ms instead of 0.038, a prefix's 0.069 instead of 0.128). Only segments
// of one level are merged, not all into one as FTS5's optimize does, so
// that the small segment a document's edit adds is merged with small ones,
// not into a rewrite of the whole index. A process that yields (an import)
// leaves the merging to the server; PostgreSQL has no segments.

// mergePages is the leaf pages one merge step writes: FTS5 wrote 2,000 in
// 240-330 ms, so 100 hold the write lock for about bulkTxTime (the
// longest step of the 126 took 130 ms, at load 10).
const mergePages = 100

// mergedTables are the FTS5 tables merged, each with its own segments.
var mergedTables = []string{"passage_keys", "note_keys"}

// mergeSearchIndex does a step of merging the first of mergedTables that
// has two segments on a level. It reports whether it merged any.
func (db *DB) mergeSearchIndex(ctx context.Context) (bool, error) {
	if db.yielding || db.shared() {
		return false, nil
	}
	for _, table := range mergedTables {
		var merged bool
		err := db.writeIndex(ctx, func(tx *sql.Tx) error {
			var err error
			merged, err = mergeStep(ctx, tx, table)
			return err
		})
		if err != nil || merged {
			return merged, err
		}
	}
	return false, nil
}

// mergeStep merges up to mergePages pages of table's segments in tx. FTS5
// tells whether there was any to merge only by the rows it changed: two or
// more when it merged.
func mergeStep(ctx context.Context, tx *sql.Tx, table string) (bool, error) {
	var usermerge int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT v FROM `+table+`_config WHERE k = 'usermerge'), 4)`).Scan(&usermerge); err != nil {
		return false, fmt.Errorf("merge %s: %w", table, err)
	}
	if usermerge != 2 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`, rank) VALUES ('usermerge', 2)`); err != nil {
			return false, fmt.Errorf("merge %s: %w", table, err)
		}
	}
	var before, after int64
	if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
		return false, fmt.Errorf("merge %s: %w", table, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`, rank) VALUES ('merge', ?)`, mergePages); err != nil {
		return false, fmt.Errorf("merge %s: %w", table, err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
		return false, fmt.Errorf("merge %s: %w", table, err)
	}
	return after-before >= 2, nil
}
