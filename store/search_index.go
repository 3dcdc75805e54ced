package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"sverka/lexicon"
	"sverka/stemming"
)

// The search index is written where the text is written. Triggers
// (migration 000019) queue every document and annotation whose searchable
// text may have changed. A write indexes what it queued before it commits,
// as far as inlineBudget allows; the background indexer takes the rest (a
// large document, a batch of imports, a database indexed by an older
// version) in transactions of at most chunkPassages passages, so no
// start-up, no search and no write waits for a whole index.
const (
	// inlineBudget is the passages a write may index itself (~50 ms).
	inlineBudget = 1000
	// chunkPassages is the most passages one background transaction
	// writes; it writes fewer while that takes longer than bulkTxTime.
	chunkPassages = 1000
	// firstChunk is the passages of a process's first background
	// transaction, before any has been timed.
	firstChunk = 200
	// bulkTxTime is how long one transaction of bulk work (the background
	// indexer's, an import's) should hold the one write lock, which every
	// other write waits for: a note written meanwhile waits about that
	// long at most. On PostgreSQL, under load, 1,000 passages took 0.3 to
	// 1.8 s; on SQLite an import's 1,000 sentences took 90 to 180 ms.
	bulkTxTime = 40 * time.Millisecond
	// formsStep is the word forms one statement of a bulk transaction
	// writes before it looks at the time again.
	formsStep = 100
	// notesPerWrite is the annotations one transaction indexes.
	notesPerWrite = 500
)

// searchIndex is the state of the indexer of one open database.
type searchIndex struct {
	// keyer is nil until the lexicons are loaded (about half a second
	// after Open); until then every write leaves indexing to the indexer.
	keyer atomic.Pointer[stemming.Keyer]
	// ready is closed once keyer is set.
	ready  chan struct{}
	wake   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
	// lastErr is the indexer's last failure, reported with the progress.
	lastErr atomic.Pointer[error]
	// running keeps this process to one indexer at a time: the background
	// indexer, or an import writing the passages of a large document.
	running sync.Mutex
	// forms remembers forms already in search_forms (bounded); newForms
	// those each write transaction under way added, remembered only once
	// it commits (settleForms). They are kept by transaction: the writer
	// connection goes to the next transaction as one commits, before the
	// committed one settles.
	mu       sync.Mutex
	forms    map[string]bool
	newForms map[*sql.Tx][]string
	// chunk is how many passages the next background transaction takes
	// in or out (bulkTxTime).
	chunk int
	// rowsPace and indexPace are the time storing a document took per
	// sentence, and indexing it per passage: what an import expects the
	// next to take (import_batch.go).
	rowsPace, indexPace pace
	// bytes is the indexer's filling in of segments' bytes, when idle.
	bytes segmentBytes
}

// maxFormsRemembered bounds searchIndex.forms (a few tens of megabytes).
const maxFormsRemembered = 1 << 19

// startIndexer loads the lexicons and runs the background indexer until
// Close.
func (db *DB) startIndexer() {
	ctx, cancel := context.WithCancel(context.Background())
	db.search = &searchIndex{ready: make(chan struct{}), wake: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{}), forms: map[string]bool{}, newForms: map[*sql.Tx][]string{}, chunk: firstChunk}
	go db.runIndexer(ctx)
}

// stopIndexer stops the background indexer and waits for it: a document it
// was indexing stays queued and is indexed again next time.
func (db *DB) stopIndexer() {
	if db.search == nil {
		return
	}
	db.search.cancel()
	<-db.search.done
}

// sharedKeyer is loaded once a process: every database open in it shares
// the lexicons (read-only) and the keys they have made.
var sharedKeyer = sync.OnceValue(loadKeyer)

// loadKeyer keys words with the Russian and English hunspell lexicons that
// are installed, and with the stemmer alone where none is.
func loadKeyer() *stemming.Keyer {
	var ru, en stemming.Lexicon
	if lx, err := lexicon.Open("ru_RU"); err == nil {
		ru = lx
	}
	if lx, err := lexicon.Open("en_US"); err == nil {
		en = lx
	}
	return stemming.New(ru, en)
}

func (db *DB) runIndexer(ctx context.Context) {
	defer close(db.search.done)
	keyer := sharedKeyer()
	if err := db.useKeyer(ctx, keyer); err != nil {
		db.search.fail(err)
	}
	db.search.keyer.Store(keyer)
	close(db.search.ready)
	for ctx.Err() == nil {
		more, err := false, error(nil)
		db.search.running.Lock()
		if release, ok := db.turn.indexer(); ok {
			more, err = db.indexNext(ctx, keyer)
			if err == nil && !more {
				more, err = db.fillSegmentBytes(ctx)
			}
			if err == nil && !more {
				more, err = db.mergeSearchIndex(ctx)
			}
			release()
		}
		db.search.running.Unlock()
		if err != nil && ctx.Err() == nil {
			db.search.fail(err)
			more = false
		}
		if more {
			continue
		}
		select {
		case <-ctx.Done():
		case <-db.search.wake:
		case <-time.After(2 * time.Second): // another process may have written
		}
	}
}

func (ix *searchIndex) fail(err error) { ix.lastErr.Store(&err) }

// nudge wakes the background indexer.
func (ix *searchIndex) nudge() {
	select {
	case ix.wake <- struct{}{}:
	default:
	}
}

// useKeyer queues everything for indexing again when the index was built
// with other keys (say, before a dictionary was installed), and forgets
// the forms' keys: a form is written only once (writeForms), so its old
// keys would stay, and a prefix, a name or an OCR reading would look for
// keys the index no longer has. The keys are switched only by the write
// that finds the old ones: two processes that open a new database at once
// (a server and a command-line import) both read that it has no keys yet,
// and the second to switch would otherwise empty search_forms under forms
// the first has written since, which it never writes again.
func (db *DB) useKeyer(ctx context.Context, keyer *stemming.Keyer) error {
	var name string
	if err := db.reader.QueryRowContext(ctx, `SELECT name FROM search_keyer`).Scan(&name); err != nil {
		return fmt.Errorf("search keyer: %w", err)
	}
	if name == keyer.Name() {
		return nil
	}
	switched := false
	err := db.writeIndex(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE search_keyer SET name = ? WHERE name <> ?`, keyer.Name(), keyer.Name())
		if err != nil {
			return fmt.Errorf("search keyer: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		switched = true
		for _, q := range []string{
			`DELETE FROM search_forms`,
			`INSERT INTO search_queue (document_id) SELECT id FROM documents WHERE true ON CONFLICT (document_id) DO UPDATE SET stamp = search_queue.stamp + 1`,
			`INSERT INTO search_note_queue (annotation_id) SELECT id FROM annotations WHERE motivation <> 'editing' ON CONFLICT DO NOTHING`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("search keyer: %w", err)
			}
		}
		return nil
	})
	if err != nil || !switched {
		return err
	}
	db.search.mu.Lock()
	clear(db.search.forms)
	db.search.mu.Unlock()
	return nil
}

// inlineQueue is how many queued documents a write looks at.
const inlineQueue = 50

// queuedBefore is what waits for the indexer as a write begins (document
// ids and stamps, of the first inlineQueue), unless the write leaves
// indexing to the indexer.
func (db *DB) queuedBefore(ctx context.Context, tx *sql.Tx) (map[string]int64, error) {
	if db.search.keyer.Load() == nil || db.yielding {
		return nil, nil
	}
	return queuedDocuments(ctx, tx)
}

// queuedDocuments reads the first inlineQueue entries of the queue.
func queuedDocuments(ctx context.Context, tx *sql.Tx) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT document_id, stamp FROM search_queue ORDER BY document_id LIMIT ?`, inlineQueue)
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	defer rows.Close()
	queued := map[string]int64{}
	for rows.Next() {
		var id string
		var stamp int64
		if err := rows.Scan(&id, &stamp); err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
		queued[id] = stamp
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	return queued, nil
}

// indexInline indexes, inside a write about to commit, what the write
// queued (what was not in the queue as it began, before): its
// annotations, and its documents while they fit inlineBudget. What does
// not fit is left to the background indexer, and so is what others
// queued (a note must not wait for a document an import left to the
// indexer), and all of it for a Yielding process, whose transactions
// must stay short: the indexer keys a document outside any write
// transaction.
func (db *DB) indexInline(ctx context.Context, tx *sql.Tx, before map[string]int64) error {
	keyer := db.search.keyer.Load()
	if keyer == nil || db.yielding {
		db.search.nudge()
		return nil
	}
	if _, err := db.indexNotes(ctx, tx, keyer); err != nil {
		return err
	}
	after, err := queuedDocuments(ctx, tx)
	if err != nil {
		return err
	}
	var ids []string
	for id, stamp := range after {
		if was, ok := before[id]; !ok || was != stamp {
			ids = append(ids, id)
		} else {
			db.search.nudge()
		}
	}
	slices.Sort(ids)
	budget := inlineBudget
	for _, id := range ids {
		var cost int
		if err := tx.QueryRowContext(ctx, `
			SELECT count(*) FROM segments s JOIN base_texts b ON b.id = s.base_text_id WHERE b.document_id = ?`, id).Scan(&cost); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if cost > budget {
			db.search.nudge()
			continue
		}
		budget -= cost
		doc, err := readIndexDocument(ctx, tx, keyer, id)
		if err != nil {
			return err
		}
		if err := db.writeIndexDocument(ctx, tx, doc, -1); err != nil {
			return err
		}
	}
	return nil
}

// indexNext does one step of background indexing: a batch of annotations,
// or one chunk of a document. It reports whether more may be waiting.
func (db *DB) indexNext(ctx context.Context, keyer *stemming.Keyer) (bool, error) {
	var notes int
	err := db.writeIndex(ctx, func(tx *sql.Tx) error {
		var err error
		notes, err = db.indexNotes(ctx, tx, keyer)
		return err
	})
	if err != nil || notes > 0 {
		return notes > 0, err
	}
	var id string
	var stamp int64
	err = db.reader.QueryRowContext(ctx, `SELECT document_id, stamp FROM search_queue LIMIT 1`).Scan(&id, &stamp)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("search index: %w", err)
	}
	var doc *indexDocument
	err = db.read(ctx, func(tx *sql.Tx) error {
		var err error
		doc, err = readIndexDocument(ctx, tx, keyer, id)
		return err
	})
	if err != nil {
		return false, err
	}
	if err := db.indexInChunks(ctx, doc, stamp); err != nil && !errors.Is(err, errRequeued) {
		return false, err
	}
	return true, nil
}

// writeIndexDocument finishes indexing doc in tx: its passages (all of
// them unless the background indexer wrote them already), its forms, its
// revision; then takes it off the queue (only at stamp, unless -1).
func (db *DB) writeIndexDocument(ctx context.Context, tx *sql.Tx, doc *indexDocument, stamp int64) error {
	seq, next, err := documentSeq(ctx, tx, doc.id)
	if err != nil {
		return err
	}
	if doc.cleared < 0 {
		if _, err := db.clearPassages(ctx, tx, seq, -1); err != nil {
			return err
		}
		next = 0
	}
	if !doc.exists {
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_documents WHERE document_id = ?`, doc.id); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	} else {
		if doc.written == 0 {
			if err := db.writePassages(ctx, tx, seq, next, doc.passages); err != nil {
				return err
			}
		}
		if err := db.writeForms(ctx, tx, doc.forms[doc.formsDone:]); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE search_documents SET revision = ? WHERE document_id = ?`, doc.revision, doc.id); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	q, args := `DELETE FROM search_queue WHERE document_id = ?`, []any{doc.id}
	if stamp >= 0 {
		q, args = q+` AND stamp = ?`, append(args, stamp)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// indexNotes indexes a batch of queued annotations: the keys of a note's,
// reply's or cross-reference's body, tags and citation; a deleted one
// leaves the index. It returns how many it took off the queue.
func (db *DB) indexNotes(ctx context.Context, tx *sql.Tx, keyer *stemming.Keyer) (int, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT q.annotation_id, coalesce(a.body, ''), coalesce(a.tags, '[]'), coalesce(a.link_citation, ''),
			a.id IS NULL OR a.deleted_at <> '' OR a.motivation = 'editing'
		FROM search_note_queue q LEFT JOIN annotations a ON a.id = q.annotation_id
		LIMIT ?`, notesPerWrite)
	if err != nil {
		return 0, fmt.Errorf("search index notes: %w", err)
	}
	type note struct {
		id   int64
		keys string
		gone bool
	}
	var list []note
	for rows.Next() {
		var n note
		var body, tags, citation string
		if err := rows.Scan(&n.id, &body, &tags, &citation, &n.gone); err != nil {
			rows.Close()
			return 0, fmt.Errorf("search index notes: %w", err)
		}
		n.keys = keyer.Keys(noteText(body, tags, citation))
		list = append(list, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("search index notes: %w", err)
	}
	for _, n := range list {
		if err := db.engine.deleteNote(ctx, tx, n.id); err != nil {
			return 0, fmt.Errorf("search index notes: %w", err)
		}
		if !n.gone {
			if err := db.engine.putNote(ctx, tx, n.id, n.keys); err != nil {
				return 0, fmt.Errorf("search index notes: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_note_queue WHERE annotation_id = ?`, n.id); err != nil {
			return 0, fmt.Errorf("search index notes: %w", err)
		}
	}
	return len(list), nil
}

// WaitIndexed waits until the search index has caught up with every write
// (or ctx ends): for commands that import and exit, and for tests.
func (db *DB) WaitIndexed(ctx context.Context) error {
	for {
		p, err := db.IndexProgress(ctx)
		if err != nil {
			return err
		}
		var notes int
		if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM search_note_queue`).Scan(&notes); err != nil {
			return fmt.Errorf("search progress: %w", err)
		}
		if p.Ready && notes == 0 {
			return nil
		}
		db.search.nudge()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
