package anno

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// TestWebTermsAreTheContext checks WebTerms against the Web Annotation
// context itself (copied into server/testdata/w3c with its source).
func TestWebTermsAreTheContext(t *testing.T) {
	b, err := os.ReadFile("../server/testdata/w3c/anno.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Context map[string]any `json:"@context"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var want []string
	for k := range doc.Context {
		if k[0] != '@' {
			want = append(want, k)
		}
	}
	slices.Sort(want)
	got := slices.Sorted(slices.Values(WebTerms))
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want the context's terms %v", got, want)
	}
	for _, p := range prefixes {
		if _, ok := doc.Context[p]; !ok && p != "sverka" {
			t.Errorf("prefix %s is not defined by the context", p)
		}
	}
}

// TestKeyDefined: keys that a JSON-LD processor gives a meaning to pass,
// a misspelt key does not.
func TestKeyDefined(t *testing.T) {
	for _, tc := range []struct {
		key  string
		want bool
	}{
		{"canonical", true}, {"status", true}, {"dcterms:title", true}, {"http://purl.org/dc/terms/title", true},
		{"mine", false}, {"motivaton", false}, {"body:x", false}, {"nope:x", false},
	} {
		if got := keyDefined(tc.key, nil, false); got != tc.want {
			t.Errorf("keyDefined(%q) = %v, want %v", tc.key, got, tc.want)
		}
	}
	if !keyDefined("mine", map[string]bool{"mine": true}, false) || !keyDefined("ex:x", map[string]bool{"ex": true}, false) {
		t.Error("a term or prefix of the client's own context is not defined")
	}
}
