// Command gen extracts the evaluation set of package alignbench from Russian-English
// documentation that Debian packages: the Debian Developer's Reference
// (developers-reference, developers-reference-ru) and the aptitude user's manual
// (aptitude-doc-en, aptitude-doc-ru). It reads their HTML, takes the blocks of text
// (headings, paragraphs, list items, definition terms and descriptions) of both languages
// in document order, and keeps a section only when both languages have the same sequence
// of blocks there: the block structure is the paragraph-level gold. Blocks the Russian
// translation left in English are dropped with their counterpart.
//
// Run from the repository root after installing the four packages:
//
//	go run ./alignbench/gen
//
// It writes alignbench/testdata/NAME.tsv, one paragraph pair per line (Russian, a tab,
// English); the documents in heldOut go to alignbench/testdata/heldout/, scored only
// when asked for (see package alignbench).
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// heldOut names the documents kept aside: nothing is tuned on them.
var heldOut = map[string]bool{"devref-beyond-pkging": true, "devref-l10n": true, "aptitude-ch01": true}

// source is one evaluation document: HTML files of each language, read in order.
type source struct {
	name   string
	ru, en []string
}

func main() {
	if err := run("alignbench/testdata"); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	srcs, err := sources()
	if err != nil {
		return err
	}
	for _, s := range srcs {
		pairs, kept, dropped, err := extract(s)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		var b strings.Builder
		for _, p := range pairs {
			b.WriteString(p[0] + "\t" + p[1] + "\n")
		}
		dir := out
		if heldOut[s.name] {
			dir = filepath.Join(out, "heldout")
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, s.name+".tsv"), []byte(b.String()), 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d paragraph pairs; sections kept %d, dropped %d\n", s.name, len(pairs), kept, dropped)
	}
	return nil
}

// sources lists the documents: each chapter of the Developer's Reference, and each
// chapter of the aptitude manual with its sections.
func sources() ([]source, error) {
	const devref = "/usr/share/developers-reference"
	var srcs []source
	for _, ch := range []string{"scope", "new-maintainer", "developer-duties", "resources", "pkgs",
		"best-pkging-practices", "beyond-pkging", "l10n", "tools"} {
		srcs = append(srcs, source{name: "devref-" + ch,
			en: []string{filepath.Join(devref, ch+".html")}, ru: []string{filepath.Join(devref, "ru", ch+".html")}})
	}
	const apt = "/usr/share/doc/aptitude/html"
	// Chapter 3 (questions and answers) is only headings in both languages.
	for ch := 1; ch <= 2; ch++ {
		en, err := filepath.Glob(filepath.Join(apt, "en", fmt.Sprintf("ch%02d*.html", ch)))
		if err != nil || len(en) == 0 {
			return nil, fmt.Errorf("no aptitude manual in %s (apt-get install aptitude-doc-en aptitude-doc-ru)", apt)
		}
		sort.Strings(en)
		var ru []string
		for _, f := range en {
			ru = append(ru, filepath.Join(apt, "ru", filepath.Base(f)))
		}
		srcs = append(srcs, source{name: fmt.Sprintf("aptitude-ch%02d", ch), en: en, ru: ru})
	}
	return srcs, nil
}

// block is one block of text and the section it belongs to.
type block struct {
	tag, section, text string
}

func extract(s source) (pairs [][2]string, kept, dropped int, err error) {
	for k := range s.en {
		en, err := blocks(s.en[k])
		if err != nil {
			return nil, 0, 0, err
		}
		ru, err := blocks(s.ru[k])
		if err != nil {
			return nil, 0, 0, err
		}
		ruSec, enSec := bySection(ru), bySection(en)
		for _, sec := range sectionOrder(en) {
			r, e := ruSec[sec], enSec[sec]
			if !sameShape(r, e) {
				dropped++
				continue
			}
			kept++
			for i := range e {
				if russian(r[i].text) && !russian(e[i].text) {
					pairs = append(pairs, [2]string{r[i].text, e[i].text})
				}
			}
		}
	}
	return pairs, kept, dropped, nil
}

func sectionOrder(bs []block) []string {
	var out []string
	seen := map[string]bool{}
	for _, b := range bs {
		if !seen[b.section] {
			seen[b.section] = true
			out = append(out, b.section)
		}
	}
	return out
}

func bySection(bs []block) map[string][]block {
	m := map[string][]block{}
	for _, b := range bs {
		m[b.section] = append(m[b.section], b)
	}
	return m
}

func sameShape(r, e []block) bool {
	if len(r) != len(e) || len(r) == 0 {
		return false
	}
	for i := range r {
		if r[i].tag != e[i].tag {
			return false
		}
	}
	return true
}

// russian reports whether most letters of s are Cyrillic.
func russian(s string) bool {
	cyr, lat := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Latin, r):
			lat++
		}
	}
	return cyr > lat
}

// blocks reads the text blocks of the main content of an HTML file.
func blocks(path string) ([]block, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w (apt-get install developers-reference developers-reference-ru aptitude-doc-en aptitude-doc-ru)", err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []block
	var walk func(n *html.Node, section string)
	walk = func(n *html.Node, section string) {
		if n.Type != html.ElementNode {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, section)
			}
			return
		}
		if skipped(n) {
			return
		}
		if id := attr(n, "id"); id != "" && (n.DataAtom == atom.Section || (n.DataAtom == atom.Div && strings.Contains(" "+attr(n, "class")+" ", " section "))) {
			section = id
		}
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.P, atom.Dt:
			out = appendBlock(out, n, section)
			return
		case atom.Li, atom.Dd:
			if !hasBlockChild(n) {
				out = appendBlock(out, n, section)
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, section)
		}
	}
	walk(doc, "")
	return out, nil
}

func appendBlock(out []block, n *html.Node, section string) []block {
	t := strings.Join(strings.Fields(text(n)), " ")
	if t == "" {
		return out
	}
	return append(out, block{tag: n.Data, section: section, text: t})
}

// skipped reports whether n is outside the content: navigation, sidebars, code,
// tables, permalink marks.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Head, atom.Script, atom.Style, atom.Pre, atom.Table:
		return true
	}
	class := " " + attr(n, "class") + " "
	for _, c := range []string{" related ", " sphinxsidebar ", " footer ", " navheader ", " navfooter ", " headerlink ", " toc ", " toctree-wrapper "} {
		if strings.Contains(class, c) {
			return true
		}
	}
	return false
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.P, atom.Ul, atom.Ol, atom.Dl, atom.Pre, atom.Div, atom.Table:
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	if n.Type == html.ElementNode && skipped(n) {
		return ""
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
