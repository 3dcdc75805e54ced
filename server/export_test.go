package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sverka"
)

// TestDocumentExport downloads the seeded letter, with a correction, a
// public note and a private one, in every format.
func TestDocumentExport(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	boris := signedIn(t, db, "boris", sverka.RoleAnnotator)
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	s, e := phrase(t, d, "ru", 3, "Баш")
	corr := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationCorrection, CreatorID: anna.user.ID, Body: "Ваш", Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}}
	if err := db.CreateAnnotation(ctx, corr); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReviewCorrection(ctx, corr.ID, sverka.StatusAccepted, corr.Version, vera.user.ID); err != nil {
		t.Fatal(err)
	}
	for _, a := range []*sverka.Annotation{
		{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: anna.user.ID, Body: "public note", Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}},
		{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: boris.user.ID, Body: "secret of boris", Private: true, Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}},
	} {
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		format, contentType, file, contains string
	}{
		{"tei", "application/tei+xml", "sverka-117313.xml", "<corr"},
		{"tmx", "application/x-tmx+xml", "sverka-117313.tmx", `<tuv xml:lang="ru">`},
		{"w3c", "application/ld+json", "sverka-117313.jsonld", "AnnotationCollection"},
		{"csv", "text/csv", "sverka-117313.csv", "ru corrected"},
		{"txt", "application/zip", "sverka-117313.zip", "117313.ru"},
		{"json", "application/json", "sverka-117313.json", `"format":"sverka"`},
	} {
		t.Run(tc.format, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, "/api/documents/117313/export?format="+tc.format, "")
			if rec.Code != http.StatusOK {
				t.Fatalf("got %d: %s", rec.Code, rec.Body)
			}
			if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, tc.contentType) {
				t.Errorf("got Content-Type %q, want %s", got, tc.contentType)
			}
			if got := rec.Header().Get("Content-Disposition"); got != `attachment; filename=`+tc.file {
				t.Errorf("got Content-Disposition %q, want attachment of %s", got, tc.file)
			}
			if !strings.Contains(rec.Body.String(), tc.contains) {
				t.Errorf("the %s export lacks %q", tc.format, tc.contains)
			}
			if strings.Contains(rec.Body.String(), "secret of boris") {
				t.Error("a private note left with an anonymous export")
			}
			if tc.format == "txt" {
				return
			}
			mine := do(t, srv, http.MethodGet, "/api/documents/117313/export?format="+tc.format, "", boris.withBearer()...)
			if tc.format != "json" && !strings.Contains(mine.Body.String(), "secret of boris") {
				t.Error("boris's export lacks his private note")
			}
			other := do(t, srv, http.MethodGet, "/api/documents/117313/export?format="+tc.format, "", anna.withBearer()...)
			if strings.Contains(other.Body.String(), "secret of boris") {
				t.Error("anna's export holds boris's private note")
			}
		})
	}
	for _, tc := range []struct {
		target string
		want   int
	}{
		{"/api/documents/117313/export?format=docx", http.StatusBadRequest},
		{"/api/documents/nosuch/export?format=tei", http.StatusNotFound},
		{"/api/export?format=tmx", http.StatusOK},
	} {
		if rec := do(t, srv, http.MethodGet, tc.target, ""); rec.Code != tc.want {
			t.Errorf("GET %s: got %d, want %d: %s", tc.target, rec.Code, tc.want, rec.Body)
		}
	}
}

// TestW3CExportMeetsMusts checks every annotation of the w3c export
// against the MUST assertions of the W3C test suite, with the collection's
// @context, and every key against the contexts.
func TestW3CExportMeetsMusts(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	s, e := phrase(t, d, "ru", 3, "Баш")
	ls, le := phrase(t, d, "en", 2, "your reply")
	note := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: anna.user.ID, Body: "**note**", Tags: []string{"tag"}, Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}}
	for _, a := range []*sverka.Annotation{
		note,
		{DocumentID: d.ID, Motivation: sverka.MotivationCorrection, CreatorID: anna.user.ID, Body: "Ваш", Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}},
		{DocumentID: d.ID, Motivation: sverka.MotivationLink, CreatorID: anna.user.ID, Body: "see also", Target: sverka.TextTarget{Lang: "ru", Start: s, End: e},
			Link: &sverka.CrossReference{DocumentID: d.ID, Lang: "en", Start: ls, End: le, URL: "https://digitalarchive.wilsoncenter.org/document/117313", Citation: "APRF f. 45"}},
	} {
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateAnnotation(ctx, &sverka.Annotation{Motivation: sverka.MotivationReply, CreatorID: anna.user.ID, ReplyTo: note.ID, Body: "reply"}); err != nil {
		t.Fatal(err)
	}
	rec := do(t, srv, http.MethodGet, "/api/documents/117313/export?format=w3c", "")
	var coll map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &coll); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	if bad := undefinedKeys(coll, definedTerms(t), "$"); len(bad) > 0 {
		t.Errorf("keys not defined by any context: %v", bad)
	}
	first, _ := coll["first"].(map[string]any)
	items, _ := first["items"].([]any)
	if coll["total"] != float64(4) || len(items) != 4 {
		t.Fatalf("got total %v and %d items, want 4", coll["total"], len(items))
	}
	if _, ok := first["partOf"].(map[string]any); !ok {
		t.Errorf("got partOf %v, want an object", first["partOf"])
	}
	schemas := w3cSchemas(t)
	for i, it := range items {
		a := it.(map[string]any)
		a["@context"] = coll["@context"]
		for name, sch := range schemas {
			if err := sch.Validate(a); err != nil {
				t.Errorf("annotation %d fails %s: %v", i+1, name, err)
			}
		}
	}
	// A broken annotation fails them: the checks can fail.
	broken := items[0].(map[string]any)
	delete(broken, "target")
	failed := false
	for _, sch := range schemas {
		failed = failed || sch.Validate(broken) != nil
	}
	if !failed {
		t.Error("an annotation without a target passed every MUST check")
	}
}

// TestDownloadMenu checks that the document page offers every format and
// that its form's choices reach the export.
func TestDownloadMenu(t *testing.T) {
	srv, _ := newTestServer(t)
	page := do(t, srv, http.MethodGet, "/documents/117313", "").Body.String()
	if !strings.Contains(page, `action="/api/documents/117313/export"`) {
		t.Fatal("the document page has no download form")
	}
	for _, f := range []string{"tei", "tmx", "w3c", "csv", "txt", "json"} {
		if !strings.Contains(page, `<option value="`+f+`"`) {
			t.Errorf("the download menu lacks %s", f)
		}
	}
	all := do(t, srv, http.MethodGet, "/api/documents/117313/export?format=csv&reading=corrected", "").Body.String()
	confirmed := do(t, srv, http.MethodGet, "/api/documents/117313/export?format=csv&reading=diplomatic&links=confirmed", "").Body.String()
	if len(confirmed) >= len(all) {
		t.Errorf("links=confirmed left %d bytes of %d: the seeded letter has unconfirmed links", len(confirmed), len(all))
	}
}

// TestExportOutlivesWriteTimeout: the server's write timeout, meant for
// ordinary pages, does not cut an export short. With a timeout that has
// already passed, a page fails and the export still arrives whole.
func TestExportOutlivesWriteTimeout(t *testing.T) {
	srv, _ := newTestServer(t)
	hs := httptest.NewUnstartedServer(srv)
	hs.Config.WriteTimeout = time.Nanosecond
	hs.Start()
	t.Cleanup(hs.Close)
	if resp, err := http.Get(hs.URL + "/healthz"); err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Fatal("a page arrived despite a write timeout already past; the test proves nothing")
		}
	}
	resp, err := http.Get(hs.URL + "/api/documents/117313/export?format=tei")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK || !strings.HasSuffix(strings.TrimSpace(string(b)), "</TEI>") {
		t.Fatalf("got %d, %d bytes, %v; want the whole TEI export", resp.StatusCode, len(b), err)
	}
}
