package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"sverka/align"
	"sverka/ingest"
	"sverka/store"
)

var alignCommand = command{
	summary: "align two plain texts and print one link per line, Russian<TAB>English: sverka align RU.txt EN.txt (with the dictionary learnt by --db when it exists)",
	run:     runAlign,
}

// runAlign aligns a Russian and an English plain text exactly as the
// importer would (base texts derived, sentences split, aligned, with the
// dictionary the corpus of --db has learnt when that database exists) and
// prints the links with align.Format.
func runAlign(ctx context.Context, e env) error {
	if len(e.args) != 2 {
		return errors.New("usage: sverka align RU.txt EN.txt")
	}
	readDictionaries(e.log)
	if err := useLearned(ctx, e); err != nil {
		return err
	}
	d, err := ingest.PlainFiles(e.args[0], e.args[1], "align", "", time.Time{})
	if err != nil {
		return err
	}
	var sentences [2][]align.Sentence
	for i, t := range d.Texts {
		runes := []rune(t.Text)
		for _, s := range t.Segments {
			sentences[i] = append(sentences[i], align.Sentence{Text: string(runes[s.Start:s.End])})
		}
	}
	links := make([]align.Link, 0, len(d.Links))
	for _, l := range d.Links {
		links = append(links, align.Link{RU: l.Segments[d.Texts[0].Lang], EN: l.Segments[d.Texts[1].Lang], Confidence: l.Confidence})
	}
	if err := align.Format(e.stdout, sentences[0], sentences[1], links); err != nil {
		return fmt.Errorf("align: %w", err)
	}
	return nil
}

// readDictionaries reads the aligner's dictionaries now rather than at the first
// alignment, and warns when none is installed: alignments are then worse.
func readDictionaries(log *slog.Logger) {
	if _, err := align.Debian(); err != nil {
		log.Warn("the aligner has no dictionary", "err", err)
	}
}

// useLearned adds the dictionary the corpus has learnt from its confirmed links to the
// alignments of this process, when the database of --db exists: a PostgreSQL URL, or
// a SQLite file that is there (none is created).
func useLearned(ctx context.Context, e env) error {
	if !strings.Contains(e.cfg.DB, "://") {
		if _, err := os.Stat(e.cfg.DB); errors.Is(err, os.ErrNotExist) {
			e.log.Info("no database: aligning without the dictionary learnt from confirmed links", "db", e.cfg.DB)
			return nil
		}
	}
	db, err := store.Open(ctx, e.cfg.DB, store.WithImages(e.cfg.Images))
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := alignWithLearned(ctx, db)
	if err != nil {
		return err
	}
	e.log.Info("aligning with the dictionary learnt from confirmed links", "db", e.cfg.DB, "pairs", n)
	return nil
}

// alignWithLearned makes the alignments of this process use the dictionary the corpus
// of db has learnt from its confirmed links, and returns how many pairs it has.
func alignWithLearned(ctx context.Context, db *store.DB) (int, error) {
	pairs, err := db.LearnedPairs(ctx)
	if err != nil {
		return 0, err
	}
	ingest.UseLearned(pairs)
	return len(pairs), nil
}
