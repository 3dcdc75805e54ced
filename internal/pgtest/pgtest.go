// Package pgtest hands tests a fresh, empty PostgreSQL database on the
// server that SVERKA_TEST_POSTGRES names (a postgres:// URL of a role that
// may create databases; .ci/run starts a throwaway server and sets it).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the environment variable that names the test server.
const Env = "SVERKA_TEST_POSTGRES"

// URL creates an empty database with a random name for t and returns its
// postgres:// URL; the database is dropped when t ends, with any
// connections still open to it. Without SVERKA_TEST_POSTGRES the test is
// skipped, or fails under CI=true.
func URL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(Env)
	if admin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(Env + " is not set; .ci/run must start PostgreSQL")
		}
		t.Skip(Env + " is not set (a postgres:// URL that may create databases; .ci/run starts one); skipping")
	}
	u, err := url.Parse(admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("%s=%q is not a postgres:// URL (%v)", Env, admin, err)
	}
	name := "sverka_test_" + randomHex(t)
	exec(t, admin, `CREATE DATABASE "`+name+`"`)
	t.Cleanup(func() { exec(t, admin, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`) })
	u.Path = "/" + name
	return u.String()
}

// exec runs one statement on a connection of its own to the admin URL.
func exec(t testing.TB, admin, statement string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to %s: %v", Env, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, statement); err != nil {
		t.Fatalf("%s: %v", statement, err)
	}
}

func randomHex(t testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
