package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"sverka"
	"sverka/anno"
)

// staleAnswer is the one shape of a refused stale change (conflict.go).
type staleAnswer struct {
	Error   string         `json:"error"`
	Current map[string]any `json:"current"`
}

// TestOneConflictAnswer checks that every versioned resource answers a
// change made against a version that is no longer current the same way:
// 412, the current ETag (the one a GET gives), and {"error", "current"}
// with the resource as it is now; and that a clash with the state that no
// version resolves (the last admin) is 409 with {"error"} alone.
func TestOneConflictAnswer(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	admin := signedIn(t, db, "admin", sverka.RoleAdmin)
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	js := func(p principal, h ...string) []string {
		return p.withBearer(append([]string{"Content-Type", "application/json"}, h...)...)
	}
	ld := func(h ...string) []string {
		return vera.withBearer(append([]string{"Content-Type", anno.MediaType}, h...)...)
	}
	s, e := phrase(t, d, "ru", 3, "Баш")
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", "first"), ld()...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create a note: got %d %s", rec.Code, rec.Body)
	}
	note, noteTag := rec.Header().Get("Location"), rec.Header().Get("ETag")
	docTag := func() string { return do(t, srv, http.MethodGet, "/api/documents/117313", "").Header().Get("ETag") }
	uid := strconv.FormatInt(vera.user.ID, 10)

	// Each resource is changed once from its first version, then again from
	// that same version: the second change is stale.
	tests := []struct {
		name, method, target string
		// change is the body and headers of the change, made from the
		// version current before the first of the two
		change func() (string, []string)
		// field of "current" that says which version it is, and its
		// ETag and version after the first change
		field string
		now   func() (etag string, version float64)
	}{
		{"annotation", http.MethodPut, note,
			func() (string, []string) {
				return noteBody(d.ID, "ru", s, e, "Баш", "second"), ld("If-Match", noteTag)
			},
			"version", func() (string, float64) {
				return do(t, srv, http.MethodGet, note, "", vera.withBearer()...).Header().Get("ETag"), 2
			}},
		{"document", http.MethodPatch, "/api/documents/117313",
			func() (string, []string) { return `{"summary":"changed"}`, js(vera, "If-Match", docTag()) },
			"revision", func() (string, float64) { return docTag(), float64(revisionOf(t, srv)) }},
		{"alignment", http.MethodPost, "/api/documents/117313/alignment",
			func() (string, []string) {
				return `{"op":"confirm","position":1,"revision":` + strconv.FormatInt(revisionOf(t, srv), 10) + `}`, js(vera)
			},
			"revision", func() (string, float64) { return docTag(), float64(revisionOf(t, srv)) }},
		{"alignment by If-Match", http.MethodPost, "/api/documents/117313/alignment",
			func() (string, []string) { return `{"op":"confirm","position":2}`, js(vera, "If-Match", docTag()) },
			"revision", func() (string, float64) { return docTag(), float64(revisionOf(t, srv)) }},
		{"account", http.MethodPatch, "/api/users/" + uid,
			func() (string, []string) { return `{"role":"annotator"}`, js(admin, "If-Match", `"u`+uid+`-v1"`) },
			"version", func() (string, float64) { return `"u` + uid + `-v2"`, 2 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body, header := tc.change()
			if rec := do(t, srv, tc.method, tc.target, body, header...); rec.Code != http.StatusOK {
				t.Fatalf("the first change: got %d %s", rec.Code, rec.Body)
			}
			rec := do(t, srv, tc.method, tc.target, body, header...)
			var got staleAnswer
			if rec.Code != http.StatusPreconditionFailed || json.Unmarshal(rec.Body.Bytes(), &got) != nil || got.Error == "" {
				t.Fatalf("the same change again: got %d %s, want 412 with {error, current}", rec.Code, rec.Body)
			}
			etag, version := tc.now()
			if rec.Header().Get("ETag") != etag || got.Current[tc.field] != version {
				t.Errorf("got ETag %s and current %s %v, want %s and %v", rec.Header().Get("ETag"), tc.field, got.Current[tc.field], etag, version)
			}
		})
	}

	// The last admin cannot be demoted: no version helps, so 409.
	aid := strconv.FormatInt(admin.user.ID, 10)
	rec = do(t, srv, http.MethodPatch, "/api/users/"+aid, `{"role":"editor"}`, js(admin, "If-Match", `"u`+aid+`-v1"`)...)
	var got staleAnswer
	if rec.Code != http.StatusConflict || json.Unmarshal(rec.Body.Bytes(), &got) != nil || got.Error == "" || got.Current != nil {
		t.Errorf("demoting the last admin: got %d %s, want 409 with an error and no current", rec.Code, rec.Body)
	}
}

// revisionOf is the letter's revision as the API gives it.
func revisionOf(t *testing.T, srv *Server) int64 {
	t.Helper()
	var doc struct {
		Revision int64 `json:"revision"`
	}
	if err := json.Unmarshal(do(t, srv, http.MethodGet, "/api/documents/117313", "").Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Revision
}

// TestIfNoneMatchOneReading: every answer with an entity tag reads
// If-None-Match one way: a list naming the tag, or the tag marked weak,
// is the client's copy (304), another tag is not.
func TestIfNoneMatchOneReading(t *testing.T) {
	srv, db := newTestServer(t)
	u := signedIn(t, db, "vera", sverka.RoleAnnotator)
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: u.user.ID, Body: "a note",
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"}}
	if err := db.CreateAnnotation(context.Background(), note); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/documents/117313", "/api/documents/117313/annotations/" + strconv.FormatInt(note.ID, 10), "/api/documents/117313/annotations/"} {
		etag := do(t, srv, http.MethodGet, path, "").Header().Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", path)
		}
		for header, want := range map[string]int{
			`"other", ` + etag: http.StatusNotModified,
			"W/" + etag:        http.StatusNotModified,
			`"other"`:          http.StatusOK,
		} {
			if got := do(t, srv, http.MethodGet, path, "", "If-None-Match", header).Code; got != want {
				t.Errorf("GET %s, If-None-Match: %s: got %d, want %d", path, header, got, want)
			}
		}
	}
}
