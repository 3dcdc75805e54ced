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
	"sverka/store"
)

// importPair imports a document of n sentence pairs whose words name their
// pair (rowNN), with an astral character (U+1D504) before the first
// English sentence, so that code points and UTF-16 units differ.
func importPair(t testing.TB, db *store.DB, id string, n int) *sverka.Document {
	t.Helper()
	var ru, en strings.Builder
	en.WriteString("𝔄 ")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&ru, "Строка row%02d о зерне.\n\n", i)
		fmt.Fprintf(&en, "Line row%02d about grain.\n\n", i)
	}
	return importPlain(t, db, ingest.PlainPair{ID: id, Title: "A grain report", Russian: ru.String(), English: en.String()}, "1951-03-07", "Fond 5, op. 2, d. 7")
}

// mergeLinks merges the links at pos and pos+1 as the system would.
func mergeLinks(t testing.TB, db *store.DB, id string, pos int) {
	t.Helper()
	ctx := context.Background()
	d, err := db.FindDocumentByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeLinks(ctx, store.AlignmentEdit{DocumentID: id, Revision: d.Revision}, pos); err != nil {
		t.Fatal(err)
	}
}

// TestLinkRefsAfterMerge: after merging links 11 and 12, #link-12 is an
// anchor in the merged row saying so, the rows below keep their #link-N
// though their positions moved, ?link=12 redirects to the row's window,
// the API resolves every old number, and TEI and TMX name links by them.
func TestLinkRefsAfterMerge(t *testing.T) {
	srv, db := newTestServer(t)
	importPair(t, db, "grain", 20)
	mergeLinks(t, db, "grain", 11)
	rec := do(t, srv, http.MethodGet, "/documents/grain", "")
	body := rec.Body.String()
	for _, want := range []string{
		`<tr id="link-11" class="link confirmed uneven" data-link=`,
		`<span id="link-12" class="ref-alias"></span><span class="ref-note" role="note">Link 12 was merged into this row (11).</span>`,
		`id="link-13" class="link auto" data-link=`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if !strings.Contains(body[strings.Index(body, `id="link-13"`):], `data-position="12"`) {
		t.Error("link 13 is not the row at position 12")
	}
	for _, tc := range []struct {
		target string
		code   int
		where  string
	}{
		{"/documents/grain?link=12", http.StatusFound, "/documents/grain?from=11#link-12"},
		{"/documents/grain?link=20", http.StatusFound, "/documents/grain?from=19#link-20"},
		{"/documents/grain?link=21", http.StatusNotFound, ""},
		{"/documents/grain?link=x", http.StatusBadRequest, ""},
		{"/documents/grain?link=0", http.StatusBadRequest, ""},
	} {
		rec := do(t, srv, http.MethodGet, tc.target, "")
		if rec.Code != tc.code || rec.Header().Get("Location") != tc.where {
			t.Errorf("GET %s: got %d to %q, want %d to %q", tc.target, rec.Code, rec.Header().Get("Location"), tc.code, tc.where)
		}
	}
	for ref, want := range map[int]string{
		11: `{"ref":11,"link":11,"position":11,"first":11,"last":11,"live":true,"url":"/documents/grain?from=11#link-11"}`,
		12: `{"ref":12,"link":11,"position":11,"first":11,"last":11,"live":false,"url":"/documents/grain?from=11#link-12","note":"Link 12 was merged into this row (11)."}`,
		13: `{"ref":13,"link":13,"position":12,"first":12,"last":12,"live":true,"url":"/documents/grain?from=12#link-13"}`,
	} {
		rec := do(t, srv, http.MethodGet, fmt.Sprintf("/api/documents/grain/links/%d", ref), "")
		if got := strings.TrimSpace(rec.Body.String()); rec.Code != http.StatusOK || got != want {
			t.Errorf("link %d: got %d %s, want %s", ref, rec.Code, got, want)
		}
	}
	for format, want := range map[string]string{"tei": `-l13" n="12"`, "tmx": `tuid="grain-13"`} {
		rec := do(t, srv, http.MethodGet, "/api/documents/grain/export?format="+format, "")
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("the %s export lacks %q: links are named by their numbers", format, want)
		}
	}
	var doc struct {
		Links []struct{ Position, Ref int }
	}
	rec = do(t, srv, http.MethodGet, "/api/documents/grain", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || len(doc.Links) != 19 || doc.Links[11].Ref != 13 {
		t.Errorf("the document API's links: %v %+v, want 19 with the one at 12 numbered 13", err, doc.Links)
	}
}
