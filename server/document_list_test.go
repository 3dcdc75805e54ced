package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"sverka"
	"sverka/ingest"
)

// TestDocumentListIsPagedAndSearchable lists 120 documents 50 at a time,
// follows the pager, and searches by title through the page and the API.
func TestDocumentListIsPagedAndSearchable(t *testing.T) {
	srv, db := newTestServer(t)
	for i := range 120 {
		d, err := ingest.Plain(ingest.PlainPair{ID: fmt.Sprintf("memo-%03d", i), Title: fmt.Sprintf("Memorandum number %d", i),
			Russian: "Первое предложение. Второе.", English: "The first sentence. The second."})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ImportDocument(context.Background(), &sverka.Archive{Document: d}, false); err != nil {
			t.Fatal(err)
		}
	}
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
