package main

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"slices"
	"time"

	"sverka/store"
)

// CopyConfig holds the flags of sverka copy-db.
type CopyConfig struct {
	From, To string
}

var copyDBCommand = command{
	summary: "copy everything from one database into a new or freshly migrated one, then check the copy: sverka copy-db --from SOURCE --to TARGET",
	flags: func(fs *flag.FlagSet, cfg *Config) {
		fs.StringVar(&cfg.Copy.From, "from", "", "the database to copy: a SQLite file or a postgres:// URL")
		fs.StringVar(&cfg.Copy.To, "to", "", "the database to copy into (new, or holding only what the migrations put in): a SQLite file or a postgres:// URL")
	},
	run: runCopyDB,
}

// runCopyDB copies one database into another through the complete archive
// and says what it copied; it fails, saying what differs, when the
// target's archive is not the source's.
func runCopyDB(ctx context.Context, e env) error {
	if e.cfg.Copy.From == "" || e.cfg.Copy.To == "" || len(e.args) != 0 {
		return fmt.Errorf("usage: sverka copy-db --from SOURCE --to TARGET")
	}
	start := time.Now()
	copied, err := store.CopyDB(ctx, e.cfg.Copy.From, e.cfg.Copy.To)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range copied.Rows {
		total += n
	}
	fmt.Fprintf(e.stdout, "copied %d rows and %d page images in %v; the target's complete archive is the source's\n",
		total, copied.Images, time.Since(start).Round(time.Millisecond))
	for _, t := range slices.Sorted(maps.Keys(copied.Rows)) {
		fmt.Fprintf(e.stdout, "  %-22s %d\n", t, copied.Rows[t])
	}
	return nil
}
