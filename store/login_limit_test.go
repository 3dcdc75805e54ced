package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"sverka/internal/pgtest"
)

// TestLoginLimit: two handles on one database stand for two servers.
func TestLoginLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sverka.db")
	if pgtest.On() {
		path = pgtest.URL(t)
	}
	testLoginLimit(t, openPath(t, path), openPath(t, path))
}

// openPath opens the database at path (a file or a postgres:// URL) for t.
func openPath(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// testLoginLimit counts failed sign-ins through a and b, two servers on
// one database: together they empty the bucket, both then refuse for as
// long as it takes to refill one, other keys are untouched, and the
// bucket fills up again with time.
func testLoginLimit(t *testing.T, a, b *DB) {
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	a.now, b.now = clock, clock
	vera := LoginBucket{Key: "account vera", Burst: 4, Refill: time.Minute}
	other := LoginBucket{Key: "account ivan", Burst: 4, Refill: time.Minute}
	for i, db := range []*DB{a, b, a, b} {
		if wait, err := db.LoginWait(ctx, vera); err != nil || wait != 0 {
			t.Fatalf("before failure %d: wait %v, %v; want 0", i+1, wait, err)
		}
		if err := db.LoginFailed(ctx, vera); err != nil {
			t.Fatal(err)
		}
	}
	for name, db := range map[string]*DB{"a": a, "b": b} {
		if wait, err := db.LoginWait(ctx, other, vera); err != nil || wait != time.Minute {
			t.Errorf("%s after 4 failures: wait %v, %v; want 1m", name, wait, err)
		}
		if wait, err := db.LoginWait(ctx, other); err != nil || wait != 0 {
			t.Errorf("%s, another account: wait %v, %v; want 0", name, wait, err)
		}
	}
	now = now.Add(45 * time.Second)
	if wait, _ := b.LoginWait(ctx, vera); wait != 15*time.Second {
		t.Errorf("45 s later: wait %v, want 15s", wait)
	}
	now = now.Add(15 * time.Second)
	if wait, _ := a.LoginWait(ctx, vera); wait != 0 {
		t.Errorf("a minute later: wait %v, want 0", wait)
	}
	if err := a.LoginFailed(ctx, vera); err != nil {
		t.Fatal(err)
	}
	if wait, _ := b.LoginWait(ctx, vera); wait != time.Minute {
		t.Errorf("one failure after one refill: wait %v, want 1m", wait)
	}
	now = now.Add(2 * loginForget)
	if err := a.LoginFailed(ctx, other); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := a.reader.QueryRowContext(ctx, `SELECT count(*) FROM login_failures WHERE key = ?`, vera.Key).Scan(&left); err != nil || left != 0 {
		t.Errorf("a bucket long full: %d rows (%v), want it forgotten", left, err)
	}
}
