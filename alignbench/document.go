// Package alignbench measures sentence alignment on Russian-English documents that are
// not the seeded letter: chapters of the Debian Developer's Reference and of the aptitude
// manual, extracted by ./gen from their Debian packages. The documents' own block
// structure (headings, paragraphs, list items) is the gold: block k of the Russian text
// translates block k of the English one.
//
// Each document is scored in four variants: with its paragraphs kept (blank lines) or run
// together into continuous text (as OCR often delivers it), and clean or with OCR errors
// injected into the Russian text. A link is right when all its sentences lie in one pair
// of gold blocks; a pair of blocks is found when every link touching it is right.
//
// Documents in testdata/heldout are kept aside: they are scored only by the tests and
// benchmarks that name them, at the end, so that nothing is tuned to them.
package alignbench

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"sverka/segment"
)

// Document is one evaluation document: pairs of blocks, Russian then English.
type Document struct {
	Name  string
	Pairs [][2]string
}

// Load reads the documents NAME.tsv of dir, one block pair per line, in name order.
func Load(dir string) ([]Document, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var docs []Document
	for _, p := range paths {
		d, err := load(p)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("load evaluation documents: none in %s", dir)
	}
	return docs, nil
}

func load(path string) (Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return Document{}, err
	}
	defer f.Close()
	d := Document{Name: strings.TrimSuffix(filepath.Base(path), ".tsv")}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		ru, en, ok := strings.Cut(sc.Text(), "\t")
		if !ok || ru == "" || en == "" {
			return Document{}, fmt.Errorf("%s:%d: want Russian<TAB>English", path, n)
		}
		d.Pairs = append(d.Pairs, [2]string{ru, en})
	}
	return d, sc.Err()
}

// Variant says how a document's texts are laid out.
type Variant struct {
	// Paragraphs keeps a blank line between blocks; without it each block starts on a
	// new line, and nothing tells a block's last line from any other line.
	Paragraphs bool
	// Noisy injects OCR errors into the Russian text (see Noise).
	Noisy bool
}

func (v Variant) String() string {
	s := "continuous"
	if v.Paragraphs {
		s = "paragraphs"
	}
	if v.Noisy {
		return s + "+noisy"
	}
	return s + "+clean"
}

// Variants are the four layouts every document is scored in.
var Variants = []Variant{{true, false}, {true, true}, {false, false}, {false, true}}

// lineWidth is the width at which blocks are wrapped, as a page's lines would be.
const lineWidth = 72

// wrap breaks s into lines of at most lineWidth code points where it can, replacing
// spaces by newlines (so code-point offsets stay the same).
func wrap(s string) string {
	rs := []rune(s)
	last, lineStart := -1, 0
	for i, r := range rs {
		if r == ' ' {
			last = i
		}
		if i-lineStart >= lineWidth && last > lineStart {
			rs[last] = '\n'
			lineStart = last + 1
		}
	}
	return string(rs)
}

// Text is one side of a document laid out: the text and the code-point range of each
// gold block in it.
type Text struct {
	Text   string
	Blocks []segment.Span
}

// Texts lays out the Russian and English sides of d.
func (d Document) Texts(v Variant) (ru, en Text) {
	sep := "\n"
	if v.Paragraphs {
		sep = "\n\n"
	}
	var rb, eb []string
	for k, p := range d.Pairs {
		r := p[0]
		if v.Noisy {
			r = Noise(r, uint64(k)+1)
		}
		rb, eb = append(rb, wrap(r)), append(eb, wrap(p[1]))
	}
	return layout(rb, sep), layout(eb, sep)
}

func layout(blocks []string, sep string) Text {
	var t Text
	var b strings.Builder
	at := 0
	for k, s := range blocks {
		if k > 0 {
			b.WriteString(sep)
			at += utf8.RuneCountInString(sep)
		}
		n := utf8.RuneCountInString(s)
		t.Blocks = append(t.Blocks, segment.Span{Start: at, End: at + n})
		b.WriteString(s)
		at += n
	}
	t.Text = b.String()
	return t
}
