package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	var out bytes.Buffer
	for _, args := range [][]string{{"migrate", "--db", db, "up"}, {"migrate", "--db", db, "down"}, {"migrate", "--db", db, "version"}} {
		out.Reset()
		if err := run(context.Background(), args, func(string) string { return "" }, nil, &out, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	if got := strings.TrimSpace(out.String()); got != "version 0" {
		t.Errorf("got %q after down, want %q", got, "version 0")
	}
	for _, args := range [][]string{{"migrate", "--db", db, "sideways"}, {"nonsense"}, {"serve", "extra"}} {
		if err := run(context.Background(), args, func(string) string { return "" }, nil, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: got no error", args)
		}
	}
}

// TestComposeFile asks Debian's docker-compose to parse docker-compose.yml;
// no Docker engine runs here, so that parse is the test.
func TestComposeFile(t *testing.T) {
	exe, err := exec.LookPath("docker-compose")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("docker-compose is not installed; .ci/run must install it")
		}
		t.Skip("docker-compose is not installed (apt-get install docker-compose); skipping")
	}
	cmd := exec.Command(exe, "-f", "../../docker-compose.yml", "config", "-q")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
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
