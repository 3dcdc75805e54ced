package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

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

// importBatchPassages bounds the passages (sentences) one transaction of
// ImportPrepared writes, so that it stays short (tens of milliseconds) for
// the writes that wait behind it.
const importBatchPassages = chunkPassages

// ImportPrepared stores prepared archives (see Import): new documents
// several to a transaction, each in a savepoint of its own, so that one
// that fails leaves nothing behind and the others go on; their search
// index in the same transaction, except for a document of more than
// chunkPassages passages, whose passages follow in transactions of their
// own. An archive whose id is present already goes through Import. The
// results and errors are in the order of list.
func (db *DB) ImportPrepared(ctx context.Context, list []*Prepared, replace bool) ([]ImportResult, []error) {
	results, errs := make([]ImportResult, len(list)), make([]error, len(list))
	var present, large []int
	for start := 0; start < len(list); {
		end, passages := start, 0
		for end < len(list) && (end == start || passages+list[end].passages() <= importBatchPassages) {
			passages += list[end].passages()
			end++
		}
		p, l, err := db.importBatch(ctx, list[start:end], errs[start:end])
		for i := start; i < end; i++ {
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
			for _, k := range l {
				large = append(large, start+k)
			}
		}
		start = end
	}
	for _, i := range present {
		results[i], errs[i] = db.Import(ctx, list[i].Archive, replace)
	}
	for _, i := range large {
		if err := db.indexImported(ctx, list[i].index); err != nil {
			db.search.fail(err) // the background indexer takes it up again
		}
	}
	return results, errs
}

// passages is how many passages a prepared archive adds to the index.
func (p *Prepared) passages() int {
	if p.index == nil {
		return 0
	}
	return len(p.index.passages)
}

// importBatch stores list in one transaction and says which archives are
// present already (for Import) and which have too many passages to index
// in it, by their place in list. errs receives each archive's own error.
func (db *DB) importBatch(ctx context.Context, list []*Prepared, errs []error) (present, large []int, err error) {
	users := make([][]string, len(list))
	err = db.write(ctx, func(tx *sql.Tx) error {
		// The driver runs a statement whose context may end on a goroutine
		// of its own, to interrupt it: a goroutine and two thread switches
		// for each of the thousands of rows a batch inserts. The batch is
		// short, and the transaction still ends with ctx.
		ctx := context.WithoutCancel(ctx)
		present, large = nil, nil
		for i, p := range list {
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
			inline, err := db.importOne(ctx, tx, p, &users[i])
			if err != nil {
				errs[i] = err
			} else if !inline {
				large = append(large, i)
			}
		}
		if keyer := db.search.keyer.Load(); keyer != nil {
			_, err := db.indexNotes(ctx, tx, keyer)
			return err
		}
		return nil
	})
	if err == nil {
		for i, p := range list {
			p.Archive.NewUsers = users[i]
		}
	}
	return present, large, err
}

// importOne stores a new document in a savepoint of tx, with its search
// index unless it has more than chunkPassages passages (inline false). An
// error leaves nothing of it behind.
func (db *DB) importOne(ctx context.Context, tx *sql.Tx, p *Prepared, users *[]string) (inline bool, err error) {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT import_one`); err != nil {
		return false, fmt.Errorf("import document: %w", err)
	}
	created, _, err := db.importDocument(ctx, tx, p.Archive, false)
	inline = p.passages() <= chunkPassages
	if err == nil && p.index != nil {
		err = fillBaseTextIDs(ctx, tx, p.index)
		switch {
		case err != nil:
		case inline:
			err = db.writeIndexDocument(ctx, tx, p.index, -1)
		default:
			// Its word forms now, in the order of the documents, as the
			// first to use a form says how it is written.
			err = db.writeForms(ctx, tx, p.index.forms)
		}
	}
	if err != nil {
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT import_one`); rerr != nil {
			return false, errors.Join(err, rerr)
		}
	}
	if _, rerr := tx.ExecContext(ctx, `RELEASE SAVEPOINT import_one`); rerr != nil {
		return false, errors.Join(err, rerr)
	}
	*users = created
	return inline, err
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

// indexImported writes the passages of a large document just imported, a
// chunk a transaction, unless another process is indexing (it takes the
// document from the queue, as it does a document changed meanwhile).
func (db *DB) indexImported(ctx context.Context, doc *indexDocument) error {
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
		runes := []rune(t.Text)
		for _, s := range t.Segments {
			readings = append(readings, [2]string{string(runes[s.Start:s.End])})
			doc.passages = append(doc.passages, indexPassage{start: s.Start, end: s.End, lang: t.Lang, meta: meta})
		}
	}
	doc.forms = keyPassages(keyer, readings, doc.passages)
	return doc
}
