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
	"strings"
	"time"

	"sverka"
	"sverka/exchange"
	"sverka/ingest"
	"sverka/store"
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
	kind string // "wca", "json" or "plain"
	path string
	en   string // the English file of a plain pair
}

// importOutcome is what became of an item.
type importOutcome struct {
	imported, skipped []string
	failed            []string
	// replaced says, for each page or pair replaced, what became of its
	// annotations.
	replaced []string
	// newUsers are the annotation authors created as disabled accounts.
	newUsers []string
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
		case strings.HasSuffix(base, ".edits.json"):
			// Read with its page.
		case strings.HasSuffix(base, ".json"):
			items = append(items, importItem{name: p, kind: "json", path: p})
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
			items = append(items, importItem{name: p, kind: "wca", path: p})
		}
	}
	if (cfg.ID != "" || cfg.Title != "") && (pairs != 1 || len(items) != 1) {
		return nil, nil, errors.New("--id and --title name one plain pair; give exactly NAME.ru.txt and NAME.en.txt with them")
	}
	return items, failed, nil
}

// runImport imports each file in its own transaction: a file that fails
// leaves nothing behind and the others go on. A document already present
// with the same source is skipped; one with the same id and another source
// fails (Sverka JSON may replace it with --replace).
func runImport(ctx context.Context, e env) error {
	if len(e.args) == 0 {
		return errors.New("usage: sverka import [--replace] [--id ID] [--title TITLE] FILE…")
	}
	items, failed, err := importItems(e.args, e.cfg.Import)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, e.cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	out := importOutcome{failed: failed}
	bar := newProgress(e.stderr, len(items))
	ahead := readAhead(ctx, items, e.cfg.Import)
	for i, it := range items {
		if ctx.Err() != nil {
			out.failed = append(out.failed, it.name+": interrupted")
			continue
		}
		bar.show(i, it.name)
		r := <-<-ahead
		storeItem(ctx, db, it, r, e.cfg.Import, &out)
	}
	bar.done()
	for _, s := range out.replaced {
		fmt.Fprintln(e.stdout, "replaced ", s)
	}
	for _, s := range out.skipped {
		fmt.Fprintln(e.stdout, "skipped  ", s)
	}
	for _, s := range out.failed {
		fmt.Fprintln(e.stdout, "failed   ", s)
	}
	if len(out.newUsers) > 0 {
		fmt.Fprintf(e.stdout, "new users  %s (annotation authors, created disabled and without a password)\n", strings.Join(out.newUsers, ", "))
	}
	took := time.Since(bar.start)
	fmt.Fprintf(e.stdout, "imported %d, skipped %d (already present), failed %d, in %s (%.1f files/s)\n", len(out.imported), len(out.skipped), len(out.failed),
		took.Round(time.Millisecond), float64(len(items))/took.Seconds())
	if len(out.failed) > 0 {
		return fmt.Errorf("%d of %d failed", len(out.failed), len(out.failed)+len(out.imported)+len(out.skipped))
	}
	return nil
}

// readItem is an item read and derived, ready to store.
type readItem struct {
	archives []*sverka.Archive
	err      error
}

// readAhead reads and derives the items on every core, ahead of the one
// writer, and hands them over in order: each value received is where the
// next item will arrive. At most a few items per core are held at once.
func readAhead(ctx context.Context, items []importItem, cfg ImportConfig) <-chan chan readItem {
	slots := make(chan chan readItem, 2*runtime.NumCPU())
	go func() {
		defer close(slots)
		for _, it := range items {
			ch := make(chan readItem, 1)
			select {
			case slots <- ch:
			case <-ctx.Done():
				return
			}
			go func() { ch <- readOne(it, cfg) }()
		}
	}()
	return slots
}

// readOne reads and derives one item.
func readOne(it importItem, cfg ImportConfig) readItem {
	var archives []*sverka.Archive
	var err error
	switch it.kind {
	case "wca":
		var d *sverka.Document
		d, err = ingest.WCAFile(it.path, time.Time{})
		archives = append(archives, &sverka.Archive{Document: d})
	case "plain":
		var d *sverka.Document
		d, err = ingest.PlainFiles(it.path, it.en, cfg.ID, cfg.Title, time.Time{})
		archives = append(archives, &sverka.Archive{Document: d})
	case "json":
		archives, err = readJSON(it.path)
	}
	return readItem{archives, err}
}

// storeItem stores what was read of an item, noting its outcome.
func storeItem(ctx context.Context, db *store.DB, it importItem, r readItem, cfg ImportConfig, out *importOutcome) {
	if r.err != nil {
		out.failed = append(out.failed, r.err.Error())
		return
	}
	for _, a := range r.archives {
		name := a.Document.ID + " (" + it.name + ")"
		switch res, err := db.Import(ctx, a, cfg.Replace); {
		case err != nil:
			out.failed = append(out.failed, fmt.Sprintf("%s: %v", it.name, err))
		case res.Outcome == "skipped":
			out.skipped = append(out.skipped, name)
		case res.Replacement != nil:
			r := res.Replacement
			out.imported = append(out.imported, name)
			out.replaced = append(out.replaced, fmt.Sprintf("%s: %d annotations kept, %d moved with their words, %d orphaned (their words are gone)", name, r.Kept, r.Moved, r.Orphaned))
		default:
			out.imported = append(out.imported, name)
			out.newUsers = append(out.newUsers, a.NewUsers...)
		}
	}
}

// readJSON reads a Sverka JSON file through the exchange package.
func readJSON(path string) ([]*sverka.Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	archives, err := exchange.ReadJSON(io.LimitReader(f, 1<<30))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return archives, nil
}
