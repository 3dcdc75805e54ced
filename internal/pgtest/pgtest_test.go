package pgtest

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestURL gets two databases: each is empty, named apart, writable, and
// gone once its test has ended.
func TestURL(t *testing.T) {
	URL(t) // skips (or fails under CI=true) without a server, before the subtests do
	ctx := context.Background()
	var names []string
	for i := range 2 {
		t.Run("database", func(t *testing.T) {
			u := URL(t)
			conn, err := pgx.Connect(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			var name string
			var tables int
			if err := conn.QueryRow(ctx, `SELECT current_database(), (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')`).Scan(&name, &tables); err != nil {
				t.Fatal(err)
			}
			if tables != 0 {
				t.Errorf("database %d has %d tables, want none", i, tables)
			}
			if _, err := conn.Exec(ctx, `CREATE TABLE t (x int)`); err != nil {
				t.Fatal(err)
			}
			names = append(names, name)
		})
	}
	if len(names) != 2 || names[0] == names[1] || !strings.HasPrefix(names[0], "sverka_test_") {
		t.Fatalf("databases %q, want two sverka_test_ names apart", names)
	}
	conn, err := pgx.Connect(ctx, os.Getenv(Env))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var left int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_database WHERE datname = ANY($1)`, names).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("%d of the test databases are still there after their tests", left)
	}
}

// TestURLKeepsServer checks that the URL names the same server and role as
// SVERKA_TEST_POSTGRES, only another database.
func TestURLKeepsServer(t *testing.T) {
	u, err := url.Parse(URL(t))
	if err != nil {
		t.Fatal(err)
	}
	admin, _ := url.Parse(os.Getenv(Env))
	if u.Host != admin.Host || u.User.String() != admin.User.String() || u.RawQuery != admin.RawQuery {
		t.Errorf("got %s, want the server of %s", u.Redacted(), admin.Redacted())
	}
}
