package exchange

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sverka/internal/goldtest"
	"sverka/internal/storetest"
)

// need returns the path of an outside program, skipping the test when it
// is missing, or failing it on CI, where .ci/run installs it.
func need(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed; .ci/run installs it", name)
		}
		t.Skipf("%s is not installed (Debian: apt-get install %s); skipping its validation", name, map[string]string{"jing": "jing", "xmllint": "libxml2-utils"}[name])
	}
	return p
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	// SVERKA_EXPORT_DIR keeps a copy to look at.
	if dir := os.Getenv("SVERKA_EXPORT_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// jing validates a TEI file against tei_all.rng.
func jing(t *testing.T, file string) error {
	t.Helper()
	out, err := exec.Command(need(t, "jing"), "testdata/tei_all.rng", file).CombinedOutput()
	if err != nil {
		return &validationError{string(out)}
	}
	return nil
}

type validationError struct{ out string }

func (e *validationError) Error() string { return e.out }

func TestTEIValidates(t *testing.T) {
	f := newAnnotated(t)
	b := export(t, f.db, "tei", Options{}, "117313")
	p := writeTemp(t, "letter.xml", b)
	if err := jing(t, p); err != nil {
		t.Fatalf("jing: %v", err)
	}
	// Read back, it shows the same links, corrections and notes.
	got := readTEI(t, b)
	if len(got.links) != 22 {
		t.Errorf("got %d links, want 22", len(got.links))
	}
	if !strings.HasSuffix(got.links[21], "#d117313-ru") {
		t.Errorf("got last link %q, want the 0:1 link to point at the Russian div", got.links[21])
	}
	g, err := goldtest.Load(goldtest.Dir())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range g.Errors {
		if c, ok := got.choices[e.Form]; !ok || c != e.Correction {
			t.Errorf("correction of %q: got %q (present %v), want %q", e.Form, c, ok, e.Correction)
		}
	}
	if len(got.choices) > f.corrections {
		t.Errorf("got %d corrections, want %d: the proposed one must be left out", len(got.choices), f.corrections)
	}
	if len(got.notes) != 6 {
		t.Errorf("got %d notes, want 6 (2 notes, 3 cross-references, 1 reply; no private or deleted one)", len(got.notes))
	}
	if bytes.Contains(b, []byte(f.privateNote)) {
		t.Error("the private note of boris left with an anonymous export")
	}
	// boris sees his own private note.
	var mine bytes.Buffer
	if err := WriteTEI(&mine, documents(f.db, f.boris, "117313"), Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(mine.Bytes(), []byte(f.privateNote)) {
		t.Error("boris's export lacks his private note")
	}
}

// TestTEIBrokenFails makes sure the validation can fail: a TEI export with
// an element TEI does not have is refused by jing.
func TestTEIBrokenFails(t *testing.T) {
	db := storetest.Open(t)
	b := export(t, db, "tei", Options{}, "117313")
	broken := bytes.Replace(b, []byte("<linkGrp"), []byte("<alignment/><linkGrp"), 1)
	if err := jing(t, writeTemp(t, "broken.xml", broken)); err == nil {
		t.Error("jing accepted a TEI file with an <alignment> element")
	}
}

func TestTEICorpusValidates(t *testing.T) {
	f := newAnnotated(t)
	b := export(t, f.db, "tei", Options{Proposed: true, Diplomatic: false})
	if !bytes.Contains(b, []byte(`cert="low"`)) {
		t.Error("a proposed correction, asked for, is not marked uncertain")
	}
	if err := jing(t, writeTemp(t, "corpus.xml", b)); err != nil {
		t.Fatalf("jing: %v", err)
	}
	readTEI(t, b)
}

// teiFile is what a test reads back from a TEI export.
type teiFile struct {
	ids     map[string]bool
	refs    []string // every #id pointed at
	links   []string // link targets in order
	choices map[string]string
	notes   map[string]string // note id -> target
}

// readTEI reads a TEI export back: its ids, pointers, links, corrections
// (sic → corr) and notes.
func readTEI(t *testing.T, b []byte) *teiFile {
	t.Helper()
	f := &teiFile{ids: map[string]bool{}, choices: map[string]string{}, notes: map[string]string{}}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	var sic, corr string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
			var id, target string
			for _, a := range tok.Attr {
				switch {
				case a.Name.Space == "http://www.w3.org/XML/1998/namespace" && a.Name.Local == "id":
					if f.ids[a.Value] {
						t.Errorf("xml:id %q appears twice", a.Value)
					}
					f.ids[a.Value], id = true, a.Value
				case a.Name.Local == "target" || a.Name.Local == "resp":
					for _, p := range strings.Fields(a.Value) {
						if strings.HasPrefix(p, "#") {
							f.refs = append(f.refs, p[1:])
						}
					}
					if a.Name.Local == "target" {
						target = a.Value
					}
				}
			}
			switch tok.Name.Local {
			case "link":
				f.links = append(f.links, target)
			case "note":
				if id != "" {
					f.notes[id] = target
				}
			case "choice":
				sic, corr = "", ""
			}
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			switch stack[len(stack)-1] {
			case "sic":
				sic += string(tok)
			case "corr":
				corr += string(tok)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if tok.Name.Local == "choice" {
				f.choices[sic] = corr
			}
		}
	}
	for _, r := range f.refs {
		if !f.ids[r] {
			t.Errorf("#%s is pointed at but no element has that xml:id", r)
		}
	}
	return f
}
