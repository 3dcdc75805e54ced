package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"sverka/internal/pgtest"
)

// TestMigrationWaitsForAnotherServer: a server that starts while another
// holds the migration lock of their PostgreSQL database waits for it, as
// long as WithMigrationWait says (golang-migrate's own wait is 15 s, too
// short for a long migration), and gives up, with ErrMigrationWait, after.
func TestMigrationWaitsForAnotherServer(t *testing.T) {
	pgtest.SkipOn(t) // it makes its own PostgreSQL database
	ctx := context.Background()
	url := pgtest.URL(t)
	release, err := postgresEngine{}.holdMigrations(url, time.Second) // the server migrating
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if db, err := Open(ctx, url, WithMigrationWait(time.Second)); !errors.Is(err, ErrMigrationWait) {
		if db != nil {
			db.Close()
		}
		t.Fatalf("open while the lock is held, waiting 1 s: got %v, want ErrMigrationWait", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("gave up after %v; want about the 1 s asked for", waited)
	}
	const holdFor = 3 * time.Second
	done := time.AfterFunc(holdFor, release)
	defer done.Stop()
	start = time.Now()
	db, err := Open(ctx, url, WithMigrationWait(time.Minute))
	if err != nil {
		t.Fatalf("open waiting up to a minute for a lock held %v: %v", holdFor, err)
	}
	defer db.Close()
	if waited := time.Since(start); waited < holdFor {
		t.Errorf("opened after %v, while the lock was held for %v", waited, holdFor)
	}
	var n int
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&n); err != nil || n == 0 {
		t.Errorf("the migrated database holds %d documents, %v; want the seed", n, err)
	}
}
