package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"sverka"
	"sverka/store"
)

// TestDocumentEditAPI changes a document's metadata through
// "PATCH /api/documents/:id": only with the current ETag, only for
// editors, fields not given stay, and the change is in the audit trail.
func TestDocumentEditAPI(t *testing.T) {
	srv, db := newTestServer(t)
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	annotator := tokenFor(t, db, "anna", sverka.RoleAnnotator)
	ctx := context.Background()
	before, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	etag := do(t, srv, http.MethodGet, "/api/documents/117313", "").Header().Get("ETag")
	body := `{"title":"Filippov to Mao, 5 October 1950","summary":"Stalin on sending Chinese divisions."}`
	tests := []struct {
		name, auth, ifMatch, body string
		want                      int
	}{
		{"no If-Match", editor, "", body, http.StatusPreconditionRequired},
		{"an annotator", annotator, etag, body, http.StatusForbidden},
		{"another document's ETag", editor, `"other-1"`, body, http.StatusPreconditionFailed},
		{"an empty title", editor, etag, `{"title":"  "}`, http.StatusBadRequest},
		{"not JSON", editor, etag, `title=x`, http.StatusBadRequest},
		{"the current ETag", editor, etag, body, http.StatusOK},
		{"the same ETag again", editor, etag, body, http.StatusPreconditionFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := []string{"Content-Type", "application/json", "Authorization", tc.auth}
			if tc.ifMatch != "" {
				h = append(h, "If-Match", tc.ifMatch)
			}
			rec := do(t, srv, http.MethodPatch, "/api/documents/117313", tc.body, h...)
			if rec.Code != tc.want {
				t.Errorf("got %d (%s), want %d", rec.Code, rec.Body, tc.want)
			}
		})
	}
	after, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	if after.Title != "Filippov to Mao, 5 October 1950" || after.Summary != "Stalin on sending Chinese divisions." ||
		after.Citation != before.Citation || after.Date != before.Date || after.Revision != before.Revision+1 {
		t.Errorf("got %q %q %q %q rev %d, want the new title and summary, the old citation %q and date %q, revision %d",
			after.Title, after.Summary, after.Citation, after.Date, after.Revision, before.Citation, before.Date, before.Revision+1)
	}
	changes, err := db.FindChanges(ctx, store.ChangeFilter{DocumentID: "117313", Entity: "document", ViewerID: 1})
	if err != nil || len(changes) != 1 {
		t.Fatalf("got %d changes (%v), want the one edit", len(changes), err)
	}
	var was map[string]string
	if b, _ := json.Marshal(changes[0].Before); json.Unmarshal(b, &was) != nil || was["title"] != before.Title {
		t.Errorf("got before %v, want the old title %q", changes[0].Before, before.Title)
	}
}

// TestReplaceAfterEditShowsNewText: a document edited (its revision moved
// on) and then replaced answers with the new text and a new ETag, not
// with what the document cache kept of an earlier revision of the same
// number (a replace started its revision again from 1).
func TestReplaceAfterEditShowsNewText(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	if err := db.CreateDocument(ctx, reportPair(t, "Отчёт о зерне.")); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	get := func() string {
		rec := do(t, srv, http.MethodGet, "/api/documents/report", "")
		seen[rec.Header().Get("ETag")] = true
		return rec.Body.String()
	}
	get()
	for _, title := range []string{"Report on grain", "Report on grain, 1950"} {
		if _, err := db.UpdateDocumentMetadata(ctx, "report", 0, store.DocumentMetadata{Title: &title}, 0); err != nil {
			t.Fatal(err)
		}
		get()
	}
	next := reportPair(t, "Новый отчёт о зерне.")
	next.Title = next.ID // what a pair imported without a title gets: the title edited stays
	if _, err := db.ReplaceDocument(ctx, next, 0); err != nil {
		t.Fatal(err)
	}
	etags := len(seen)
	if body := get(); !strings.Contains(body, "Новый отчёт о зерне.") || !strings.Contains(body, "Report on grain, 1950") || len(seen) != etags+1 {
		t.Errorf("after the replace: got %s (ETags %v), want the new text, the title kept and a new ETag", body, seen)
	}
}
