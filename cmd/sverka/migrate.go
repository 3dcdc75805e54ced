package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"sverka/store"
)

var migrateCommand = command{
	summary: "migrate the database: up (latest), down (one version, after a backup) or version",
	flags: func(fs *flag.FlagSet, cfg *Config) {
		fs.BoolVar(&cfg.Yes, "yes", false, "migrate down without asking")
	},
	run: func(ctx context.Context, e env) error {
		if len(e.args) != 1 {
			return fmt.Errorf("usage: sverka migrate up|down|version [--yes]")
		}
		switch e.args[0] {
		case "up":
			if err := store.Migrate(e.cfg.DB, "up"); err != nil {
				return err
			}
		case "down":
			if err := migrateDown(ctx, e); err != nil {
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

// migrateDown undoes one migration once the user has typed its version
// number (or said --yes): a down migration drops tables, data included.
func migrateDown(ctx context.Context, e env) error {
	v, dirty, err := store.MigrationVersion(e.cfg.DB)
	if err != nil {
		return err
	}
	if dirty {
		return fmt.Errorf("migrate down: migration %d failed half-way; restore a backup (sverka restore FILE)", v)
	}
	if v == 0 {
		return fmt.Errorf("migrate down: the database is empty; there is nothing to undo")
	}
	if !e.cfg.Yes {
		fmt.Fprintf(e.stdout, "This undoes migration %d (%s) of %s, down to version %d: what it made is dropped, data included.\n"+
			"A backup is written first. Type %d to go on: ", v, store.MigrationName(v), e.cfg.DB, v-1, v)
		line, _ := bufio.NewReader(e.stdin).ReadString('\n')
		if strings.TrimSpace(line) != strconv.FormatUint(uint64(v), 10) {
			fmt.Fprintln(e.stdout)
			return fmt.Errorf("migrate down: not confirmed; nothing changed")
		}
	}
	backup, err := store.MigrateDown(ctx, e.cfg.DB, v)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup of version %d: %s\n", v, backup)
	return nil
}
