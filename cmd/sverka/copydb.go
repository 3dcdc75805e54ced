package main

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"slices"
	"time"

	"sverka/store"
	"sverka/transfer"
)

// CopyConfig holds the flags of sverka copy-db.
type CopyConfig struct {
	From, To string
	// FromImages and ToImages are the folders of their page images
	// (default: as --images would be for each).
	FromImages, ToImages string
}

var copyDBCommand = command{
	summary: "copy everything from one database into a new or freshly migrated one, then check the copy: sverka copy-db --from SOURCE --to TARGET",
	flags: func(fs *flag.FlagSet, cfg *Config) {
		fs.StringVar(&cfg.Copy.From, "from", "", "the database to copy: a SQLite file or a postgres:// URL")
		fs.StringVar(&cfg.Copy.To, "to", "", "the database to copy into (new, or holding only what the migrations put in): a SQLite file or a postgres:// URL")
		fs.StringVar(&cfg.Copy.FromImages, "from-images", "", "the source's folder of page images (default: beside a SQLite file, sverka.images for PostgreSQL)")
		fs.StringVar(&cfg.Copy.ToImages, "to-images", "", "the target's folder of page images (default: beside a SQLite file, sverka.images for PostgreSQL)")
	},
	run: runCopyDB,
}

// runCopyDB copies one database into another through the complete archive
// and says what it copied; it fails, saying what differs, when the
// target's archive is not the source's, when a page image is missing, or
// when a document's Sverka JSON is not byte for byte the source's.
func runCopyDB(ctx context.Context, e env) error {
	if e.cfg.Copy.From == "" || e.cfg.Copy.To == "" || len(e.args) != 0 {
		return fmt.Errorf("usage: sverka copy-db --from SOURCE --to TARGET")
	}
	start := time.Now()
	from := store.CopySide{DB: e.cfg.Copy.From, Images: e.cfg.Copy.FromImages}
	to := store.CopySide{DB: e.cfg.Copy.To, Images: e.cfg.Copy.ToImages}
	copied, err := store.CopyDB(ctx, from, to)
	if err != nil {
		return err
	}
	compared, err := compareJSON(ctx, from, to)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range copied.Rows {
		total += n
	}
	fmt.Fprintf(e.stdout, "copied %d rows and %d page images in %v; the target's complete archive is the source's, and so is "+
		"the Sverka JSON of its %d documents, byte for byte (%d exports, %d bytes)\n",
		total, copied.Images, time.Since(start).Round(time.Millisecond), compared.Documents, compared.Exports, compared.Bytes)
	for _, t := range slices.Sorted(maps.Keys(copied.Rows)) {
		fmt.Fprintf(e.stdout, "  %-22s %d\n", t, copied.Rows[t])
	}
	return nil
}

// compareJSON opens both sides of a copy and compares their documents'
// Sverka JSON (transfer.SameJSON).
func compareJSON(ctx context.Context, from, to store.CopySide) (transfer.Compared, error) {
	a, err := from.Open(ctx)
	if err != nil {
		return transfer.Compared{}, err
	}
	defer a.Close()
	b, err := to.Open(ctx)
	if err != nil {
		return transfer.Compared{}, err
	}
	defer b.Close()
	return transfer.SameJSON(ctx, a, b)
}
