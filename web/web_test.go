package web

import (
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"
)

func TestSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"document 7: not found", "Document 7."},
		{"the name \"anna\" is taken: conflict", "The name \"anna\" is taken."},
		{"Already a sentence.", "Already a sentence."},
		{"ёлка is not a role", "Ёлка is not a role."},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := sentence(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// importSpec is the module a JavaScript import or dynamic import() names.
var importSpec = regexp.MustCompile(`(?:\bfrom\s*|\bimport\s*\(\s*|^import\s*)["']([^"']+)["']`)

// TestModulesLoadOnce: a module's relative import, resolved against the
// importing module's URL as a browser resolves it, is the imported file's
// own URL, so that every importer shares one instance of it (one state in
// page.js, one request helper in api.js) and nothing is fetched twice.
func TestModulesLoadOnce(t *testing.T) {
	pages, err := Parse()
	if err != nil {
		t.Fatal(err)
	}
	modules, err := fs.Glob(Static, "js/*.js")
	if err != nil || len(modules) == 0 {
		t.Fatalf("no modules (%v)", err)
	}
	imports := 0
	for _, m := range modules {
		b, err := fs.ReadFile(Static, m)
		if err != nil {
			t.Fatal(err)
		}
		base, _ := url.Parse(pages.StaticURL(m))
		for _, line := range strings.Split(string(b), "\n") {
			for _, spec := range importSpec.FindAllStringSubmatch(strings.TrimSpace(line), -1) {
				if !strings.HasPrefix(spec[1], ".") {
					continue
				}
				ref, _ := url.Parse(spec[1])
				got := base.ResolveReference(ref).Path
				imported := path.Join(path.Dir(m), spec[1])
				if want := pages.StaticURL(imported); got != want {
					t.Errorf("%s imports %s as %s, but the page loads it as %s: two instances", m, spec[1], got, want)
				}
				imports++
			}
		}
	}
	if imports < 10 {
		t.Fatalf("found %d relative imports; the pattern no longer reads the modules", imports)
	}
}
