package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// Bulk indexing (the background indexer's, a large document's after its
// import) in transactions that hold the write lock for about bulkTxTime,
// whatever the machine's speed: their sizes follow the time they take.

// pace is the time a step of bulk work took per item, as last measured
// (a moving average; nanoseconds, 0 until measured).
type pace struct{ ns atomic.Int64 }

// cost is what n items should take at this pace (at initial per item
// until measured).
func (p *pace) cost(n int, initial time.Duration) time.Duration {
	ns := p.ns.Load()
	if ns == 0 {
		ns = int64(initial)
	}
	return time.Duration(ns * int64(n))
}

// timed takes in that n items took took. One sample moves the pace at
// most 1.75 times either way: a step the machine was slow for says little.
func (p *pace) timed(n int, took time.Duration) {
	sample := int64(took) / int64(max(n, 1))
	if ns := p.ns.Load(); ns != 0 {
		sample = (3*ns + min(max(sample, ns/4), 4*ns)) / 4
	}
	p.ns.Store(max(sample, 1))
}

// indexInChunks clears doc's old passages, then writes the new ones and
// its word forms, a chunk a transaction (db.search.chunk passages, fitted
// to bulkTxTime); each checks that nothing was queued meanwhile
// (errRequeued). The caller holds db.search.running. A chunk's statements
// run without a cancellable context, as a batch's do (import_batch.go):
// the driver would start a goroutine per statement to interrupt it.
func (db *DB) indexInChunks(ctx context.Context, doc *indexDocument, stamp int64) error {
	for done := false; !done; {
		err := db.writeIndex(ctx, func(tx *sql.Tx) error {
			var err error
			done, err = db.indexChunk(context.WithoutCancel(ctx), tx, doc, stamp, time.Now())
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// errRequeued stops background indexing of a document that changed while
// it was being indexed: it is indexed again from the start.
var errRequeued = errors.New("document queued again")

// indexChunk does the next step of indexing doc in the background, in a
// transaction that began at began: clear a chunk of old passages, or write
// a chunk of new ones, or write its forms for what is left of bulkTxTime,
// or finish.
func (db *DB) indexChunk(ctx context.Context, tx *sql.Tx, doc *indexDocument, stamp int64, began time.Time) (bool, error) {
	var now int64
	err := tx.QueryRowContext(ctx, `SELECT stamp FROM search_queue WHERE document_id = ?`, doc.id).Scan(&now)
	if errors.Is(err, sql.ErrNoRows) || err == nil && now != stamp {
		return false, errRequeued
	}
	if err != nil {
		return false, fmt.Errorf("search index: %w", err)
	}
	if !doc.exists {
		return true, db.writeIndexDocument(ctx, tx, doc, stamp)
	}
	seq, next, err := documentSeq(ctx, tx, doc.id)
	if err != nil {
		return false, err
	}
	chunk := db.search.chunk
	if doc.cleared < 0 {
		n, err := db.clearPassages(ctx, tx, seq, chunk)
		db.search.chunk = nextChunk(chunk, time.Since(began))
		if err != nil || n == chunk {
			return false, err
		}
		doc.cleared, next = 0, 0
	}
	if doc.written < len(doc.passages) {
		end := min(len(doc.passages), doc.written+chunk)
		start := time.Now()
		if err := db.writePassages(ctx, tx, seq, next, doc.passages[doc.written:end]); err != nil {
			return false, err
		}
		db.search.indexPace.timed(end-doc.written, time.Since(start))
		db.search.chunk = nextChunk(chunk, time.Since(began))
		doc.written = end
		return false, nil
	}
	if done, err := db.writeSomeForms(ctx, tx, doc, began); !done || err != nil {
		return false, err
	}
	return true, db.writeIndexDocument(ctx, tx, doc, stamp)
}

// nextChunk is the size of the next background transaction, after one of
// chunk passages held the write lock for took: as many as fit in
// bulkTxTime at that pace, at most twice as many as before.
func nextChunk(chunk int, took time.Duration) int {
	n := 2 * chunk
	if took > 0 {
		n = min(n, int(int64(chunk)*int64(bulkTxTime)/int64(took)))
	}
	return min(max(n, 50), chunkPassages)
}

// writeSomeForms writes doc's word forms not yet written in tx, formsStep
// a statement, while the transaction (begun at began) has time left of
// bulkTxTime; it reports whether they are all written. A document's forms
// are many the first time a process meets its words (4,000-sentence
// documents: 100 to 200 ms).
func (db *DB) writeSomeForms(ctx context.Context, tx *sql.Tx, doc *indexDocument, began time.Time) (bool, error) {
	var step time.Duration
	for doc.formsDone < len(doc.forms) {
		if time.Since(began)+step > bulkTxTime {
			return false, nil
		}
		start, end := time.Now(), min(len(doc.forms), doc.formsDone+formsStep)
		if err := db.writeForms(ctx, tx, doc.forms[doc.formsDone:end]); err != nil {
			return false, err
		}
		doc.formsDone, step = end, time.Since(start)
	}
	return true, nil
}
