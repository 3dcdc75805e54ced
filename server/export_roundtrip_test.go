package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"sverka/anno"
	"sverka/exchange"
	"sverka/internal/goldtest"
	"sverka/store"
)

// TestReimportedAnnotations exports the letter with every kind of
// annotation as Sverka JSON, imports it with replace into another
// server's database, and checks what readers see there: the same corrected
// and diplomatic readings, and W3C annotations that meet every MUST of the
// W3C test suite, as many as before.
func TestReimportedAnnotations(t *testing.T) {
	ctx := context.Background()
	srvA, dbA := newTestServer(t)
	f, err := goldtest.Annotate(ctx, dbA)
	if err != nil {
		t.Fatal(err)
	}
	// A note of an outside page, keeping what its client sent.
	kept := `{"target":"https://www.example.com/index.html","canonical":"urn:uuid:5b0c","body":{"type":"TextualBody","value":"a page","language":"en"}}`
	in, err := anno.Parse([]byte(kept))
	if err != nil {
		t.Fatal(err)
	}
	outside, err := anno.Codec{Base: testBase}.Decode("117313", in)
	if err != nil {
		t.Fatal(err)
	}
	outside.CreatorID = f.Anna.ID
	if err := dbA.CreateAnnotation(ctx, outside); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	docs := func(yield func(exchange.Source) error) error {
		return dbA.Export(ctx, []string{"117313"}, f.Boris, func(s *store.ExportSource) error { return yield(s) })
	}
	if err := exchange.WriteJSON(&buf, docs, exchange.Options{}); err != nil {
		t.Fatal(err)
	}
	archives, err := exchange.ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	srvB, dbB := newTestServer(t)
	if err := dbB.ImportDocument(ctx, archives[0], true); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{
		"/api/documents/117313/readings/ru?reading=corrected",
		"/api/documents/117313/readings/ru?reading=diplomatic",
		"/api/documents/117313/readings/en",
	} {
		a, b := do(t, srvA, http.MethodGet, target, ""), do(t, srvB, http.MethodGet, target, "")
		if a.Code != http.StatusOK || b.Code != http.StatusOK {
			t.Fatalf("GET %s: got %d and %d, want 200", target, a.Code, b.Code)
		}
		if a.Body.String() != b.Body.String() {
			t.Errorf("GET %s differs after the round trip", target)
		}
	}
	items := func(srv *Server) ([]any, any) {
		t.Helper()
		rec := do(t, srv, http.MethodGet, "/api/documents/117313/export?format=w3c", "")
		var coll map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &coll); err != nil {
			t.Fatalf("%v: %s", err, rec.Body)
		}
		first, _ := coll["first"].(map[string]any)
		list, _ := first["items"].([]any)
		return list, coll["@context"]
	}
	before, _ := items(srvA)
	after, context := items(srvB)
	if len(after) == 0 || len(after) != len(before) {
		t.Fatalf("got %d W3C annotations after the round trip, want %d", len(after), len(before))
	}
	found := 0
	for _, it := range after {
		if a := it.(map[string]any); a["canonical"] == "urn:uuid:5b0c" {
			found++
			if a["target"] != "https://www.example.com/index.html" || a["body"].(map[string]any)["language"] != "en" {
				t.Errorf("the note of an outside page came back as %v", a)
			}
		}
	}
	if found != 1 {
		t.Errorf("got %d notes of the outside page after the round trip, want 1", found)
	}
	schemas := w3cSchemas(t)
	for i, it := range after {
		a := it.(map[string]any)
		a["@context"] = context
		for name, sch := range schemas {
			if err := sch.Validate(a); err != nil {
				t.Errorf("re-imported annotation %d fails %s: %v", i+1, name, err)
			}
		}
	}
}
