package server

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"sverka"
)

// TestBodyLimitPerRoute checks that the large body limit belongs to the
// import route, not to the editors: an editor's annotation with a 2 MiB
// @context is refused before it is read, while an import of that size is
// read, and a body past the import limit is refused too.
func TestBodyLimitPerRoute(t *testing.T) {
	srv, db := newTestServer(t)
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	huge := `{"@context": ["http://www.w3.org/ns/anno.jsonld", "` + strings.Repeat("x", 2<<20) + `"], "type": "Annotation"}`
	for _, chunked := range []bool{false, true} {
		req := httptest.NewRequest(http.MethodPost, "/api/documents/117313/annotations/", strings.NewReader(huge))
		if chunked {
			req.ContentLength = -1 // the size is not announced: the read stops at the limit
		}
		for i, h := 0, vera.withBearer("Content-Type", "application/ld+json"); i+1 < len(h); i += 2 {
			req.Header.Set(h[i], h[i+1])
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("an editor's 2 MiB annotation (size announced: %v): got %d, want 413", !chunked, rec.Code)
		}
	}

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("files", "big.txt")
	fw.Write([]byte(strings.Repeat("не текст письма ", 2<<20/16)))
	w.Close()
	rec := do(t, srv, http.MethodPost, "/import", body.String(), vera.withBearer("Content-Type", w.FormDataContentType())...)
	if rec.Code == http.StatusRequestEntityTooLarge || rec.Code >= 500 {
		t.Errorf("a 2 MiB import: got %d, want it read", rec.Code)
	}
	req := httptest.NewRequest(http.MethodPost, "/import", strings.NewReader("x"))
	req.ContentLength = 64<<20 + 1
	for i, h := 0, vera.withBearer("Content-Type", w.FormDataContentType()); i+1 < len(h); i += 2 {
		req.Header.Set(h[i], h[i+1])
	}
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("an import past the limit: got %d, want 413", rec.Code)
	}
}
