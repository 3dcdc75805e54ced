package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"sverka/align"
	"sverka/ingest"
)

var alignCommand = command{
	summary: "align two plain texts and print one link per line, Russian<TAB>English: sverka align RU.txt EN.txt",
	run:     runAlign,
}

// runAlign aligns a Russian and an English plain text exactly as the
// importer would (base texts derived, sentences split, aligned) and prints
// the links with align.Format.
func runAlign(ctx context.Context, e env) error {
	if len(e.args) != 2 {
		return errors.New("usage: sverka align RU.txt EN.txt")
	}
	readDictionaries(e.log)
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
