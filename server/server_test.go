package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"sverka/internal/storetest"
	"sverka/store"
)

// newTestServer opens a real migrated SQLite file in a temporary folder (the
// seed letter included) and builds the real server on it.
func newTestServer(t testing.TB) (*Server, *store.DB) {
	t.Helper()
	db := storetest.Open(t)
	srv, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	return srv, db
}

// startTestServer serves a test server on a free loopback port.
func startTestServer(t testing.TB) (string, *Server, *store.DB) {
	t.Helper()
	srv, db := newTestServer(t)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs.URL, srv, db
}

// do sends one request through the real echo instance.
func do(t testing.TB, srv *Server, method, target, body string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

func TestErrors(t *testing.T) {
	srv, _ := newTestServer(t)
	tests := []struct {
		name, target string
		status       int
		json         bool
	}{
		{"unknown document page", "/documents/999999", http.StatusNotFound, false},
		{"unknown document api", "/api/documents/999999", http.StatusNotFound, true},
		{"malformed id api", "/api/documents/..%2F..", http.StatusBadRequest, true},
		{"unknown route", "/nowhere", http.StatusNotFound, false},
		{"unknown api route", "/api/nowhere", http.StatusNotFound, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tc.target, "")
			if rec.Code != tc.status {
				t.Fatalf("got %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			ct := rec.Header().Get("Content-Type")
			if tc.json && !strings.HasPrefix(ct, "application/json") || !tc.json && !strings.HasPrefix(ct, "text/html") {
				t.Fatalf("content type %q for %s", ct, tc.target)
			}
			if tc.json && !strings.Contains(rec.Body.String(), `"error"`) {
				t.Fatalf("got %s, want a JSON error", rec.Body)
			}
		})
	}
}
