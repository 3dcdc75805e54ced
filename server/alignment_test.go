package server

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"sverka"
	"sverka/store"
)

func init() { pageRenderedElsewhere["import"] = true }

// tokenFor makes a user with role and returns its Authorization header.
func tokenFor(t testing.TB, db *store.DB, name string, role sverka.Role) string {
	t.Helper()
	ctx := context.Background()
	u, err := db.CreateUser(ctx, name, role, "")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := db.CreateToken(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return "Bearer " + tok
}

func TestAlignmentEditAPI(t *testing.T) {
	srv, db := newTestServer(t)
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	reader := tokenFor(t, db, "rita", sverka.RoleReader)
	revision := func() int64 {
		rev, err := db.DocumentRevision(context.Background(), "117313")
		if err != nil {
			t.Fatal(err)
		}
		return rev
	}
	rev := revision()
	edit := func(body string, auth ...string) int {
		h := []string{"Content-Type", "application/json"}
		if len(auth) > 0 {
			h = append(h, "Authorization", auth[0])
		}
		rec := do(t, srv, http.MethodPost, "/api/documents/117313/alignment", body, h...)
		return rec.Code
	}
	merge := `{"op":"merge","position":3,"revision":` + jsonInt(rev) + `}`
	tests := []struct {
		name string
		body string
		auth []string
		want int
	}{
		{"anonymous (no session, no CSRF token): sign in first", merge, nil, http.StatusUnauthorized},
		{"reader", merge, []string{reader}, http.StatusForbidden},
		{"no revision", `{"op":"merge","position":3}`, []string{editor}, http.StatusBadRequest},
		{"unknown op", `{"op":"shuffle","revision":` + jsonInt(rev) + `}`, []string{editor}, http.StatusBadRequest},
		{"no such link", `{"op":"merge","position":99,"revision":` + jsonInt(rev) + `}`, []string{editor}, http.StatusBadRequest},
		{"not JSON", `merge`, []string{editor}, http.StatusBadRequest},
		{"editor", merge, []string{editor}, http.StatusOK},
		{"the same edit again, now stale", merge, []string{editor}, http.StatusPreconditionFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := edit(tc.body, tc.auth...); got != tc.want {
				t.Fatalf("got %d, want %d", got, tc.want)
			}
		})
	}
	// The API answers the new alignment at once (its cache follows the revision).
	var doc struct {
		Revision int64 `json:"revision"`
		Links    []struct {
			Status string `json:"status"`
		} `json:"links"`
	}
	rec := do(t, srv, http.MethodGet, "/api/documents/117313", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Links) != 21 || doc.Links[2].Status != "confirmed" || doc.Revision != rev+1 {
		t.Errorf("got %d links, link 3 %s, revision %d; want 21, confirmed, %d", len(doc.Links), doc.Links[2].Status, doc.Revision, rev+1)
	}
	if got := edit(`{"op":"undo","revision":`+jsonInt(revision())+`}`, editor); got != http.StatusOK {
		t.Fatalf("undo: got %d", got)
	}
	rec = do(t, srv, http.MethodGet, "/api/documents/117313/alignment/edits", "", "Authorization", editor)
	if !strings.Contains(rec.Body.String(), `"userName":"vera"`) || !strings.Contains(rec.Body.String(), `"undone":true`) {
		t.Errorf("got edits %s, want vera's undone merge", rec.Body)
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestImportUpload uploads the seed page again, a plain pair and a broken
// file: one imported, one skipped, one failed with its reason.
func TestImportUpload(t *testing.T) {
	srv, db := newTestServer(t)
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	if rec := do(t, srv, http.MethodGet, "/import", "", "Authorization", editor); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `enctype="multipart/form-data"`) {
		t.Fatalf("form: got %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, srv, http.MethodGet, "/import", "", "Authorization", tokenFor(t, db, "rita", sverka.RoleAnnotator)); rec.Code != http.StatusForbidden {
		t.Fatalf("annotator: got %d, want 403", rec.Code)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	add := func(field, name, path string, b []byte) {
		if path != "" {
			var err error
			if b, err = os.ReadFile(path); err != nil {
				t.Fatal(err)
			}
		}
		fw, err := w.CreateFormFile(field, name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(b)
	}
	add("files", "letter.txt", "../ingest/testdata/117313-filippov-to-mao-1950-10-05.txt", nil)
	add("files", "letter.edits.json", "../ingest/testdata/117313-filippov-to-mao-1950-10-05.edits.json", nil)
	add("files", "scan.txt", "", []byte("\x89PNG\r\n\x1a\n\x00\x00"))
	add("ru", "pair.ru.txt", "../ingest/testdata/117313.ru.txt", nil)
	add("en", "pair.en.txt", "../ingest/testdata/117313.en.txt", nil)
	w.WriteField("id", "letter-plain")
	w.WriteField("title", "The letter, plain")
	w.Close()
	rec := do(t, srv, http.MethodPost, "/import", body.String(), "Authorization", editor, "Content-Type", w.FormDataContentType())
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("got %d, want 422 (one file failed): %s", rec.Code, rec.Body)
	}
	page := rec.Body.String()
	for _, want := range []string{"<strong>skipped</strong>: already present", "<strong>failed</strong>: a NUL byte", "<strong>imported</strong>", `href="/documents/letter-plain"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the answer lacks %q", want)
		}
	}
	d, err := db.FindDocumentByID(context.Background(), "letter-plain")
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "The letter, plain" || len(d.Links) != 22 {
		t.Errorf("got %q with %d links", d.Title, len(d.Links))
	}
	changes, err := db.FindChanges(context.Background(), store.ChangeFilter{DocumentID: "letter-plain", Entity: "document"})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].UserName != "vera" {
		t.Errorf("got audit %+v, want one import by vera", changes)
	}
}

// TestImportUploadReplace uploads a corrected page with "replace" ticked:
// the document is derived again and its note stays on its words.
func TestImportUploadReplace(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	vera, err := db.FindUserByName(ctx, "vera")
	if err != nil {
		t.Fatal(err)
	}
	// ByQuote: the store finds the words by their quote.
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, Body: "the key question", CreatorID: vera.ID,
		Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "Should we fear this?"}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../ingest/testdata/117313-filippov-to-mao-1950-10-05.txt")
	if err != nil {
		t.Fatal(err)
	}
	edits, err := os.ReadFile("../ingest/testdata/117313-filippov-to-mao-1950-10-05.edits.json")
	if err != nil {
		t.Fatal(err)
	}
	post := func(replace bool) *httptest.ResponseRecorder {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		for name, b := range map[string][]byte{
			"letter.txt":        []byte(strings.Replace(string(raw), "I received your reply.", "I have received your reply.", 1)),
			"letter.edits.json": edits,
		} {
			fw, err := w.CreateFormFile("files", name)
			if err != nil {
				t.Fatal(err)
			}
			fw.Write(b)
		}
		if replace {
			w.WriteField("replace", "on")
		}
		w.Close()
		return do(t, srv, http.MethodPost, "/import", body.String(), "Authorization", editor, "Content-Type", w.FormDataContentType())
	}
	if rec := post(false); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "or replace it") {
		t.Fatalf("without replace: got %d %s", rec.Code, rec.Body)
	}
	rec := post(true)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<strong>replaced</strong>: 1 annotations kept, 1 moved") {
		t.Fatalf("with replace: got %d %s", rec.Code, rec.Body)
	}
	got, err := db.FindAnnotationByID(ctx, note.ID, vera.ID)
	if err != nil {
		t.Fatal(err)
	}
	after, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	if words := string([]rune(after.Text("en").Text)[got.Target.Start:got.Target.End]); words != "Should we fear this?" {
		t.Errorf("the note now sits on %q", words)
	}
}

// TestAlignmentEditIfMatch: an alignment edit names its revision in
// If-Match like every other change (the document's ETag), and answers with
// the document's new ETag; "*" names no revision, and a header and a body
// that disagree are refused, changing nothing.
func TestAlignmentEditIfMatch(t *testing.T) {
	srv, db := newTestServer(t)
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	etag := func() string { return do(t, srv, http.MethodGet, "/api/documents/117313", "").Header().Get("ETag") }
	edit := func(body, ifMatch string) *httptest.ResponseRecorder {
		return do(t, srv, http.MethodPost, "/api/documents/117313/alignment", body, vera.withBearer("Content-Type", "application/json", "If-Match", ifMatch)...)
	}
	before := etag()
	for _, tc := range []struct{ name, body, ifMatch string }{
		{"any revision", `{"op":"confirm","position":1}`, "*"},
		{"header and body disagree", `{"op":"confirm","position":1,"revision":` + jsonInt(revisionOf(t, srv)+1) + `}`, before},
	} {
		if rec := edit(tc.body, tc.ifMatch); rec.Code != http.StatusBadRequest || etag() != before {
			t.Errorf("%s: got %d, want 400 and the document unchanged", tc.name, rec.Code)
		}
	}
	rec := edit(`{"op":"confirm","position":1}`, before)
	if rec.Code != http.StatusOK || rec.Header().Get("ETag") == before || rec.Header().Get("ETag") != etag() {
		t.Fatalf("edit with If-Match: got %d ETag %s (GET says %s, was %s)", rec.Code, rec.Header().Get("ETag"), etag(), before)
	}
}
