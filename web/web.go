// Package web holds Sverka's HTML templates and static files (CSS, plain ES
// modules), embedded in the binary. It has no logic beyond parsing the
// templates at start-up, naming static files by their content hash, and
// the template functions that shape text for display.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Static is the tree of static files, rooted at "static".
var Static, _ = fs.Sub(staticFS, "static")

// Templates are the parsed pages.
type Templates struct {
	pages map[string]*template.Template
	// files are the static files; hash is the hash of them all.
	files map[string]bool
	hash  string
}

// Parse parses every page template with the layout, so that a mistake fails
// at start-up rather than on a request.
func Parse() (*Templates, error) {
	t := &Templates{pages: map[string]*template.Template{}, files: map[string]bool{}}
	// One hash of every static file's name and content: all of them under
	// one folder, so that a module's relative import ("./api.js") names the
	// same URL from every importer and the browser runs each module once.
	sum := sha256.New()
	err := fs.WalkDir(Static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Static, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(sum, "%s\x00%d\x00", p, len(b))
		sum.Write(b)
		t.files[p] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hash static files: %w", err)
	}
	t.hash = hex.EncodeToString(sum.Sum(nil))[:12]
	funcs := template.FuncMap{
		"static":   t.StaticURL,
		"add":      func(a, b int) int { return a + b },
		"sentence": sentence,
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" {
			continue
		}
		page := template.New("layout.html").Funcs(funcs)
		for _, f := range []string{"templates/layout.html", n} {
			if err := t.parseFile(page, f); err != nil {
				return nil, fmt.Errorf("parse %s: %w", base, err)
			}
		}
		t.pages[strings.TrimSuffix(base, ".html")] = page
	}
	return t, nil
}

// staticCall is a call of the template function static with a constant
// name, as every template writes it.
var staticCall = regexp.MustCompile(`\{\{static "([^"{}]+)"\}\}`)

// parseFile parses the template file f into page, under the file's name as
// ParseFS names it, each {{static "name"}} of a static file written in as
// the URL it yields: a call costs a page four calls through reflection
// (the function and the escapers of a URL in an attribute, which leave a
// hashed path as it is): the reading view's layout, with seven, took
// 71-117 µs to render, and 33-69 µs with none (interleaved, load 16-19).
func (t *Templates) parseFile(page *template.Template, f string) error {
	b, err := fs.ReadFile(templateFS, f)
	if err != nil {
		return err
	}
	text := staticCall.ReplaceAllStringFunc(string(b), func(call string) string {
		if name := staticCall.FindStringSubmatch(call)[1]; t.files[name] {
			return t.StaticURL(name)
		}
		return call // not a static file: left to the function, as before
	})
	tmpl := page
	if name := path.Base(f); name != page.Name() {
		tmpl = page.New(name)
	}
	_, err = tmpl.Parse(text)
	return err
}

// Render writes the page name with data.
func (t *Templates) Render(w io.Writer, name string, data any) error {
	page, ok := t.pages[name]
	if !ok {
		return fmt.Errorf("render: no page %q", name)
	}
	return page.Execute(w, data)
}

// RenderBlock writes one block defined in page name's template, such as
// the part of a page that is the same for every visitor.
func (t *Templates) RenderBlock(w io.Writer, name, block string, data any) error {
	page, ok := t.pages[name]
	if !ok {
		return fmt.Errorf("render: no page %q", name)
	}
	return page.ExecuteTemplate(w, block, data)
}

// Pages lists the names of the parsed pages.
func (t *Templates) Pages() []string {
	var names []string
	for n := range t.pages {
		names = append(names, n)
	}
	return names
}

// StaticURL is the content-hashed URL of a static file, such as
// "/static/3f2a9c1b0d4e/css/sverka.css"; a changed file gives every file a
// new URL, so each can be cached for ever.
func (t *Templates) StaticURL(name string) string {
	return "/static/" + t.StaticHash(name) + "/" + name
}

// StaticHash is the current hash of the static files, or "" if name is not
// one of them.
func (t *Templates) StaticHash(name string) string {
	if !t.files[name] {
		return ""
	}
	return t.hash
}

// errorClasses are the endings Go errors carry for the program's sake
// ("document 7: not found"), which a sentence for people leaves out.
var errorClasses = []string{": not found", ": conflict", ": invalid", ": bad request"}

// sentence shows a message to people: without its error class, starting
// with a capital letter and ending with a full stop.
func sentence(msg string) string {
	for _, c := range errorClasses {
		msg = strings.TrimSuffix(msg, c)
	}
	if msg == "" {
		return msg
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		msg += "."
	}
	return msg
}
