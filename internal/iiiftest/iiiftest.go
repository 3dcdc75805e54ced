// Package iiiftest validates IIIF Presentation 3.0 documents in tests
// against the IIIF presentation validator's JSON Schema, kept in the iiif
// package's testdata with its source.
package iiiftest

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Validate checks the JSON document b against the IIIF Presentation 3.0
// schema, with format assertions on, and returns what is wrong.
func Validate(t testing.TB, b []byte) error {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	f, err := os.Open(filepath.Join(filepath.Dir(here), "..", "..", "iiif", "testdata", "iiif_3_0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("https://iiif.test/iiif_3_0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("https://iiif.test/iiif_3_0.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return s.Validate(v)
}
