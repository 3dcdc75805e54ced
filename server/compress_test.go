package server

import (
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestResponsesAreCompressed checks that pages and API answers are gzipped
// for clients that ask, read the same once unzipped, and that zip exports
// and clients that do not ask get them as they are.
func TestResponsesAreCompressed(t *testing.T) {
	srv, _ := newTestServer(t)
	get := func(path, accept string) *httptest.ResponseRecorder { return getEncoded(t, srv, path, accept) }
	// Pages carry a nonce of their own each time; the API answer is the same.
	for _, path := range []string{"/documents/117313", "/api/documents/117313"} {
		t.Run(path, func(t *testing.T) {
			plain := get(path, "")
			if enc := plain.Header().Get("Content-Encoding"); enc != "" {
				t.Fatalf("got Content-Encoding %q without Accept-Encoding, want none", enc)
			}
			zipped := get(path, "gzip, deflate, br")
			if enc := zipped.Header().Get("Content-Encoding"); enc != "gzip" {
				t.Fatalf("got Content-Encoding %q, want gzip", enc)
			}
			if !strings.Contains(zipped.Header().Get("Vary"), "Accept-Encoding") {
				t.Errorf("got Vary %q, want Accept-Encoding", zipped.Header().Get("Vary"))
			}
			if zipped.Body.Len() >= plain.Body.Len()/2 {
				t.Errorf("got %d bytes gzipped for %d plain, want less than half", zipped.Body.Len(), plain.Body.Len())
			}
			zr, err := gzip.NewReader(zipped.Body)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) != plain.Body.Len() || path == "/api/documents/117313" && string(b) != plain.Body.String() {
				t.Errorf("unzipped, the answer differs from the plain one (%d vs %d bytes)", len(b), plain.Body.Len())
			}
		})
	}
	zip := get("/api/documents/117313/export?format=txt", "gzip")
	if enc := zip.Header().Get("Content-Encoding"); enc != "" {
		t.Errorf("a zip export got Content-Encoding %q, want none", enc)
	}
}
