package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"sverka"
	"sverka/anno"
	"sverka/internal/goldtest"
	"sverka/store"
)

const testBase = "http://example.com" // the origin httptest.NewRequest uses

// letterDoc is the seed letter, as stored.
func letterDoc(t testing.TB, db *store.DB) *sverka.Document {
	t.Helper()
	d, err := db.FindDocumentByID(context.Background(), "117313")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// phrase finds the range of phrase in segment seg (1-based) of lang.
func phrase(t testing.TB, d *sverka.Document, lang string, seg int, p string) (int, int) {
	t.Helper()
	s := d.Text(lang).Segments[seg-1]
	i := strings.Index(s.Text, p)
	if i < 0 {
		t.Fatalf("%q is not in %s segment %d", p, lang, seg)
	}
	start := s.Start + len([]rune(s.Text[:i]))
	return start, start + len([]rune(p))
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// textTarget is a W3C target on a base text.
func textTarget(doc, lang string, start, end int, exact string) map[string]any {
	return map[string]any{
		"type":   "SpecificResource",
		"source": testBase + "/documents/" + doc + "/" + lang,
		"selector": []any{
			map[string]any{"type": "TextPositionSelector", "start": start, "end": end},
			map[string]any{"type": "TextQuoteSelector", "exact": exact},
		},
	}
}

func noteBody(doc, lang string, start, end int, exact, text string, extra ...any) string {
	a := map[string]any{
		"@context": anno.ContextIRI, "type": "Annotation", "motivation": "commenting",
		"body":   map[string]any{"type": "TextualBody", "value": text, "format": "text/markdown"},
		"target": textTarget(doc, lang, start, end, exact),
	}
	for i := 0; i+1 < len(extra); i += 2 {
		a[extra[i].(string)] = extra[i+1]
	}
	return mustJSON(a)
}

func correctionBody(doc string, start, end int, exact, reading string) string {
	return mustJSON(map[string]any{
		"@context": anno.ContextIRI, "type": "Annotation", "motivation": "editing",
		"body":   map[string]any{"type": "TextualBody", "value": reading},
		"target": textTarget(doc, "ru", start, end, exact),
	})
}

func decode(t testing.TB, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("got %q: %v", rec.Body, err)
	}
	return m
}

func annotationCount(t testing.TB, db *store.DB, doc string) int {
	t.Helper()
	_, n, err := db.FindAnnotations(context.Background(), store.AnnotationFilter{DocumentID: doc, IncludeDeleted: true, ViewerID: -1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAnnotationLifecycle(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	boris := signedIn(t, db, "boris", sverka.RoleAnnotator)
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	s, e := phrase(t, d, "ru", 3, "Баш")

	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", "Should be *Ваш*", "body", []any{
		map[string]any{"type": "TextualBody", "value": "Should be *Ваш*", "format": "text/markdown"},
		map[string]any{"type": "TextualBody", "value": "ocr", "purpose": "tagging"},
	}), anna.withBearer("Content-Type", anno.MediaType)...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: got %d, want 201: %s", rec.Code, rec.Body)
	}
	loc := rec.Header().Get("Location")
	etag := rec.Header().Get("ETag")
	if !strings.HasPrefix(loc, testBase+"/api/documents/117313/annotations/") || etag == "" {
		t.Fatalf("got Location %q and ETag %q", loc, etag)
	}
	if ct := rec.Header().Get("Content-Type"); ct != anno.MediaType {
		t.Fatalf("got content type %q, want %q", ct, anno.MediaType)
	}
	path := strings.TrimPrefix(loc, testBase)
	got := decode(t, rec)
	if got["id"] != loc || got["motivation"] != "commenting" {
		t.Fatalf("got %v", got)
	}
	if !strings.Contains(rec.Body.String(), `"html":"\u003cp\u003eShould be \u003cem\u003eВаш\u003c/em\u003e\u003c/p\u003e\n"`) {
		t.Errorf("got %s, want the Markdown rendered", rec.Body)
	}

	// Anyone may read it; the ETag answers If-None-Match.
	rec = do(t, srv, http.MethodGet, path, "")
	if rec.Code != http.StatusOK || rec.Header().Get("ETag") != etag {
		t.Fatalf("get: got %d %q", rec.Code, rec.Header().Get("ETag"))
	}
	if rec = do(t, srv, http.MethodGet, path, "", "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Fatalf("got %d, want 304", rec.Code)
	}

	edit := noteBody(d.ID, "ru", s, e, "Баш", "Surely *Ваш*")
	// Without If-Match a change applies to the current version, as Web
	// Annotation Protocol clients send it, and is kept in the history.
	if rec = do(t, srv, http.MethodPut, path, edit, anna.withBearer()...); rec.Code != http.StatusOK || rec.Header().Get("ETag") == etag {
		t.Fatalf("put without If-Match: got %d %q, want 200 and a new ETag", rec.Code, rec.Header().Get("ETag"))
	}
	etag = rec.Header().Get("ETag")
	// Someone else's note is refused.
	if rec = do(t, srv, http.MethodPut, path, edit, boris.withBearer("If-Match", etag)...); rec.Code != http.StatusForbidden {
		t.Fatalf("put by another annotator: got %d, want 403", rec.Code)
	}
	rec = do(t, srv, http.MethodPut, path, edit, anna.withBearer("If-Match", etag)...)
	if rec.Code != http.StatusOK {
		t.Fatalf("put: got %d: %s", rec.Code, rec.Body)
	}
	etag2 := rec.Header().Get("ETag")
	if etag2 == etag {
		t.Fatal("the ETag did not change with the annotation")
	}
	// An editor who still has the first version loses, and gets the current one.
	rec = do(t, srv, http.MethodPut, path, noteBody(d.ID, "ru", s, e, "Баш", "Overwrite"), vera.withBearer("If-Match", etag)...)
	if rec.Code != http.StatusPreconditionFailed || !strings.Contains(rec.Body.String(), "Surely") || rec.Header().Get("ETag") != etag2 {
		t.Fatalf("stale put: got %d %s, want 412 with the current version", rec.Code, rec.Body)
	}
	// The editor with the current version may edit anyone's note.
	rec = do(t, srv, http.MethodPut, path, noteBody(d.ID, "ru", s, e, "Баш", "Ваш (editor)"), vera.withBearer("If-Match", etag2)...)
	if rec.Code != http.StatusOK {
		t.Fatalf("editor put: got %d: %s", rec.Code, rec.Body)
	}
	etag3 := rec.Header().Get("ETag")

	// A reply, from the browser with the session's CSRF token.
	reply := mustJSON(map[string]any{"type": "Annotation", "motivation": "replying", "target": loc,
		"body": map[string]any{"type": "TextualBody", "value": "Agreed."}})
	if rec = do(t, srv, http.MethodPost, "/api/documents/117313/annotations", reply, boris.withSession("Content-Type", "application/ld+json")...); rec.Code != http.StatusCreated {
		t.Fatalf("reply: got %d: %s", rec.Code, rec.Body)
	}
	if got := decode(t, rec)["target"]; got != loc {
		t.Fatalf("got reply target %v, want %s", got, loc)
	}

	if rec = do(t, srv, http.MethodDelete, path, "", anna.withBearer("If-Match", etag3)...); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: got %d: %s", rec.Code, rec.Body)
	}
	if rec = do(t, srv, http.MethodGet, path, ""); rec.Code != http.StatusGone {
		t.Fatalf("get deleted: got %d, want 410", rec.Code)
	}
	rec = do(t, srv, http.MethodGet, path+"/versions", "")
	var hist struct {
		Versions []struct {
			Version int    `json:"version"`
			Action  string `json:"action"`
		} `json:"versions"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &hist); err != nil || len(hist.Versions) != 5 || hist.Versions[0].Action != "delete" {
		t.Fatalf("versions: got %s (%v), want 5 versions (create, three updates, one without If-Match), newest a delete", rec.Body, err)
	}
	rec = do(t, srv, http.MethodPost, path+"/versions/1/restore", "", anna.withBearer("If-Match", `"a`+path[strings.LastIndex(path, "/")+1:]+`-v5"`)...)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Should be *Ваш*") {
		t.Fatalf("restore: got %d %s, want version 1 back", rec.Code, rec.Body)
	}
	rec = do(t, srv, http.MethodGet, "/api/documents/117313/annotations/", "")
	if rec.Code != http.StatusOK || rec.Header().Get("Link") == "" {
		t.Fatalf("list: got %d", rec.Code)
	}
	list := decode(t, rec)
	if list["total"] != float64(2) {
		t.Fatalf("got total %v, want 2 (the restored note and its reply)", list["total"])
	}
}

func TestAnnotationBadInput(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	s, e := phrase(t, d, "ru", 3, "Баш")
	n := len([]rune(d.Text("ru").Text))
	tests := []struct {
		name, target, body string
		status             int
		says               string
	}{
		{"malformed JSON", "/api/documents/117313/annotations/", `{"motivation": "commenting",`, 400, "JSON"},
		{"unknown key", "/api/documents/117313/annotations/", strings.Replace(noteBody(d.ID, "ru", s, e, "Баш", "x"), `"motivation"`, `"motivaton":"x","motivation"`, 1), 400, "motivaton"},
		{"motivation not of the model", "/api/documents/117313/annotations/", strings.Replace(noteBody(d.ID, "ru", s, e, "Баш", "x"), `"motivation":"commenting"`, `"motivation":"liking"`, 1), 400, "motivation"},
		{"offsets outside the text", "/api/documents/117313/annotations/", noteBody(d.ID, "ru", n, n+5, "xx", "x"), 400, "outside the text"},
		{"quote nowhere in the text", "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Вашъ ответъ", "x"), 400, "does not match"},
		{"unknown document", "/api/documents/nope/annotations/", noteBody("nope", "ru", s, e, "Баш", "x"), 404, "nope"},
		{"target in another document", "/api/documents/117313/annotations/", noteBody("other", "ru", s, e, "Баш", "x"), 400, "container"},
		{"source on this server but not a text", "/api/documents/117313/annotations/", strings.Replace(noteBody(d.ID, "ru", s, e, "Баш", "x"), "/documents/117313/ru", "/documents/117313/source", 1), 400, "texts"},
		{"source not an absolute IRI", "/api/documents/117313/annotations/", strings.Replace(noteBody(d.ID, "ru", s, e, "Баш", "x"), testBase+"/documents/117313/ru", "a page", 1), 400, "absolute"},
		{"oversized body", "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", strings.Repeat("я", sverka.MaxBodyBytes)), 400, "at most"},
		{"body over the request limit", "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", strings.Repeat("я", 600<<10)), 413, "large"},
		{"selector without a type", "/api/documents/117313/annotations/", strings.Replace(noteBody(d.ID, "ru", s, e, "Баш", "x"), `"type":"TextQuoteSelector"`, `"type":7`, 1), 400, "type"},
		{"JSON-LD keyword", "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", "x", "@id", "urn:x"), 400, "@id"},
		{"correction without reading", "/api/documents/117313/annotations/", strings.Replace(correctionBody(d.ID, s, e, "Баш", "Ваш"), `"body":{"type":"TextualBody","value":"Ваш"},`, "", 1), 400, "reading"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := annotationCount(t, db, d.ID)
			rec := do(t, srv, http.MethodPost, tc.target, tc.body, anna.withBearer("Content-Type", "application/ld+json")...)
			if rec.Code != tc.status {
				t.Fatalf("got %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			msg, _ := decode(t, rec)["error"].(string)
			if !strings.Contains(msg, tc.says) {
				t.Fatalf("got message %q, want it to mention %q", msg, tc.says)
			}
			if got := annotationCount(t, db, d.ID); got != before {
				t.Fatalf("got %d annotations, want %d: refused input changed something", got, before)
			}
		})
	}
}

// TestGoldCorrectionsThroughAPI proposes the 42 corrections of the gold data
// through the API, accepts them as an editor, and reads every Russian
// segment's corrected reading back: each must be the gold corrected text.
func TestGoldCorrectionsThroughAPI(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	g, err := goldtest.Load(goldtest.Dir())
	if err != nil {
		t.Fatal(err)
	}
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	for _, oe := range g.Errors {
		s, e, err := goldtest.ErrorRange(d, oe)
		if err != nil {
			t.Fatal(err)
		}
		rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", correctionBody(d.ID, s, e, oe.Form, oe.Correction), anna.withBearer()...)
		if rec.Code != http.StatusCreated {
			t.Fatalf("propose %q → %q: got %d: %s", oe.Form, oe.Correction, rec.Code, rec.Body)
		}
		if st := decode(t, rec)["status"]; st != "proposed" {
			t.Fatalf("got status %v, want proposed", st)
		}
		path := strings.TrimPrefix(rec.Header().Get("Location"), testBase)
		// An annotator may not accept.
		if rec := do(t, srv, http.MethodPost, path+"/review", `{"status":"accepted"}`, anna.withBearer()...); rec.Code != http.StatusForbidden {
			t.Fatalf("accept by an annotator: got %d, want 403", rec.Code)
		}
		rec = do(t, srv, http.MethodPost, path+"/review", `{"status":"accepted"}`, vera.withBearer("If-Match", rec.Header().Get("ETag"))...)
		if rec.Code != http.StatusOK {
			t.Fatalf("accept %q → %q: got %d: %s", oe.Form, oe.Correction, rec.Code, rec.Body)
		}
		if got := decode(t, rec); got["status"] != "accepted" || got["reviewedBy"] == nil {
			t.Fatalf("got %v, want accepted with its reviewer", got)
		}
	}
	var r apiReading
	rec := do(t, srv, http.MethodGet, "/api/documents/117313/readings/ru?reading=corrected", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || len(r.Segments) != len(g.Ru) {
		t.Fatalf("got %s (%v), want %d segments", rec.Body, err, len(g.Ru))
	}
	wrong := 0
	for i, s := range r.Segments {
		if s.Text != g.Ru[i].Corrected {
			wrong++
			t.Errorf("segment %d: got %q, want %q", i+1, s.Text, g.Ru[i].Corrected)
		}
	}
	t.Logf("%d of %d corrected segments equal the gold corrected text", len(g.Ru)-wrong, len(g.Ru))
	rec = do(t, srv, http.MethodGet, "/api/documents/117313/readings/ru?reading=diplomatic", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || r.Segments[2].Text != "Баш ответ получил." {
		t.Fatalf("diplomatic: got %s", rec.Body)
	}
	rec = do(t, srv, http.MethodGet, "/api/documents/117313/readings/ru?reading=marked", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || len(r.Segments[2].Pieces) != 2 || r.Segments[2].Pieces[0].Deleted != "Баш" || r.Segments[2].Pieces[0].Inserted != "Ваш" {
		t.Fatalf("marked: got %+v", r.Segments[2])
	}
	// A correction overlapping an accepted one is refused with a reason.
	s, e := phrase(t, d, "ru", 3, "Баш ответ")
	rec = do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", correctionBody(d.ID, s, e, "Баш ответ", "Ваш ответ"), anna.withBearer()...)
	path := strings.TrimPrefix(rec.Header().Get("Location"), testBase)
	rec = do(t, srv, http.MethodPost, path+"/review", `{"status":"accepted"}`, vera.withBearer("If-Match", rec.Header().Get("ETag"))...)
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "overlaps accepted correction") {
		t.Fatalf("overlap: got %d %s, want 409 naming the overlap", rec.Code, rec.Body)
	}
}

func TestPrivateNotesAndBacklinks(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	boris := signedIn(t, db, "boris", sverka.RoleEditor)
	s, e := phrase(t, d, "ru", 3, "Баш")
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", "secret", "private", true), anna.withBearer()...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("got %d: %s", rec.Code, rec.Body)
	}
	path := strings.TrimPrefix(rec.Header().Get("Location"), testBase)
	for _, tc := range []struct {
		name    string
		headers []string
		visible bool
	}{{"author", anna.withBearer(), true}, {"editor", boris.withBearer(), false}, {"anonymous", nil, false}} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, path, "", tc.headers...)
			if tc.visible != (rec.Code == http.StatusOK) || !tc.visible && rec.Code != http.StatusNotFound {
				t.Fatalf("get: got %d", rec.Code)
			}
			rec = do(t, srv, http.MethodGet, "/api/documents/117313/annotations/", "", tc.headers...)
			if strings.Contains(rec.Body.String(), "secret") != tc.visible {
				t.Fatalf("list: got %s", rec.Body)
			}
			rec = do(t, srv, http.MethodGet, path+"/versions", "", tc.headers...)
			if strings.Contains(rec.Body.String(), "secret") != tc.visible {
				t.Fatalf("versions: got %d %s", rec.Code, rec.Body)
			}
		})
	}
	// A cross-reference from RU 3 to the English passage of row 2, to a
	// document and to an outside source; the linked document lists them.
	ls, le := phrase(t, d, "en", 2, "your reply")
	link := mustJSON(map[string]any{"type": "Annotation", "motivation": "linking", "target": textTarget(d.ID, "ru", s, e, "Баш"),
		"body": []any{
			map[string]any{"type": "SpecificResource", "source": testBase + "/documents/117313/en",
				"selector": map[string]any{"type": "TextPositionSelector", "start": ls, "end": le}},
			"https://digitalarchive.wilsoncenter.org/document/117313",
			map[string]any{"type": "TextualBody", "value": "APRF, f. 45, op. 1, d. 334, ll. 105-106", "purpose": "identifying"},
		}})
	rec = do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", link, anna.withBearer()...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("link: got %d: %s", rec.Code, rec.Body)
	}
	for _, want := range []string{`"exact":"your reply"`, `"purpose":"identifying"`, `"https://digitalarchive.wilsoncenter.org/document/117313"`} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("got %s, want it to contain %s", rec.Body, want)
		}
	}
	rec = do(t, srv, http.MethodGet, "/api/documents/117313/backlinks", "")
	if rec.Code != http.StatusOK || decode(t, rec)["partOf"].(map[string]any)["total"] != float64(1) {
		t.Fatalf("backlinks: got %d %s, want the one link", rec.Code, rec.Body)
	}
}

func TestNoteMarkdownIsSanitized(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	s, e := phrase(t, d, "ru", 3, "Баш")
	payload := `<img src=x onerror="alert(1)"><script>alert(2)</script>[x](javascript:alert(3))`
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", payload), anna.withBearer()...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("got %d: %s", rec.Code, rec.Body)
	}
	var a anno.Annotation
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	html := a.Body[0].HTML
	for _, bad := range []string{"<img", "<script", "javascript:", `onerror="`} {
		if strings.Contains(html, bad) {
			t.Errorf("got html %q, want no %q", html, bad)
		}
	}
	if *a.Body[0].Value != payload {
		t.Errorf("got value %q, want the source kept as typed", *a.Body[0].Value)
	}
}

// TestAnnotationListIncludeDeleted checks that a deleted annotation leaves
// the container, that ?include=deleted brings it back marked as deleted for
// signed-in users (so the page can offer to restore it), and that anonymous
// visitors and unknown values are refused.
func TestAnnotationListIncludeDeleted(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	reader := signedIn(t, db, "rita", sverka.RoleReader)
	s, e := phrase(t, d, "ru", 3, "Баш")
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", "kept"),
		anna.withBearer("Content-Type", anno.MediaType)...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create kept: got %d, want 201: %s", rec.Code, rec.Body)
	}
	rec = do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", "gone"),
		anna.withBearer("Content-Type", anno.MediaType)...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create gone: got %d, want 201: %s", rec.Code, rec.Body)
	}
	gone := strings.TrimPrefix(rec.Header().Get("Location"), testBase)
	if rec = do(t, srv, http.MethodDelete, gone, "", anna.withBearer("If-Match", rec.Header().Get("ETag"))...); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: got %d, want 204: %s", rec.Code, rec.Body)
	}

	// deleted lists the deleted annotations a container answer holds.
	items := func(rec *httptest.ResponseRecorder) (all []string, deleted []string) {
		t.Helper()
		var c struct {
			First struct {
				Items []struct {
					ID      string `json:"id"`
					Deleted string `json:"deleted"`
				} `json:"items"`
			} `json:"first"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
			t.Fatalf("got %s: %v", rec.Body, err)
		}
		for _, it := range c.First.Items {
			all = append(all, it.ID)
			if it.Deleted != "" {
				deleted = append(deleted, it.ID)
			}
		}
		return all, deleted
	}
	tests := []struct {
		name         string
		who          principal
		query        string
		status       int
		all, deleted int
	}{
		{"default hides deleted", anna, "", http.StatusOK, 1, 0},
		{"author sees deleted", anna, "?include=deleted", http.StatusOK, 2, 1},
		{"reader sees deleted", reader, "?include=deleted", http.StatusOK, 2, 1},
		{"with other filters", reader, "?include=deleted&motivation=commenting", http.StatusOK, 2, 1},
		{"anonymous refused", principal{}, "?include=deleted", http.StatusUnauthorized, 0, 0},
		{"unknown value", anna, "?include=everything", http.StatusBadRequest, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, "/api/documents/117313/annotations/"+tc.query, "", tc.who.withBearer()...)
			if rec.Code != tc.status {
				t.Fatalf("got %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if tc.status != http.StatusOK {
				return
			}
			all, deleted := items(rec)
			if len(all) != tc.all || len(deleted) != tc.deleted {
				t.Fatalf("got %d items (%d deleted), want %d (%d deleted)", len(all), len(deleted), tc.all, tc.deleted)
			}
			if tc.deleted > 0 && deleted[0] != testBase+gone {
				t.Errorf("got deleted %q, want %q", deleted[0], testBase+gone)
			}
		})
	}
}
