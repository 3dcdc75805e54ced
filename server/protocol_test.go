package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sverka"
	"sverka/anno"
)

// TestHeadAndOptions checks the Web Annotation Protocol's verbs besides GET
// on a container and an annotation: HEAD answers GET's headers without a
// body, OPTIONS answers 200 with GET's headers (Content-Type too, which the
// web-platform-tests harness reads), and a route without GET still says 405.
func TestHeadAndOptions(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	s, e := phrase(t, d, "ru", 3, "Баш")
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", "Ваш"), anna.withBearer("Content-Type", anno.MediaType)...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: got %d: %s", rec.Code, rec.Body)
	}
	note := strings.TrimPrefix(rec.Header().Get("Location"), testBase)
	for _, path := range []string{"/api/documents/117313/annotations/", note} {
		get := do(t, srv, http.MethodGet, path, "")
		if get.Code != http.StatusOK || get.Body.Len() == 0 {
			t.Fatalf("GET %s: got %d", path, get.Code)
		}
		for _, method := range []string{http.MethodHead, http.MethodOptions} {
			rec := do(t, srv, method, path, "")
			if rec.Code != http.StatusOK {
				t.Errorf("%s %s: got %d, want 200", method, path, rec.Code)
			}
			if rec.Body.Len() != 0 {
				t.Errorf("%s %s: got a body of %d bytes, want none", method, path, rec.Body.Len())
			}
			for _, h := range []string{"Content-Type", "ETag", "Link", "Vary"} {
				if got, want := rec.Header().Get(h), get.Header().Get(h); got != want || got == "" {
					t.Errorf("%s %s: %s %q, want GET's %q", method, path, h, got, want)
				}
			}
			if allow := rec.Header().Get("Allow"); !strings.Contains(allow, "HEAD") || !strings.Contains(allow, "OPTIONS") || !strings.Contains(allow, "GET") {
				t.Errorf("%s %s: Allow %q, want GET, HEAD and OPTIONS", method, path, allow)
			}
		}
	}
	if rec := do(t, srv, http.MethodHead, "/logout", ""); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("HEAD /logout: got %d, want 405", rec.Code)
	}
}

// TestContainerHeaders checks the container's ETag (and 304 for it),
// Content-Location equal to its id, Accept-Post, and the minimal container
// a client may prefer.
func TestContainerHeaders(t *testing.T) {
	srv, _ := newTestServer(t)
	const path = "/api/documents/117313/annotations/"
	rec := do(t, srv, http.MethodGet, path, "")
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if loc := rec.Header().Get("Content-Location"); loc == "" || loc != body["id"] {
		t.Errorf("Content-Location %q, want the container's id %v", loc, body["id"])
	}
	if ap := rec.Header().Get("Accept-Post"); !strings.Contains(ap, "application/ld+json") {
		t.Errorf("Accept-Post %q, want the JSON-LD media type", ap)
	}
	etag := rec.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if rec := do(t, srv, http.MethodGet, path, "", "If-None-Match", `W/"x", `+etag); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the ETag in a list: got %d, want 304", rec.Code)
	}
	if _, embedded := body["first"].(map[string]any); !embedded {
		t.Errorf("first is %T, want the first page embedded by default", body["first"])
	}
	rec = do(t, srv, http.MethodGet, path, "", "Prefer", `return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"`)
	body = nil
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if _, iri := body["first"].(string); !iri || body["last"] == nil || body["items"] != nil {
		t.Errorf("minimal container: first %v, last %v, items %v; want first and last as IRIs and no items", body["first"], body["last"], body["items"])
	}
	if rec.Header().Get("ETag") == etag {
		t.Error("the minimal container has the full container's ETag")
	}
}

// TestAnonymousWriteIsUnauthorized checks that a write without any
// credentials is 401 with WWW-Authenticate (not a CSRF 403), and that a
// malformed annotation id is 404.
func TestAnonymousWriteIsUnauthorized(t *testing.T) {
	srv, _ := newTestServer(t)
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", `{"type":"Annotation"}`, "Content-Type", anno.MediaType)
	if rec.Code != http.StatusUnauthorized || !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("anonymous POST: got %d with WWW-Authenticate %q, want 401 Bearer", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	if rec := do(t, srv, http.MethodGet, "/api/annotations/abc", ""); rec.Code != http.StatusNotFound {
		t.Errorf("GET /api/annotations/abc: got %d, want 404", rec.Code)
	}
}

// TestCORS checks that any origin may read, that only listed origins may
// write (preflight), and that no answer lets cookies cross origins.
func TestCORS(t *testing.T) {
	srv, _ := newTestServer(t)
	srv.cfg.CORSOrigins = []string{"https://tool.example"}
	const path = "/api/documents/117313/annotations/"
	preflight := func(origin, method string) *http.Response {
		rec := do(t, srv, http.MethodOptions, path, "", "Origin", origin, "Access-Control-Request-Method", method, "Access-Control-Request-Headers", "authorization, content-type")
		return rec.Result()
	}
	for _, tc := range []struct {
		name       string
		res        *http.Response
		wantStatus int
		wantOrigin string
	}{
		{"read from anywhere", do(t, srv, http.MethodGet, path, "", "Origin", "https://else.example").Result(), http.StatusOK, "*"},
		{"preflight of a read from anywhere", preflight("https://else.example", http.MethodGet), http.StatusNoContent, "*"},
		{"preflight of a write from a listed origin", preflight("https://tool.example", http.MethodPost), http.StatusNoContent, "https://tool.example"},
		{"preflight of a write from another origin", preflight("https://else.example", http.MethodPost), http.StatusForbidden, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.res.StatusCode != tc.wantStatus {
				t.Errorf("got %d, want %d", tc.res.StatusCode, tc.wantStatus)
			}
			if got := tc.res.Header.Get("Access-Control-Allow-Origin"); got != tc.wantOrigin {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tc.wantOrigin)
			}
			if tc.res.Header.Get("Access-Control-Allow-Credentials") != "" {
				t.Error("an answer allows credentials across origins")
			}
		})
	}
	res := preflight("https://tool.example", http.MethodPost)
	if h := res.Header.Get("Access-Control-Allow-Headers"); !strings.Contains(h, "Authorization") || !strings.Contains(h, "If-Match") {
		t.Errorf("Access-Control-Allow-Headers %q, want Authorization and If-Match", h)
	}
}

// TestContentNegotiation: annotations, containers and pages are JSON-LD by
// default and for JSON, Turtle when asked, and 406 for what is not served.
func TestContentNegotiation(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	s, e := phrase(t, d, "ru", 3, "Баш")
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", "Should be *Ваш*"), anna.withBearer("Content-Type", anno.MediaType, "Accept", "image/png")...)
	if rec.Code != http.StatusCreated || rec.Header().Get("Content-Type") != anno.MediaType {
		t.Fatalf("create asking for PNG: got %d %q, want 201 in JSON-LD (a write answers whatever it accepts)", rec.Code, rec.Header().Get("Content-Type"))
	}
	note := strings.TrimPrefix(rec.Header().Get("Location"), testBase)
	for _, path := range []string{note, "/api/documents/117313/annotations/", "/api/documents/117313/annotations/?page=0"} {
		for _, tc := range []struct{ accept, want string }{
			{"", anno.MediaType}, {"*/*", anno.MediaType}, {"application/json", anno.MediaType},
			{"text/html,application/xhtml+xml,*/*;q=0.8", anno.MediaType},
			{"text/turtle", turtleType}, {"application/ld+json;q=0.5, text/turtle", turtleType},
			{"text/turtle;q=0.5, application/ld+json", anno.MediaType}, {"text/turtle, */*", turtleType},
			{"image/png", ""}, {"application/ld+json;q=0", ""},
		} {
			rec := do(t, srv, http.MethodGet, path, "", "Accept", tc.accept)
			switch {
			case tc.want == "" && rec.Code != http.StatusNotAcceptable:
				t.Errorf("GET %s, Accept %q: got %d, want 406", path, tc.accept, rec.Code)
			case tc.want != "" && (rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != tc.want):
				t.Errorf("GET %s, Accept %q: got %d %q, want 200 %q", path, tc.accept, rec.Code, rec.Header().Get("Content-Type"), tc.want)
			case tc.want == turtleType && !strings.Contains(rec.Body.String(), "<http://www.w3.org/ns/oa#hasTarget>"):
				t.Errorf("GET %s as Turtle: got %.300s, want the annotation's triples", path, rec.Body)
			}
		}
	}
	if rec := do(t, srv, http.MethodGet, note, "", "Accept", "text/turtle"); !strings.Contains(rec.Body.String(), "Should be *Ваш*") {
		t.Errorf("the Turtle of the note lacks its text: %s", rec.Body)
	}
	// PreferContainedIRIs: the annotations named by their IRIs, in the
	// container's first page and in a page.
	for _, path := range []string{"/api/documents/117313/annotations/", "/api/documents/117313/annotations/?page=0"} {
		rec := do(t, srv, http.MethodGet, path, "", "Prefer", `return=representation;include="http://www.w3.org/ns/oa#PreferContainedIRIs"`)
		page := decode(t, rec)
		if first, ok := page["first"].(map[string]any); ok {
			page = first
		}
		if items, _ := page["items"].([]any); len(items) != 1 || items[0] != testBase+note || rec.Header().Get("Preference-Applied") == "" {
			t.Errorf("GET %s preferring contained IRIs: items %v (%s), want [%s%s]", path, page["items"], rec.Header().Get("Preference-Applied"), testBase, note)
		}
	}
}

// TestTurtleWithAContextSverkaDoesNotRead: an annotation whose client named
// a context of its own by IRI (which Sverka keeps and does not fetch) is
// still served as Turtle, alone and in its container, with every triple
// the known contexts give and a comment naming the context not read (it
// was 406 before, for the container too).
func TestTurtleWithAContextSverkaDoesNotRead(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	s, e := phrase(t, d, "ru", 3, "Баш")
	const ctx = "https://client.example/ns/context.jsonld"
	body := noteBody(d.ID, "ru", s, e, "Баш", "Should be *Ваш*", "@context", []any{anno.ContextIRI, ctx}, "mood", "doubtful")
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", body, anna.withBearer("Content-Type", anno.MediaType)...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: got %d: %s", rec.Code, rec.Body)
	}
	note := strings.TrimPrefix(rec.Header().Get("Location"), testBase)
	for _, path := range []string{note, "/api/documents/117313/annotations/"} {
		rec := do(t, srv, http.MethodGet, path, "", "Accept", "text/turtle")
		ttl := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(ttl, "Should be *Ваш*") || !strings.Contains(ttl, "<http://www.w3.org/ns/oa#hasTarget>") ||
			!strings.HasPrefix(ttl, "# The context <"+ctx+"> is not read here") {
			t.Errorf("GET %s as Turtle: got %d %.400s, want the note's triples after a comment naming %s", path, rec.Code, ttl, ctx)
		}
	}
	if got := decode(t, do(t, srv, http.MethodGet, note, "")); got["mood"] != "doubtful" {
		t.Errorf("the JSON-LD lost the key of the client's context: %v", got)
	}
}

// TestSlugIsNotUsed: Sverka names an annotation by its number, whatever
// Slug a client suggests (RFC 5023 lets a server ignore it; see the README
// for why Sverka does): the suggestion is no error, the IRI is the
// container's plus a number, the same Slug twice makes two annotations,
// and the suggested name is nothing on the server (404).
func TestSlugIsNotUsed(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	s, e := phrase(t, d, "ru", 3, "Баш")
	numbered := regexp.MustCompile(`^` + regexp.QuoteMeta(testBase) + `/api/documents/117313/annotations/[1-9][0-9]*$`)
	var made []string
	for range 2 {
		rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", "Should be *Ваш*"),
			anna.withBearer("Content-Type", anno.MediaType, "Slug", "my-note")...)
		if loc := rec.Header().Get("Location"); rec.Code != http.StatusCreated || !numbered.MatchString(loc) || slices.Contains(made, loc) {
			t.Fatalf("create with a Slug: got %d at %q (made before: %v), want 201 at a new numbered IRI", rec.Code, loc, made)
		}
		made = append(made, rec.Header().Get("Location"))
	}
	if rec := do(t, srv, http.MethodGet, "/api/documents/117313/annotations/my-note", ""); rec.Code != http.StatusNotFound {
		t.Errorf("GET the Slug's name: got %d, want 404", rec.Code)
	}
}
