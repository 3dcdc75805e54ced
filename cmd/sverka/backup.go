package main

import (
	"context"
	"fmt"
	"time"

	"sverka/store"
)

var backupCommand = command{
	summary: "write a consistent copy of the database to FILE, while the server runs: sverka backup FILE",
	run: func(ctx context.Context, e env) error {
		if len(e.args) != 1 {
			return fmt.Errorf("usage: sverka backup FILE")
		}
		start := time.Now()
		if err := store.Backup(ctx, e.cfg.DB, e.args[0]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "backed up %s to %s in %v\n", e.cfg.DB, e.args[0], time.Since(start).Round(time.Millisecond))
		return nil
	},
}

var restoreCommand = command{
	summary: "replace the database with a backup, keeping the old one beside it (the server must be stopped): sverka restore FILE",
	run: func(ctx context.Context, e env) error {
		if len(e.args) != 1 {
			return fmt.Errorf("usage: sverka restore FILE")
		}
		aside, err := store.Restore(ctx, e.args[0], e.cfg.DB)
		if aside != "" {
			fmt.Fprintf(e.stdout, "the database it replaced is kept as %s\n", aside)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "restored %s from %s\n", e.cfg.DB, e.args[0])
		return nil
	},
}
