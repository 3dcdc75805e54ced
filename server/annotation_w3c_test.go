package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"sverka"
	"sverka/anno"
)

// w3cSchemas compiles the MUST assertions of the W3C Web Annotation test
// suite, with all seven definition files preloaded.
func w3cSchemas(t testing.TB) map[string]*jsonschema.Schema {
	t.Helper()
	dir := filepath.Join("testdata", "w3c")
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	load := func(path string) {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource("https://w3c.test/"+filepath.Base(path), doc); err != nil {
			t.Fatal(err)
		}
	}
	defs, _ := filepath.Glob(filepath.Join(dir, "definitions", "*.json"))
	if len(defs) != 7 {
		t.Fatalf("got %d definition files, want 7", len(defs))
	}
	for _, p := range defs {
		load(p)
	}
	var test struct {
		Assertions []string `json:"assertions"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "annotations", "annotationMusts.test"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &test); err != nil {
		t.Fatal(err)
	}
	out := map[string]*jsonschema.Schema{}
	for _, a := range test.Assertions {
		load(filepath.Join(dir, a))
	}
	for _, a := range test.Assertions {
		sch, err := c.Compile("https://w3c.test/" + filepath.Base(a))
		if err != nil {
			t.Fatalf("compile %s: %v", a, err)
		}
		out[a] = sch
	}
	return out
}

// definedTerms are the keys anno.jsonld and Sverka's context define.
func definedTerms(t testing.TB) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "w3c", "anno.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	var ctx struct {
		Context map[string]any `json:"@context"`
	}
	if err := json.Unmarshal(b, &ctx); err != nil {
		t.Fatal(err)
	}
	terms := map[string]bool{"@context": true}
	for k := range ctx.Context {
		terms[k] = true
	}
	for k := range anno.Terms {
		terms[k] = true
	}
	return terms
}

// undefinedKeys lists the keys of v (recursively) that no context defines.
// The value of @context itself is not walked.
func undefinedKeys(v any, terms map[string]bool, path string) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if !terms[k] {
				out = append(out, path+"."+k)
			}
			if k != "@context" {
				out = append(out, undefinedKeys(val, terms, path+"."+k)...)
			}
		}
	case []any:
		for i, val := range x {
			out = append(out, undefinedKeys(val, terms, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

// TestServedAnnotationsMeetW3CMusts validates every kind of annotation as
// served against the W3C suite's MUST checks and checks that every key is
// defined by anno.jsonld or Sverka's context.
func TestServedAnnotationsMeetW3CMusts(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	schemas := w3cSchemas(t)
	terms := definedTerms(t)
	s, e := phrase(t, d, "ru", 3, "Баш")
	ls, le := phrase(t, d, "en", 2, "your reply")
	post := func(body string) string {
		rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", body, anna.withBearer()...)
		if rec.Code != http.StatusCreated {
			t.Fatalf("got %d: %s", rec.Code, rec.Body)
		}
		return strings.TrimPrefix(rec.Header().Get("Location"), testBase)
	}
	note := post(noteBody(d.ID, "ru", s, e, "Баш", "**note**", "body", []any{
		map[string]any{"type": "TextualBody", "value": "**note**"}, map[string]any{"type": "TextualBody", "value": "tag", "purpose": "tagging"}}))
	corr := post(correctionBody(d.ID, s, e, "Баш", "Ваш"))
	if rec := do(t, srv, http.MethodPost, corr+"/review", `{"status":"accepted"}`, vera.withBearer("If-Match", "*")...); rec.Code != http.StatusOK {
		t.Fatal(rec.Body)
	}
	del := post(correctionBody(d.ID, s, s+1, "Б", ""))
	post(mustJSON(map[string]any{"type": "Annotation", "motivation": "replying", "target": testBase + note, "bodyValue": "reply"}))
	post(mustJSON(map[string]any{"type": "Annotation", "motivation": "linking", "target": textTarget(d.ID, "ru", s, e, "Баш"),
		"body": []any{
			map[string]any{"type": "SpecificResource", "source": testBase + "/documents/117313/en", "selector": []any{map[string]any{"type": "TextPositionSelector", "start": ls, "end": le}}},
			testBase + "/documents/117313",
			"https://digitalarchive.wilsoncenter.org/document/117313",
			map[string]any{"type": "TextualBody", "value": "APRF f. 45", "purpose": "identifying"},
			map[string]any{"type": "TextualBody", "value": "see also"},
		}}))
	_ = del
	rec := do(t, srv, http.MethodGet, "/api/documents/117313/annotations/?page=0", "", anna.withBearer()...)
	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || len(page.Items) != 5 {
		t.Fatalf("got %s, want 5 items", rec.Body)
	}
	var served []any
	for _, raw := range page.Items {
		var v map[string]any
		json.Unmarshal(raw, &v)
		// Each one also as served alone, with its @context.
		id := strings.TrimPrefix(v["id"].(string), testBase)
		one := do(t, srv, http.MethodGet, id, "", anna.withBearer()...)
		var w any
		if err := json.Unmarshal(one.Body.Bytes(), &w); err != nil {
			t.Fatal(err)
		}
		served = append(served, w)
	}
	// The collection and page themselves use only defined keys.
	var coll, pg any
	json.Unmarshal(do(t, srv, http.MethodGet, "/api/documents/117313/annotations/", "").Body.Bytes(), &coll)
	json.Unmarshal(rec.Body.Bytes(), &pg)
	for _, v := range []any{coll, pg} {
		if bad := undefinedKeys(v, terms, "$"); len(bad) > 0 {
			t.Errorf("keys not defined by any context: %v", bad)
		}
	}
	for i, v := range served {
		for name, sch := range schemas {
			if err := sch.Validate(v); err != nil {
				t.Errorf("annotation %d fails %s: %v", i+1, name, err)
			}
		}
		if bad := undefinedKeys(v, terms, "$"); len(bad) > 0 {
			t.Errorf("annotation %d: keys not defined by any context: %v", i+1, bad)
		}
	}
	// The suite itself catches a broken annotation: a body and a bodyValue.
	broken := map[string]any{"@context": anno.ContextIRI, "id": "http://example.com/a", "type": "Annotation",
		"body": "http://example.com/b", "bodyValue": "x", "target": "http://example.com/t"}
	failed := 0
	for _, sch := range schemas {
		if sch.Validate(broken) != nil {
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("the MUST checks accept an annotation with both body and bodyValue; the schemas are not loaded right")
	}
	// Sverka's context is served and defines every Sverka term.
	rec = do(t, srv, http.MethodGet, anno.ContextPath, "")
	var ctx struct {
		Context map[string]any `json:"@context"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &ctx); err != nil {
		t.Fatal(err)
	}
	for k := range anno.Terms {
		if ctx.Context[k] == nil {
			t.Errorf("Sverka's context does not define %q", k)
		}
	}
}
