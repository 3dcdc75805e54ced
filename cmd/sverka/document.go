package main

import (
	"context"
	"flag"
	"fmt"

	"sverka/store"
)

var documentCommand = command{
	summary: "manage documents: edit ID [--title T] [--date D] [--citation C] [--summary S] [--source-url URL]",
	run:     runDocument,
}

// runDocument runs "sverka document …". Changes made here are recorded in
// the audit trail as by the system.
func runDocument(ctx context.Context, e env) error {
	if len(e.args) == 0 || e.args[0] != "edit" {
		return fmt.Errorf("usage: sverka document edit ID [--title T] [--date D] [--citation C] [--summary S] [--source-url URL]")
	}
	fs := flag.NewFlagSet("sverka document edit", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	values := map[string]*string{}
	for _, name := range []string{"title", "date", "citation", "summary", "source-url"} {
		values[name] = fs.String(name, "", "the new "+name)
	}
	pos, err := parseInterspersed(fs, e.args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("usage: sverka document edit ID [--title T] …: name one document")
	}
	given := func(name string) (v *string) {
		fs.Visit(func(f *flag.Flag) {
			if f.Name == name {
				v = values[name]
			}
		})
		return v
	}
	m := store.DocumentMetadata{Title: given("title"), Date: given("date"), Citation: given("citation"), Summary: given("summary"), SourceURL: given("source-url")}
	db, err := store.Open(ctx, e.cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	rev, err := db.UpdateDocumentMetadata(ctx, pos[0], 0, m, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "document %s is at revision %d\n", pos[0], rev)
	return nil
}
