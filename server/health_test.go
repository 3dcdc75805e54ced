package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestHealthAndReadiness(t *testing.T) {
	srv, db := newTestServer(t)
	get := func(path string) (int, readiness) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		var r readiness
		if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
			t.Fatalf("GET %s: got %q: %v", path, rec.Body, err)
		}
		return rec.Code, r
	}
	if code, _ := get("/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz: got %d, want 200", code)
	}
	docs, err := db.FindDocuments(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Whenever the index is brought up to date (at a search, or in the
	// background), /readyz turns ready and counts every document.
	deadline := time.Now().Add(10 * time.Second)
	for {
		srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/search?q=war", nil))
		code, r := get("/readyz")
		if r.Documents != len(docs) {
			t.Fatalf("got %d documents, want %d", r.Documents, len(docs))
		}
		if code == http.StatusOK && r.Status == "ready" && r.Indexed == r.Documents {
			break
		}
		if code != http.StatusServiceUnavailable || r.Status != "indexing" || r.Indexed >= r.Documents {
			t.Fatalf("got %d %+v, want 503 while indexing", code, r)
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %+v after 10 s", r)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
