package main

import (
	"context"
	"fmt"

	"sverka/store"
)

var migrateCommand = command{
	summary: "migrate the database: up (latest), down (empty) or version",
	run: func(ctx context.Context, e env) error {
		if len(e.args) != 1 {
			return fmt.Errorf("usage: sverka migrate up|down|version")
		}
		switch e.args[0] {
		case "up", "down":
			if err := store.Migrate(e.cfg.DB, e.args[0]); err != nil {
				return err
			}
		case "version":
		default:
			return fmt.Errorf("migrate: unknown direction %q (want up, down or version)", e.args[0])
		}
		v, dirty, err := store.MigrationVersion(e.cfg.DB)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "version %d", v)
		if dirty {
			fmt.Fprint(e.stdout, " (dirty: a migration failed half-way)")
		}
		fmt.Fprintln(e.stdout)
		return nil
	},
}
