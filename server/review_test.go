package server

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"sverka"
)

// TestReviewNeedsIfMatch proposes corrections and has two editors decide
// them: a review must name the version it decides (428 without), two
// editors accepting and rejecting the same version at once cannot both
// win, and "If-Match: *" means whatever version is current.
func TestReviewNeedsIfMatch(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	oleg := signedIn(t, db, "oleg", sverka.RoleEditor)
	s, e := phrase(t, d, "ru", 3, "Баш")
	propose := func(reading string) (path, etag string) {
		rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", correctionBody(d.ID, s, e, "Баш", reading), anna.withBearer()...)
		if rec.Code != http.StatusCreated {
			t.Fatalf("propose: got %d %s", rec.Code, rec.Body)
		}
		return strings.TrimPrefix(rec.Header().Get("Location"), testBase), rec.Header().Get("ETag")
	}
	path, etag := propose("Ваш")
	if rec := do(t, srv, http.MethodPost, path+"/review", `{"status":"accepted"}`, vera.withBearer()...); rec.Code != http.StatusPreconditionRequired {
		t.Fatalf("review without If-Match: got %d, want 428", rec.Code)
	}
	for round := range 5 {
		codes := make([]int, 2)
		var wg sync.WaitGroup
		for i, who := range []principal{vera, oleg} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status := []string{`{"status":"accepted"}`, `{"status":"rejected"}`}[i]
				codes[i] = do(t, srv, http.MethodPost, path+"/review", status, who.withBearer("If-Match", etag)...).Code
			}()
		}
		wg.Wait()
		ok, stale := 0, 0
		for _, c := range codes {
			switch c {
			case http.StatusOK:
				ok++
			case http.StatusPreconditionFailed:
				stale++
			}
		}
		if ok != 1 || stale != 1 {
			t.Fatalf("round %d: accepting and rejecting version %s at once got %v, want one 200 and one 412", round, etag, codes)
		}
		rec := do(t, srv, http.MethodPost, path+"/review", `{"status":"proposed"}`, vera.withBearer("If-Match", "*")...)
		if rec.Code != http.StatusOK {
			t.Fatalf("reopen with If-Match: *: got %d %s, want 200", rec.Code, rec.Body)
		}
		etag = rec.Header().Get("ETag")
	}
	// If-Match: * works for the other changes too.
	note := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", "a note"), anna.withBearer()...)
	notePath := strings.TrimPrefix(note.Header().Get("Location"), testBase)
	if rec := do(t, srv, http.MethodDelete, notePath, "", anna.withBearer("If-Match", "*")...); rec.Code != http.StatusNoContent {
		t.Errorf("delete with If-Match: *: got %d %s, want 204", rec.Code, rec.Body)
	}
}
