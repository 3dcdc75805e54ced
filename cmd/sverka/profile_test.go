package main

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestServeProfiles: the profile listener answers Go's heap profile, and
// nothing else of the site.
func TestServeProfiles(t *testing.T) {
	addr, stop, err := serveProfiles("127.0.0.1:0", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	for path, want := range map[string]int{"/debug/pprof/heap?debug=1": http.StatusOK, "/": http.StatusNotFound, "/healthz": http.StatusNotFound} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: got %d, want %d", path, resp.StatusCode, want)
		}
		if want == http.StatusOK && !strings.Contains(string(b), "heap profile") {
			t.Errorf("GET %s: got %.100q, want a heap profile", path, b)
		}
	}
}
