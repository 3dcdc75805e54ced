package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"

	"sverka/store"
)

const documentUsage = `usage: sverka document edit ID [--title T] [--date D] [--citation C] [--summary S] [--source-url URL] [--language TAG] [--public true|false]
       sverka document delete ID          (to the trash)
       sverka document restore ID         (out of the trash)
       sverka document purge ID --confirm ID   (from the trash, for good)`

var documentCommand = command{
	summary: "manage documents: edit ID [--title T …]; delete ID (to the trash); restore ID; purge ID --confirm ID",
	run:     runDocument,
}

// runDocument runs "sverka document …". Changes made here are recorded in
// the audit trail as by the system.
func runDocument(ctx context.Context, e env) error {
	if len(e.args) == 0 {
		return fmt.Errorf("%s", documentUsage)
	}
	verb := e.args[0]
	fs := flag.NewFlagSet("sverka document "+verb, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	values := map[string]*string{}
	switch verb {
	case "edit":
		for _, name := range []string{"title", "date", "citation", "summary", "source-url", "language", "public"} {
			values[name] = fs.String(name, "", "the new "+name)
		}
	case "purge":
		values["confirm"] = fs.String("confirm", "", "the document id again: a purge cannot be undone")
	case "delete", "restore":
	default:
		return fmt.Errorf("%s", documentUsage)
	}
	pos, err := parseInterspersed(fs, e.args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("sverka document %s: name one document\n%s", verb, documentUsage)
	}
	given := func(name string) (v *string) {
		fs.Visit(func(f *flag.Flag) {
			if f.Name == name {
				v = values[name]
			}
		})
		return v
	}
	var m store.DocumentMetadata
	if verb == "edit" {
		m = store.DocumentMetadata{Title: given("title"), Date: given("date"), Citation: given("citation"), Summary: given("summary"),
			SourceURL: given("source-url"), OriginalLanguage: given("language")}
		if p := given("public"); p != nil {
			public, err := strconv.ParseBool(*p)
			if err != nil {
				return fmt.Errorf("--public true or false, not %q", *p)
			}
			m.Public = &public
		}
	}
	db, err := store.Open(ctx, e.cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	id := pos[0]
	switch verb {
	case "edit":
		rev, err := db.UpdateDocumentMetadata(ctx, id, 0, m, 0)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "document %s is at revision %d\n", id, rev)
	case "delete":
		if err := db.TrashDocument(ctx, id, 0); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "document %s is in the trash (sverka document restore %s brings it back)\n", id, id)
	case "restore":
		if err := db.RestoreDocument(ctx, id, 0); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "document %s is out of the trash\n", id)
	case "purge":
		p, err := db.PurgeDocument(ctx, id, *values["confirm"], 0)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "document %s is purged; %d cross-reference(s) into it are now orphaned\n", id, len(p.Orphaned))
		for _, o := range p.Orphaned {
			fmt.Fprintf(e.stdout, "  annotation %d in document %s pointed at %q\n", o.AnnotationID, o.DocumentID, o.Exact)
		}
	}
	return nil
}
