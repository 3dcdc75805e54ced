package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sverka/store"
)

// TestServeAndShutDown runs "sverka serve" as a user would (settings from the
// environment), waits for /healthz, then ends it like SIGTERM does.
func TestServeAndShutDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dbPath := filepath.Join(t.TempDir(), "sverka.db")
	env := map[string]string{"SVERKA_ADDR": addr, "SVERKA_DB": dbPath}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, nil, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, io.Discard)
	}()
	var body string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/api/documents/117313")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = string(b)
			break
		}
	}
	if !strings.Contains(body, "Баш ответ получил.") {
		t.Fatalf("got %.200q, want the letter", body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not shut down")
	}
	if _, err := os.Stat(dbPath); err != nil {
		t.Fatalf("database file: %v", err)
	}
}

func TestMigrateCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sverka.db")
	ctx := context.Background()
	migrate := func(stdin string, args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append([]string{"migrate", "--db", db}, args...), func(string) string { return "" }, strings.NewReader(stdin), &out, io.Discard)
		return out.String(), err
	}
	if _, err := migrate("", "up"); err != nil {
		t.Fatal(err)
	}
	latest, _, err := store.MigrationVersion(db)
	if err != nil || latest < 2 {
		t.Fatalf("got version %d, %v after up", latest, err)
	}
	// Down asks first, and a wrong answer changes nothing.
	out, err := migrate("yes\n", "down")
	if err == nil || !strings.Contains(out, fmt.Sprintf("Type %d to go on", latest)) {
		t.Fatalf("down answered \"yes\": got %q, %v; want the question and a refusal", out, err)
	}
	if v, _, _ := store.MigrationVersion(db); v != latest {
		t.Fatalf("got version %d after a refused down, want %d", v, latest)
	}
	// While a server (any process) has the database open, down is refused.
	open, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrate("", "down", "--yes"); !errors.Is(err, store.ErrInUse) {
		t.Errorf("down under a running server: got %v, want ErrInUse", err)
	}
	open.Close()
	// Confirmed, it goes down one migration only, with a backup first.
	previous := func(v uint) uint {
		for v--; v > 0 && store.MigrationName(v) == ""; v-- {
		}
		return v
	}
	out, err = migrate(fmt.Sprintf("%d\n", latest), "down")
	if err != nil {
		t.Fatal(err)
	}
	if want := previous(latest); !strings.HasSuffix(out, fmt.Sprintf("version %d\n", want)) || !strings.Contains(out, "backup of version") {
		t.Errorf("got %q, want a backup and version %d", out, want)
	}
	backups, _ := filepath.Glob(db + ".before-down-*")
	if len(backups) != 1 {
		t.Fatalf("got backups %v, want one", backups)
	}
	if v, _, err := store.MigrationVersion(backups[0]); err != nil || v != latest {
		t.Errorf("the backup is at version %d (%v), want %d", v, err, latest)
	}
	if want := previous(previous(latest)); want > 0 {
		if out, err := migrate("", "down", "--yes"); err != nil || !strings.HasSuffix(out, fmt.Sprintf("version %d\n", want)) {
			t.Errorf("down --yes: got %q, %v; want version %d", out, err, want)
		}
	}
	for _, args := range [][]string{{"migrate", "--db", db, "sideways"}, {"nonsense"}, {"serve", "extra"}} {
		if err := run(ctx, args, func(string) string { return "" }, nil, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: got no error", args)
		}
	}
}

func TestFlagsAnywhere(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.String("db", "", "")
	fs.String("log-level", "", "")
	fs.Bool("replace", false, "")
	tests := []struct{ in, want []string }{
		{[]string{"add", "ed", "--role", "editor", "--db", "x.db"}, []string{"--db", "x.db", "add", "ed", "--role", "editor"}},
		{[]string{"--db=x.db", "list"}, []string{"--db=x.db", "list"}},
		{[]string{"list", "-log-level", "debug"}, []string{"-log-level", "debug", "list"}},
		{[]string{"a.json", "--replace", "b.json"}, []string{"--replace", "a.json", "b.json"}},
		{[]string{"add", "--", "--db"}, []string{"add", "--", "--db"}},
	}
	for _, tc := range tests {
		if got := flagsFirst(fs, tc.in); strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("flagsFirst(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseCIDRs(t *testing.T) {
	got, err := parseCIDRs(" 10.0.0.0/8, 192.0.2.7 ,::1")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "::1/128"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("got %v, want %v", got[i], want[i])
		}
	}
	for _, bad := range []string{"proxy.example", "10.0.0.0/99"} {
		if _, err := parseCIDRs(bad); err == nil {
			t.Errorf("parseCIDRs(%q): got no error", bad)
		}
	}
}
