package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"sverka/lexicon"
	"sverka/suggest"
)

var suggestCommand = command{
	summary: "flag probable OCR errors in a plain Russian text (blank lines separate paragraphs) and print paragraph<TAB>form<TAB>suggestion: sverka suggest FILE",
	run:     runSuggest,
}

// blankLines separate the paragraphs of a plain text.
var blankLines = regexp.MustCompile(`\n[ \t\r]*\n\s*`)

// runSuggest prints one line per flag: the paragraph's index from 0, the
// flagged form as the text has it (a line break inside it printed as a
// space), and the best suggested reading.
func runSuggest(ctx context.Context, e env) error {
	if len(e.args) != 1 {
		return errors.New("usage: sverka suggest FILE")
	}
	b, err := os.ReadFile(e.args[0])
	if err != nil {
		return fmt.Errorf("suggest: %w", err)
	}
	checker, err := newChecker(e)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(strings.ReplaceAll(string(b), "\r\n", "\n"))
	var units []suggest.Unit
	for _, p := range blankLines.Split(text, -1) {
		units = append(units, suggest.Unit{Text: p})
	}
	for i, flags := range checker.CheckAll(ctx, units) {
		for _, f := range flags {
			form := strings.ReplaceAll(f.Form, "\n", " ")
			if _, err := fmt.Fprintf(e.stdout, "%d\t%s\t%s\n", i, form, f.Readings[0].Text); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// newChecker loads the Russian lexicon; without one it warns and goes on
// with the word frequencies alone.
func newChecker(e env) (*suggest.Checker, error) {
	lex, err := lexicon.Open("ru_RU")
	if errors.Is(err, lexicon.ErrNoDictionary) {
		e.log.Warn("suggestions without a lexicon: only the word frequencies say what is a word", "err", err)
	} else if err != nil {
		return nil, err
	}
	return suggest.New(lex, suggest.DefaultCounts(), suggest.NewChannel()), nil
}
