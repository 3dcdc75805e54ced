package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"sverka"
	"sverka/stemming"
)

// Prepared is an archive made ready for ImportPrepared outside any
// transaction: checked, and its passages keyed for search, so that the
// write that stores it also indexes it without keying under the write
// lock.
type Prepared struct {
	Archive *sverka.Archive
	// err is why the archive cannot be imported.
	err error
	// index is its passages and their keys; nil leaves the document to
	// the background indexer (it carries accepted corrections, whose
	// readings the indexer takes from the database).
	index *indexDocument
}

// PrepareImport checks an archive and keys its texts for the search
// index. It reads nothing of the database, so that many archives can be
// prepared at once, on every core, ahead of the one writer.
func (db *DB) PrepareImport(ctx context.Context, a *sverka.Archive) *Prepared {
	p := &Prepared{Archive: a}
	if p.err = db.prepareImport(a); p.err != nil {
		return p
	}
	select {
	case <-db.search.ready:
	case <-ctx.Done():
		p.err = ctx.Err()
		return p
	}
	p.index = keyArchive(db.search.keyer.Load(), a)
	return p
}

// Until an import has timed some, it expects a sentence to take
// initialRowsPace to store and initialIndexPace to index (both about
// twice what they take on a quiet 2-core machine at 10,000 documents).
const (
	initialRowsPace  = 60 * time.Microsecond
	initialIndexPace = 120 * time.Microsecond
)

// ImportPrepared stores prepared archives (see Import): new documents
// several to a transaction, each in a savepoint of its own, so that one
// that fails leaves nothing behind and the others go on; their search
// index in the same transaction. A transaction takes documents while they
// fit in bulkTxTime at the pace timed so far, so that a write of another
// process waits about that long at most; a document too large for that
// alone is stored in a transaction of its own, its word forms and its
// passages follow in transactions of their own before the next document.
// An archive whose id is present already goes through Import. The results
// and errors are in the order of list.
func (db *DB) ImportPrepared(ctx context.Context, list []*Prepared, replace bool) ([]ImportResult, []error) {
	results, errs := make([]ImportResult, len(list)), make([]error, len(list))
	var present []int
	for start := 0; start < len(list); {
		n, p, large, err := db.importBatch(ctx, list[start:], errs[start:])
		for i := start; i < start+n; i++ {
			switch {
			case errs[i] != nil:
			case err != nil:
				errs[i] = err
			case !slices.Contains(p, i-start):
				results[i].Outcome = "imported"
			}
		}
		if err == nil {
			for _, k := range p {
				present = append(present, start+k)
			}
			if large >= 0 {
				if err := db.indexLarge(ctx, list[start+large].index); err != nil {
					db.search.fail(err) // the background indexer takes it up again
				}
			}
		}
		start += n
	}
	for _, i := range present {
		results[i], errs[i] = db.Import(ctx, list[i].Archive, replace)
	}
	return results, errs
}

// sentences is how many sentences (segments) a prepared archive stores.
func (p *Prepared) sentences() int {
	n := 0
	if p.err == nil {
		for _, t := range p.Archive.Document.Texts {
			n += len(t.Segments)
		}
	}
	return n
}

// writeCost is how long storing p with its index should hold the write
// lock, at the paces timed so far.
func (db *DB) writeCost(p *Prepared) time.Duration {
	return db.search.rowsPace.cost(p.sentences()+1, initialRowsPace) + db.search.indexPace.cost(p.passages(), initialIndexPace)
}

// passages is how many passages a prepared archive adds to the index.
func (p *Prepared) passages() int {
	if p.index == nil {
		return 0
	}
	return len(p.index.passages)
}

// importBatch stores the first archives of list in one transaction, as
// many as fit in bulkTxTime (at least one), and says how many it took,
// which are present already (for Import) and which one, the last it took,
// is too large to index in it (-1: none), by their place in list. errs
// receives each archive's own error.
func (db *DB) importBatch(ctx context.Context, list []*Prepared, errs []error) (taken int, present []int, large int, err error) {
	users := make([][]string, len(list))
	err = db.write(ctx, func(tx *sql.Tx) error {
		// The driver runs a statement whose context may end on a goroutine
		// of its own, to interrupt it: a goroutine and two thread switches
		// for each of the thousands of rows a batch inserts. The batch is
		// short, and the transaction still ends with ctx.
		ctx := context.WithoutCancel(ctx)
		began := time.Now()
		taken, present, large = 0, nil, -1
		for i, p := range list {
			cost := db.writeCost(p)
			if i > 0 && time.Since(began)+cost > bulkTxTime {
				break
			}
			taken = i + 1
			if p.err != nil {
				errs[i] = p.err
				continue
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ?`, p.Archive.Document.ID).Scan(&n); err != nil {
				return fmt.Errorf("import document: %w", err)
			}
			if n > 0 {
				present = append(present, i)
				continue
			}
			inline := i > 0 || cost <= bulkTxTime
			if err := db.importOne(ctx, tx, p, inline, &users[i]); err != nil {
				errs[i] = err
			} else if !inline && p.index != nil {
				large = i
				break
			}
		}
		if keyer := db.search.keyer.Load(); keyer != nil {
			_, err := db.indexNotes(ctx, tx, keyer)
			return err
		}
		return nil
	})
	if err == nil {
		for i, p := range list[:taken] {
			p.Archive.NewUsers = users[i]
		}
	}
	return max(taken, 1), present, large, err
}

// importOne stores a new document in a savepoint of tx, with its search
// index if inline, and times both. An error leaves nothing of it behind.
func (db *DB) importOne(ctx context.Context, tx *sql.Tx, p *Prepared, inline bool, users *[]string) error {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT import_one`); err != nil {
		return fmt.Errorf("import document: %w", err)
	}
	start := time.Now()
	created, _, err := db.importDocument(ctx, tx, p.Archive, false)
	if err == nil && p.index != nil {
		err = fillBaseTextIDs(ctx, tx, p.index)
	}
	if err == nil {
		db.search.rowsPace.timed(p.sentences()+1, time.Since(start))
	}
	if err == nil && p.index != nil && inline {
		start = time.Now()
		if err = db.writeIndexDocument(ctx, tx, p.index, -1); err == nil {
			db.search.indexPace.timed(p.passages(), time.Since(start))
		}
	}
	if err != nil {
		db.settleForms(tx, false) // the forms it wrote are rolled back too
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT import_one`); rerr != nil {
			return errors.Join(err, rerr)
		}
	}
	if _, rerr := tx.ExecContext(ctx, `RELEASE SAVEPOINT import_one`); rerr != nil {
		return errors.Join(err, rerr)
	}
	*users = created
	return err
}

// fillBaseTextIDs gives the passages of a document just stored the row
// ids of their base texts.
func fillBaseTextIDs(ctx context.Context, tx *sql.Tx, doc *indexDocument) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, lang FROM base_texts WHERE document_id = ?`, doc.id)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	ids := map[string]int64{}
	for rows.Next() {
		var id int64
		var lang string
		if err := rows.Scan(&id, &lang); err != nil {
			rows.Close()
			return fmt.Errorf("search index: %w", err)
		}
		ids[lang] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	for i := range doc.passages {
		doc.passages[i].baseTextID = ids[doc.passages[i].lang]
	}
	return nil
}

// indexLarge indexes a document just imported that was too large to index
// in its own write: its word forms now, in transactions of bulkTxTime, as
// the first document to use a form says how it is written; then its
// passages, a chunk a transaction, unless another process is indexing (it
// takes the document from the queue, as it does a document changed
// meanwhile).
func (db *DB) indexLarge(ctx context.Context, doc *indexDocument) error {
	for done := false; !done; {
		err := db.writeIndex(ctx, func(tx *sql.Tx) error {
			var err error
			done, err = db.writeSomeForms(context.WithoutCancel(ctx), tx, doc, time.Now())
			return err
		})
		if err != nil {
			return err
		}
	}
	db.search.running.Lock()
	defer db.search.running.Unlock()
	release, ok := db.turn.indexer()
	if !ok {
		return nil
	}
	defer release()
	var stamp int64
	err := db.reader.QueryRowContext(ctx, `SELECT stamp FROM search_queue WHERE document_id = ?`, doc.id).Scan(&stamp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if n := bulkTxTime / db.search.indexPace.cost(1, initialIndexPace); n > 0 {
		db.search.chunk = min(max(int(n), 50), chunkPassages) // at the pace of the import
	}
	if err := db.indexInChunks(ctx, doc, stamp); err != nil && !errors.Is(err, errRequeued) {
		return err
	}
	return nil
}

// keyArchive keys the passages of an archived document as
// readIndexDocument will read them once it is stored: its texts in order
// of language, each sentence in order. It returns nil for a document with
// accepted corrections, whose corrected readings the indexer takes from
// the database.
func keyArchive(keyer *stemming.Keyer, a *sverka.Archive) *indexDocument {
	for _, an := range a.Annotations {
		if an.Current.Status == sverka.StatusAccepted {
			return nil
		}
	}
	d := a.Document
	doc := &indexDocument{id: d.ID, exists: true, revision: d.Revision, cleared: -1}
	texts := slices.Clone(d.Texts)
	slices.SortStableFunc(texts, func(x, y sverka.BaseText) int { return strings.Compare(x.Lang, y.Lang) })
	var readings [][2]string
	for _, t := range texts {
		meta := passageMeta(t.Lang, d.Public, d.Date)
		text := newCodeText(t.Text) // valid UTF-8 (Validate): cut as []rune would be
		for _, s := range t.Segments {
			readings = append(readings, [2]string{text.slice(s.Start, s.End)})
			doc.passages = append(doc.passages, indexPassage{start: s.Start, end: s.End, lang: t.Lang, meta: meta})
		}
	}
	doc.forms = keyPassages(keyer, readings, doc.passages)
	return doc
}
