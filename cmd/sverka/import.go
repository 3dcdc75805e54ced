package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"sverka/ingest"
	"sverka/store"
	"sverka/transfer"
)

// ImportConfig holds the flags of sverka import.
type ImportConfig struct {
	Replace bool
	ID      string
	Title   string
}

var importCommand = command{
	summary: "import documents: sverka import [--replace] [--id ID] [--title TITLE] FILE…\n" +
		"  a Wilson Center page (with PAGE.edits.json beside it, if any), a plain pair NAME.ru.txt + NAME.en.txt\n" +
		"  (blank lines separate paragraphs; the id is NAME unless --id), or Sverka JSON (*.json)",
	flags: func(fs *flag.FlagSet, cfg *Config) {
		fs.BoolVar(&cfg.Import.Replace, "replace", false, "replace documents already present: Sverka JSON as it is; a page or plain pair re-derived, keeping every annotation (re-anchored by its quote, or orphaned)")
		fs.StringVar(&cfg.Import.ID, "id", "", "document id of a single plain pair (default: the files' shared NAME)")
		fs.StringVar(&cfg.Import.Title, "title", "", "title of a single plain pair (default: its id)")
	},
	run: runImport,
}

// importItem is one document source named on the command line: a page, a
// JSON file or a plain pair.
type importItem struct {
	name string // as shown in the summary
	kind string // transfer.KindPage, transfer.KindJSON or "plain"
	path string
	en   string // the English file of a plain pair
}

// importItems sorts the files named into items: plain pairs are matched by
// their shared name, edits files are read with their page.
func importItems(paths []string, cfg ImportConfig) ([]importItem, []string, error) {
	var items []importItem
	var failed []string
	given := map[string]bool{}
	for _, p := range paths {
		given[p] = true
	}
	pairs := 0
	for _, p := range paths {
		base := filepath.Base(p)
		switch {
		case transfer.Kind(base) == transfer.KindEdits:
			// Read with its page.
		case transfer.Kind(base) == transfer.KindJSON:
			items = append(items, importItem{name: p, kind: transfer.KindJSON, path: p})
		case strings.HasSuffix(base, ".en.txt"):
			ru := strings.TrimSuffix(p, ".en.txt") + ".ru.txt"
			if !given[ru] {
				failed = append(failed, fmt.Sprintf("%s: an English text without its Russian %s among the files", p, filepath.Base(ru)))
			}
		case strings.HasSuffix(base, ".ru.txt"):
			en := strings.TrimSuffix(p, ".ru.txt") + ".en.txt"
			if !given[en] {
				failed = append(failed, fmt.Sprintf("%s: a Russian text without its English %s among the files", p, filepath.Base(en)))
				continue
			}
			items = append(items, importItem{name: p + " + " + filepath.Base(en), kind: "plain", path: p, en: en})
			pairs++
		default:
			items = append(items, importItem{name: p, kind: transfer.KindPage, path: p})
		}
	}
	if (cfg.ID != "" || cfg.Title != "") && (pairs != 1 || len(items) != 1) {
		return nil, nil, errors.New("--id and --title name one plain pair; give exactly NAME.ru.txt and NAME.en.txt with them")
	}
	return items, failed, nil
}

// runImport imports each document in a savepoint of its own, several to a
// transaction: a document that fails leaves nothing behind and the others
// go on. A document already present with the same source is skipped; one
// with the same id and another source fails (Sverka JSON may replace it
// with --replace).
func runImport(ctx context.Context, e env) error {
	if len(e.args) == 0 {
		return errors.New("usage: sverka import [--replace] [--id ID] [--title TITLE] FILE…")
	}
	items, failed, err := importItems(e.args, e.cfg.Import)
	if err != nil {
		return err
	}
	if e.cfg.GoMemLimit == "" {
		// What the import keeps is the search lexicons and the keys and
		// forms seen (about 190 MB at 10,000 documents); without a limit
		// the heap grows to twice that between collections.
		debug.SetMemoryLimit(importMemoryMB << 20)
	}
	// Sverka JSON is stored as it was aligned: only pages and plain pairs
	// need the aligner's dictionaries.
	aligns := slices.ContainsFunc(items, func(it importItem) bool { return it.kind != transfer.KindJSON })
	if aligns {
		readDictionaries(e.log)
	}
	// The import gives way to a running server's writes between documents.
	db, err := store.Open(ctx, e.cfg.DB, store.WithImages(e.cfg.Images), store.Yielding())
	if err != nil {
		return err
	}
	defer db.Close()
	// Documents are aligned with what the corpus learnt from its confirmed links.
	if aligns {
		if _, err := alignWithLearned(ctx, db); err != nil {
			return err
		}
	}
	im := transfer.Importer{DB: db, Replace: e.cfg.Import.Replace}
	var outcomes []transfer.Outcome
	bar := newProgress(e.stderr, len(items))
	ahead := readAhead(ctx, im, items, e.cfg.Import)
	for i := 0; i < len(items); {
		if ctx.Err() != nil {
			outcomes = append(outcomes, transfer.Fail(items[i].name, errors.New("interrupted")))
			i++
			continue
		}
		bar.show(i, items[i].name)
		// Files prepared are stored several to a transaction.
		var batch []transfer.Prepared
		for ; i < len(items) && len(batch) < importBatchFiles; i++ {
			slot := <-ahead
			if slot == nil {
				break // interrupted: the rest fail above
			}
			batch = append(batch, <-slot)
		}
		outcomes = append(outcomes, im.StorePrepared(ctx, batch)...)
	}
	// Documents are indexed as they are stored, except those with accepted
	// corrections, which the background indexer takes (if the import is
	// stopped, a server indexes the rest).
	if ctx.Err() == nil && len(items) > 0 {
		bar.show(len(items)-1, "indexing for search")
		if err := db.WaitIndexed(ctx); err != nil && ctx.Err() == nil {
			return err
		}
	}
	bar.done()
	var imported int
	var replaced, skipped, newUsers []string
	for _, o := range outcomes {
		name := o.DocumentID + " (" + o.Name + ")"
		switch {
		case o.Status == transfer.Failed:
			failed = append(failed, o.Name+": "+o.Reason)
		case o.Status == transfer.Skipped:
			skipped = append(skipped, name)
		default:
			imported++
			newUsers = append(newUsers, o.NewUsers...)
			if o.Status == transfer.Replaced && o.Reason != "" {
				replaced = append(replaced, name+": "+o.Reason)
			}
		}
	}
	for _, s := range replaced {
		fmt.Fprintln(e.stdout, "replaced ", s)
	}
	for _, s := range skipped {
		fmt.Fprintln(e.stdout, "skipped  ", s)
	}
	for _, s := range failed {
		fmt.Fprintln(e.stdout, "failed   ", s)
	}
	if len(newUsers) > 0 {
		fmt.Fprintf(e.stdout, "new users  %s (annotation authors, created disabled and without a password)\n", strings.Join(newUsers, ", "))
	}
	took := time.Since(bar.start)
	fmt.Fprintf(e.stdout, "imported %d, skipped %d (already present), failed %d, in %s (%.1f files/s)\n", imported, len(skipped), len(failed),
		took.Round(time.Millisecond), float64(len(items))/took.Seconds())
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d failed", len(failed), len(failed)+imported+len(skipped))
	}
	return nil
}

// importMemoryMB is the Go heap sverka import holds itself to, unless
// GOMEMLIMIT says otherwise (10,000 documents, 1M sentences, quiet: peak
// RSS 282 MB in 72.4 s; at 256, 301 MB in 71.4 s; without a limit 410 MB).
const importMemoryMB = 236

// importBatchFiles is how many files the writer takes at a time; the
// store bounds each transaction by the sentences it writes.
const importBatchFiles = 8

// readAhead reads, derives and prepares the items on every core, ahead of
// the one writer, and hands them over in order: each value received is
// where the next item will arrive. At most a few batches are held at once.
func readAhead(ctx context.Context, im transfer.Importer, items []importItem, cfg ImportConfig) <-chan chan transfer.Prepared {
	slots := make(chan chan transfer.Prepared, 2*importBatchFiles)
	workers := make(chan struct{}, runtime.NumCPU())
	go func() {
		defer close(slots)
		for _, it := range items {
			ch := make(chan transfer.Prepared, 1)
			select {
			case slots <- ch:
			case <-ctx.Done():
				return
			}
			workers <- struct{}{}
			go func() {
				defer func() { <-workers }()
				ch <- im.Prepare(ctx, readOne(it, cfg))
			}()
		}
	}()
	return slots
}

// readOne reads one item from its files and derives its documents (see
// transfer.Read), without the database.
func readOne(it importItem, cfg ImportConfig) transfer.Read {
	switch it.kind {
	case transfer.KindJSON:
		f, err := os.Open(it.path)
		if err != nil {
			return transfer.Read{Name: it.name, Err: err}
		}
		defer f.Close()
		return transfer.ReadJSON(it.name, io.LimitReader(f, 1<<30))
	case "plain":
		p := ingest.PlainPair{ID: cfg.ID, Title: cfg.Title}
		if p.ID == "" {
			p.ID = ingest.PairStem(it.path)
		}
		var err error
		if p.Russian, err = ingest.ReadSource(it.path); err == nil {
			p.English, err = ingest.ReadSource(it.en)
		}
		if err != nil {
			return transfer.Read{Name: it.name, Err: err}
		}
		return transfer.ReadPair(it.name, p)
	}
	page, err := readSourceFile(it.path)
	if err != nil {
		return transfer.Read{Name: it.name, Err: err}
	}
	edits, err := os.ReadFile(ingest.EditsPath(it.path))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return transfer.Read{Name: it.name, Err: err}
	}
	return transfer.ReadPage(it.name, page, edits)
}

// readSourceFile reads a source file, at most one byte more than an import
// takes (so that the pipeline can tell it is too large).
func readSourceFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, ingest.MaxSourceBytes+1))
}
