package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"sverka"
	"sverka/anno"
)

// TestServedJSONLDExpands expands what Sverka serves (an annotation with
// keys it only keeps, the container with its first page, a page, the W3C
// export) with a real JSON-LD 1.1 processor (json-gold) against the Web
// Annotation context and Sverka's: no key is dropped (every value sent is in
// the expansion), every IRI is absolute, and every IRI on the server
// resolves there.
func TestServedJSONLDExpands(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	s, e := phrase(t, d, "ru", 3, "Баш")
	note := noteBody(d.ID, "ru", s, e, "Баш", "Should be *Ваш*", "canonical", "urn:uuid:1b0c", "rights", "https://creativecommons.org/licenses/by/4.0/",
		"generator", map[string]any{"id": "https://client.example/", "type": "Software", "nickname": "client"}, "creator", "acct:vera@hypothes.is")
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", note, anna.withBearer("Content-Type", anno.MediaType)...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: got %d: %s", rec.Code, rec.Body)
	}
	loc := strings.TrimPrefix(rec.Header().Get("Location"), testBase)
	for _, path := range []string{loc, "/api/documents/117313/annotations/", "/api/documents/117313/annotations/?page=0",
		"/api/documents/117313/backlinks", "/api/documents/117313/export?format=w3c", "/api/export?format=w3c"} {
		rec := do(t, srv, http.MethodGet, path, "")
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: got %d", path, rec.Code)
		}
		var served any
		if err := json.Unmarshal(rec.Body.Bytes(), &served); err != nil {
			t.Fatal(err)
		}
		expanded, err := anno.Expand(rec.Body.Bytes(), testBase)
		if err != nil {
			t.Fatalf("GET %s: expand: %v", path, err)
		}
		want, got := map[string]int{}, map[string]int{}
		values(served, want, true)
		values(expanded, got, false)
		for v, n := range want {
			if got[v] < n {
				t.Errorf("GET %s: %q is %d times in the answer but %d times in its expansion: a key was dropped", path, v, n, got[v])
			}
		}
		for _, iri := range iris(expanded) {
			u, err := url.Parse(iri)
			if err != nil || u.Scheme == "" {
				t.Errorf("GET %s: %q is not an absolute IRI", path, iri)
				continue
			}
			if !strings.HasPrefix(iri, testBase+"/") {
				continue
			}
			target := strings.TrimPrefix(iri, testBase)
			if i := strings.IndexByte(target, '#'); i >= 0 {
				target = target[:i]
			}
			if rec := do(t, srv, http.MethodGet, target, ""); rec.Code != http.StatusOK {
				t.Errorf("GET %s names %s, which answers %d", path, iri, rec.Code)
			}
		}
	}
}

// values counts the scalar values of a JSON document (outside @context);
// in an expansion, only those of @value, @id and @type.
func values(v any, out map[string]int, served bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			switch {
			case k == "@context":
			case !served && k == "@type" || served && k == "type":
				// A type is a term that expands to an IRI of any vocabulary:
				// counted, not named.
				if l, ok := y.([]any); ok {
					out["a type"] += len(l)
				} else {
					out["a type"]++
				}
			case !served && (k == "@value" || k == "@id"):
				scalars(y, out)
			default:
				values(y, out, served)
			}
		}
	case []any:
		for _, y := range x {
			values(y, out, served)
		}
	default:
		if served {
			scalars(x, out)
		}
	}
}

// scalars counts a scalar, or the scalars of a list, as text. Terms are
// compared by their last part, as expansion makes IRIs of them.
func scalars(v any, out map[string]int) {
	switch x := v.(type) {
	case []any:
		for _, y := range x {
			scalars(y, out)
		}
	case map[string]any:
	default:
		b, _ := json.Marshal(x)
		s := strings.Trim(string(b), `"`)
		if i := strings.LastIndexAny(s, "#"); i >= 0 && strings.HasPrefix(s, "http://www.w3.org/ns/") {
			s = s[i+1:]
		}
		out[s]++
	}
}

// iris lists the IRIs an expansion names: @id values and @type values, and
// its keys.
func iris(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			if !strings.HasPrefix(k, "@") {
				out = append(out, k)
			}
			if k == "@id" || k == "@type" {
				var list []any
				if l, ok := y.([]any); ok {
					list = l
				} else {
					list = []any{y}
				}
				for _, s := range list {
					if s, ok := s.(string); ok && !strings.HasPrefix(s, "_:") {
						out = append(out, s)
					}
				}
				continue
			}
			out = append(out, iris(y)...)
		}
	case []any:
		for _, y := range x {
			out = append(out, iris(y)...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
