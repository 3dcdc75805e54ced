package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"sverka"
	"sverka/ingest"
	"sverka/store"
)

// TestDocumentListIsPagedAndSearchable lists 120 documents 50 at a time,
// follows the pager, and searches by title through the page and the API.
func TestDocumentListIsPagedAndSearchable(t *testing.T) {
	srv, db := newTestServer(t)
	importMemos(t, db, 120)
	rows := func(body string) int { return strings.Count(body, `<a href="/documents/`) }
	tests := []struct {
		target   string
		rows     int
		contains []string
		lacks    []string
	}{
		{"/", 50, []string{"1–50 of 121 documents", `rel="next" href="/?page=2"`}, []string{`rel="prev"`}},
		{"/?page=2", 50, []string{"51–100 of 121", `rel="prev" href="/"`, `href="/?page=3"`}, nil},
		{"/?page=3", 21, []string{"101–121 of 121", `href="/?page=2"`}, []string{`rel="next"`}},
		{"/?q=number+7", 11, []string{"1–11 of 11 documents matching “number 7”", "Memorandum number 77"}, []string{`rel="next"`}},
		{"/?q=nothing+like+it", 0, []string{"No document’s title or number contains “nothing like it”"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tc.target, "")
			body := rec.Body.String()
			if rec.Code != http.StatusOK || rows(body) != tc.rows {
				t.Fatalf("got %d with %d documents, want 200 with %d", rec.Code, rows(body), tc.rows)
			}
			for _, want := range tc.contains {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			for _, not := range tc.lacks {
				if strings.Contains(body, not) {
					t.Errorf("the page has %q", not)
				}
			}
		})
	}
	for _, bad := range []string{"/?page=0", "/?page=x", "/api/documents?limit=-1", "/api/documents?offset=a"} {
		if rec := do(t, srv, http.MethodGet, bad, ""); rec.Code != http.StatusBadRequest {
			t.Errorf("GET %s: got %d, want 400", bad, rec.Code)
		}
	}
	rec := do(t, srv, http.MethodGet, "/api/documents?q=memorandum&offset=110&limit=5", "")
	var got struct {
		Documents []sverka.DocumentSummary
		Total     int
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Documents) != 5 || got.Total != 120 || got.Documents[0].ID != "memo-110" {
		t.Errorf("got %d documents of %d starting %+v, want 5 of 120 from memo-110", len(got.Documents), got.Total, got.Documents)
	}
	rec = do(t, srv, http.MethodGet, "/api/documents", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || len(got.Documents) != 121 {
		t.Errorf("without a limit: got %d documents, want all 121 (%v)", len(got.Documents), err)
	}
}

// TestDocumentListPageAndAPIReadOneQuery: the page and the API read the
// same parameters (?q, ?offset, ?limit, ?page) the same way.
func TestDocumentListPageAndAPIReadOneQuery(t *testing.T) {
	srv, db := newTestServer(t)
	importMemos(t, db, 12)
	for _, tc := range []struct {
		query string
		shown string
	}{{"q=memorandum&offset=5&limit=3", "6–8 of 12"}, {"q=memorandum&page=3&limit=3", "7–9 of 12"}, {"page=2", "51–50 of 13"}} {
		var got struct {
			Documents []sverka.DocumentSummary
			Total     int
		}
		rec := do(t, srv, http.MethodGet, "/api/documents?"+tc.query, "")
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatalf("API ?%s: got %d %s", tc.query, rec.Code, rec.Body)
		}
		page := do(t, srv, http.MethodGet, "/?"+tc.query, "").Body.String()
		shown := strings.Count(page, `<a href="/documents/`)
		if len(got.Documents) != shown || shown > 0 && (!strings.Contains(page, tc.shown) || !strings.Contains(page, `<a href="/documents/`+got.Documents[0].ID+`"`)) {
			t.Errorf("?%s: the API gives %d documents, the page shows %d, want the same ones (%s)", tc.query, len(got.Documents), shown, tc.shown)
		}
	}
	for _, bad := range []string{"page=2&offset=1", "limit=x"} {
		for _, path := range []string{"/?", "/api/documents?"} {
			if rec := do(t, srv, http.MethodGet, path+bad, ""); rec.Code != http.StatusBadRequest {
				t.Errorf("GET %s%s: got %d, want 400", path, bad, rec.Code)
			}
		}
	}
}

// importMemos imports n documents memo-000… titled "Memorandum number N".
func importMemos(t *testing.T, db *store.DB, n int) {
	t.Helper()
	for i := range n {
		d, err := ingest.Plain(ingest.PlainPair{ID: fmt.Sprintf("memo-%03d", i), Title: fmt.Sprintf("Memorandum number %d", i),
			Russian: "Первое предложение. Второе.", English: "The first sentence. The second."})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ImportDocument(context.Background(), &sverka.Archive{Document: d}, false); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDocumentListKeptForAnonymousVisitors: the list anonymous visitors see
// is kept (publicList), yet shows at once what a write changes in it (a
// note orphaned, a document made private), while a signed-in reader sees
// their own; gzipped, the page holds what it holds plain.
func TestDocumentListKeptForAnonymousVisitors(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	editor := signedIn(t, db, "elena", sverka.RoleEditor)
	if err := db.CreateDocument(ctx, reportPair(t, "Мы получили зерно и уголь. Поезд ушёл вчера.")); err != nil {
		t.Fatal(err)
	}
	cookie := []string{"Cookie", csrfCookie + "=" + strings.Repeat("k", 43)} // one CSRF token, one page
	anonymous := func(header ...string) *httptest.ResponseRecorder {
		t.Helper()
		rec := do(t, srv, http.MethodGet, "/", "", append(cookie, header...)...)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /: got %d, want 200", rec.Code)
		}
		return rec
	}
	const listed, orphan = `href="/documents/report"`, `aria-label="1 orphans of report"`
	if body := anonymous().Body.String(); !strings.Contains(body, listed) || strings.Contains(body, orphan) {
		t.Fatalf("before the note: the list lacks %q or has %q", listed, orphan)
	}
	note := &sverka.Annotation{DocumentID: "report", Motivation: sverka.MotivationNote, CreatorID: editor.user.ID, Body: "which grain?",
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "получили зерно"}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReplaceDocument(ctx, reportPair(t, "Мы получили зерна и уголь. Поезд ушёл вчера."), editor.user.ID); err != nil {
		t.Fatal(err)
	}
	rec := anonymous()
	if body := rec.Body.String(); !strings.Contains(body, orphan) {
		t.Errorf("after the note was orphaned: the list lacks %q", orphan)
	}
	gzipped := anonymous("Accept-Encoding", "gzip")
	plain, err := gunzip(gzipped.Body.Bytes())
	if gzipped.Header().Get("Content-Encoding") != "gzip" || err != nil || string(plain) != rec.Body.String() {
		t.Errorf("gzipped (%q, %v): the page differs from the plain one", gzipped.Header().Get("Content-Encoding"), err)
	}
	private := false
	if _, err := db.UpdateDocumentMetadata(ctx, "report", 0, store.DocumentMetadata{Public: &private}, editor.user.ID); err != nil {
		t.Fatal(err)
	}
	if body := anonymous().Body.String(); strings.Contains(body, listed) {
		t.Errorf("the document made private is still listed to anonymous visitors")
	}
	if rec := do(t, srv, http.MethodGet, "/", "", editor.withSession()...); !strings.Contains(rec.Body.String(), listed) {
		t.Errorf("the editor's list lacks the private document")
	}
}
