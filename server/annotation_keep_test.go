package server

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"sverka"
	"sverka/anno"
)

// TestAnnotationKeepsWhatItDoesNotUse posts annotations with every kind of
// key the Web Annotation model allows beside Sverka's own, and checks that
// they come back as they were sent: through GET, the container and a PUT
// that sends the served annotation back.
func TestAnnotationKeepsWhatItDoesNotUse(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	s, e := phrase(t, d, "ru", 3, "Баш")
	kept := map[string]any{
		"canonical": "urn:uuid:0b5c1f0e-1d1e-4d55-9d0e-5b1f6c3f2a10",
		"via":       "https://annotations.example.org/a/77",
		"rights":    "https://creativecommons.org/licenses/by/4.0/",
		"generator": map[string]any{"id": "https://client.example/", "type": "Software", "name": "Client", "homepage": "https://client.example/about"},
		"audience":  map[string]any{"type": "schema:EducationalAudience", "schema:educationalRole": "teacher"},
		"generated": "2026-11-30T10:00:00Z",
		"label":     "a note of mine",
	}
	xpath := map[string]any{"type": "XPathSelector", "value": "/html/body/pre[1]"}
	rng := map[string]any{"type": "RangeSelector",
		"startSelector": map[string]any{"type": "XPathSelector", "value": "/pre[1]"},
		"endSelector":   map[string]any{"type": "XPathSelector", "value": "/pre[1]"}}
	refine := map[string]any{"type": "TextPositionSelector", "start": 0, "end": 1}
	target := map[string]any{
		"type": "SpecificResource", "source": testBase + "/documents/117313/ru", "styleClass": "red",
		"selector": []any{
			map[string]any{"type": "TextPositionSelector", "start": s, "end": e},
			map[string]any{"type": "TextQuoteSelector", "exact": "Баш", "refinedBy": refine},
			xpath, rng,
		},
	}
	body := []any{
		map[string]any{"type": "TextualBody", "value": "Should be *Ваш*", "format": "text/plain", "language": "en", "textDirection": "ltr",
			"creator": map[string]any{"type": "Person", "nickname": "vera", "email_sha1": "58bad08927902ff9307b621c54716dcc5083e339"}},
		map[string]any{"type": "TextualBody", "value": "ocr", "purpose": "tagging", "created": "2026-11-30T10:00:00Z"},
		"https://example.org/image.png",
	}
	in := map[string]any{"@context": anno.ContextIRI, "type": "Annotation", "motivation": "commenting", "body": body, "target": target}
	for k, v := range kept {
		in[k] = v
	}
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", mustJSON(in), anna.withBearer("Content-Type", anno.MediaType)...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: got %d: %s", rec.Code, rec.Body)
	}
	loc := rec.Header().Get("Location")
	path := strings.TrimPrefix(loc, testBase)
	check := func(what string, got map[string]any) {
		t.Helper()
		for k, v := range kept {
			if !jsonEqual(got[k], v) {
				t.Errorf("%s: %s: got %v, want %v", what, k, got[k], v)
			}
		}
		bodies, _ := got["body"].([]any)
		if len(bodies) != 3 || !jsonEqual(bodies[2], body[2]) {
			t.Fatalf("%s: bodies: got %v, want three, the image kept", what, got["body"])
		}
		for _, k := range []string{"format", "language", "textDirection", "creator"} {
			if !jsonEqual(bodies[0].(map[string]any)[k], body[0].(map[string]any)[k]) {
				t.Errorf("%s: the text body's %s: got %v, want %v", what, k, bodies[0].(map[string]any)[k], body[0].(map[string]any)[k])
			}
		}
		if !jsonEqual(bodies[1].(map[string]any)["created"], "2026-11-30T10:00:00Z") {
			t.Errorf("%s: the tag's created: got %v", what, bodies[1])
		}
		tg, _ := got["target"].(map[string]any)
		sels, _ := tg["selector"].([]any)
		if tg["styleClass"] != "red" || len(sels) != 4 || !jsonEqual(sels[2], xpath) || !jsonEqual(sels[3], rng) ||
			!jsonEqual(sels[1].(map[string]any)["refinedBy"], refine) {
			t.Errorf("%s: target: got %v, want the XPath and Range selectors and refinedBy kept beside Sverka's", what, tg)
		}
		if got["id"] != loc || !strings.HasPrefix(loc, testBase+"/api/documents/117313/annotations/") {
			t.Errorf("%s: id %v, Location %q: want the same IRI, under the container", what, got["id"], loc)
		}
	}
	check("created", decode(t, rec))
	got := decode(t, do(t, srv, http.MethodGet, path, ""))
	check("read", got)
	list := decode(t, do(t, srv, http.MethodGet, "/api/documents/117313/annotations/", ""))
	check("in the container", list["first"].(map[string]any)["items"].([]any)[0].(map[string]any))

	// The served annotation sent back with a PUT keeps everything, the
	// server's own keys (id, creator, created, html) ignored.
	got["target"].(map[string]any)["styleClass"] = "blue"
	rec = do(t, srv, http.MethodPut, path, mustJSON(got), anna.withBearer("Content-Type", anno.MediaType)...)
	if rec.Code != http.StatusOK {
		t.Fatalf("put: got %d: %s", rec.Code, rec.Body)
	}
	got = decode(t, rec)
	if got["target"].(map[string]any)["styleClass"] != "blue" {
		t.Errorf("put: styleClass got %v, want blue", got["target"])
	}
	got["target"].(map[string]any)["styleClass"] = "red"
	check("updated", got)
	if _, ok := got["writtenBy"]; ok {
		t.Errorf("put: the server's own creator was kept as writtenBy: %v", got["writtenBy"])
	}

	// The IRI it had before redirects permanently, keeping the method.
	id := path[strings.LastIndex(path, "/")+1:]
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		rec = do(t, srv, m, "/api/annotations/"+id+"?x=1", "", anna.withBearer()...)
		if rec.Code != http.StatusPermanentRedirect || rec.Header().Get("Location") != path+"?x=1" {
			t.Errorf("%s old IRI: got %d to %q, want 308 to %s?x=1", m, rec.Code, rec.Header().Get("Location"), path)
		}
	}
	if rec = do(t, srv, http.MethodGet, "/api/documents/other/annotations/"+id, ""); rec.Code != http.StatusNotFound {
		t.Errorf("the annotation under another document's container: got %d, want 404", rec.Code)
	}
}

// TestAnnotationOfAnOutsidePage: a note on a web page outside the archive,
// with a creator and an id of another server (as an export from another
// client has them), is kept in the container it was posted to: its target
// as sent, the creator replaced by the user who sent it and kept as
// writtenBy, its id kept as via. It is private when its document is.
func TestAnnotationOfAnOutsidePage(t *testing.T) {
	srv, db := newTestServer(t)
	letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	in := map[string]any{
		"@context": []any{anno.ContextIRI, map[string]any{"dcterms": "http://purl.org/dc/terms/", "mine": "https://client.example/ns#mine"}},
		"id":       "https://hypothes.is/a/AbC123", "type": "Annotation",
		"creator": "acct:vera@hypothes.is", "created": "2024-03-01T12:00:00.000000+00:00",
		"body":   map[string]any{"type": "TextualBody", "value": "I like this page!"},
		"target": map[string]any{"source": "https://www.example.com/index.html", "selector": map[string]any{"type": "CssSelector", "value": "#intro > p"}},
		"mine":   map[string]any{"x": 1}, "dcterms:subject": "Korea",
	}
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", mustJSON(in), anna.withBearer("Content-Type", anno.MediaType)...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: got %d: %s", rec.Code, rec.Body)
	}
	got := decode(t, rec)
	want := map[string]any{"target": in["target"], "via": in["id"], "writtenBy": in["creator"], "writtenAt": in["created"],
		"motivation": "commenting", "mine": in["mine"], "dcterms:subject": "Korea"}
	for k, v := range want {
		if !jsonEqual(got[k], v) {
			t.Errorf("%s: got %v, want %v", k, got[k], v)
		}
	}
	if c, _ := got["creator"].(map[string]any); c["name"] != "anna" {
		t.Errorf("creator: got %v, want the user who sent it", got["creator"])
	}
	if ctx, _ := got["@context"].([]any); len(ctx) != 3 || !jsonEqual(ctx[2], in["@context"].([]any)[1]) {
		t.Errorf("@context: got %v, want anno's, Sverka's and the client's own", got["@context"])
	}
	// An unknown key no context defines is still refused.
	in["nope"] = 1
	if rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", mustJSON(in), anna.withBearer("Content-Type", anno.MediaType)...); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "nope") {
		t.Errorf("unknown key: got %d %s, want 400 naming it", rec.Code, rec.Body)
	}
	// A note on an outside page cannot be a correction.
	delete(in, "nope")
	in["motivation"] = "editing"
	if rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", mustJSON(in), anna.withBearer("Content-Type", anno.MediaType)...); rec.Code != http.StatusBadRequest {
		t.Errorf("correction of an outside page: got %d %s, want 400", rec.Code, rec.Body)
	}
}

// jsonEqual compares two values as JSON.
func jsonEqual(a, b any) bool {
	var x, y any
	ab, _ := json.Marshal(a)
	bb, _ := json.Marshal(b)
	_ = json.Unmarshal(ab, &x)
	_ = json.Unmarshal(bb, &y)
	return reflect.DeepEqual(x, y)
}
