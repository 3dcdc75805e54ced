package server

import (
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

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
	t.Cleanup(srv.Shutdown)
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

// TestClientAddress: X-Forwarded-For names the client only when the peer is
// a trusted proxy; otherwise anyone could dodge the sign-in rate limit.
func TestClientAddress(t *testing.T) {
	db := storetest.Open(t)
	_, proxies, _ := net.ParseCIDR("10.1.0.0/16")
	tests := []struct {
		name    string
		trusted []*net.IPNet
		peer    string
		want    string
	}{
		{"no proxy configured", nil, "10.1.2.3:5000", "10.1.2.3"},
		{"trusted proxy", []*net.IPNet{proxies}, "10.1.2.3:5000", "203.0.113.9"},
		{"untrusted peer", []*net.IPNet{proxies}, "198.51.100.4:5000", "198.51.100.4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{TrustedProxies: tc.trusted})
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = tc.peer
			req.Header.Set("X-Forwarded-For", "203.0.113.9")
			if got := srv.echo.IPExtractor(req); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// TestPanicIsLoggedAndAnswered: a handler that panics gets the client a 500
// in the usual form and the log a structured error with the stack.
func TestPanicIsLoggedAndAnswered(t *testing.T) {
	db := storetest.Open(t)
	var logs bytes.Buffer
	srv, err := New(db, slog.New(slog.NewJSONHandler(&logs, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv.echo.GET("/api/boom", func(c echo.Context) error { panic("boom") })
	access["GET /api/boom"] = anyone
	t.Cleanup(func() { delete(access, "GET /api/boom") })
	rec := do(t, srv, http.MethodGet, "/api/boom", "")
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("got %d %s, want 500 with a JSON error", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), `"msg":"handler panicked"`) || !strings.Contains(logs.String(), "boom") {
		t.Errorf("got log %s, want the panic logged", logs.String())
	}
}
