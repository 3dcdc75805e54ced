package server

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"sverka/store"
)

// The hits of a search page, written straight into one buffer rather than
// through html/template (as the reading view's rows are, document_rows.go):
// the template walked each hit's pieces by reflection and called an
// escaper for each, some 10 % of a search's CPU at 10,000 documents. The
// markup around the list stays in web/templates/search.html.

// HitsHTML returns the list items of the page's hits, escaped.
func (p *searchPage) HitsHTML() template.HTML {
	var b strings.Builder
	b.Grow(len(p.Hits) * 1024)
	for i := range p.Hits {
		writeHit(&b, &p.Hits[i])
	}
	return template.HTML(b.String()) //nolint:gosec // every value written is escaped by writeHit
}

// writeHit writes one hit as an <li>: its document and link, its OCR
// variants, its passage and the aligned ones with the matched words marked,
// and its diplomatic reading when corrected.
func writeHit(b *strings.Builder, h *store.SearchHit) {
	link := strconv.Itoa(h.Link)
	b.WriteString("\n    <li>\n      <a href=\"/documents/")
	escapeHTML(b, url.PathEscape(h.DocumentID))
	b.WriteString("#link-" + link + `"><span class="hit-doc" lang="en">`)
	escapeHTML(b, h.Title)
	b.WriteString("</span>")
	if h.Date != "" {
		b.WriteString(" · ")
		escapeHTML(b, h.Date)
	}
	b.WriteString(` · <span class="hit-link" lang="en">link ` + link + "</span></a>\n      ")
	if len(h.OCRVariant) > 0 {
		b.WriteString(`<p class="hit-variant">possible OCR variant: `)
		for i, f := range h.OCRVariant {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`<q lang="`)
			escapeHTML(b, h.Lang)
			b.WriteString(`">`)
			escapeHTML(b, f)
			b.WriteString("</q>")
		}
		b.WriteString("</p>")
	}
	b.WriteString("\n      <div class=\"hit-pair\">\n        <p lang=\"")
	escapeHTML(b, h.Lang)
	b.WriteString(`">`)
	writeMarked(b, h.Text, h.Marks)
	b.WriteString("</p>\n        ")
	for _, a := range h.Aligned {
		b.WriteString(`<p lang="`)
		escapeHTML(b, a.Lang)
		b.WriteString(`" class="hit-aligned">`)
		writeMarked(b, a.Text, a.Marks)
		b.WriteString("</p>")
	}
	b.WriteString("\n      </div>\n      ")
	if h.Diplomatic != "" {
		b.WriteString(`<p class="hit-ocr"><span lang="en">OCR:</span> <span lang="`)
		escapeHTML(b, h.Lang)
		b.WriteString(`">`)
		escapeHTML(b, h.Diplomatic)
		b.WriteString("</span></p>")
	}
	b.WriteString("\n    </li>\n    ")
}

// writeMarked writes text escaped, the ranges marks gives (code points, in
// order; one that overlaps the last or runs past the end is left out)
// wrapped in <mark>.
func writeMarked(b *strings.Builder, text string, marks [][2]int) {
	n := utf8.RuneCountInString(text)
	at, from := 0, 0 // at: code point written up to; from: its byte
	for _, m := range marks {
		if m[0] < at || m[1] > n || m[0] > m[1] {
			continue
		}
		start := from + byteOffset(text[from:], m[0]-at)
		end := start + byteOffset(text[start:], m[1]-m[0])
		escapeHTML(b, text[from:start])
		b.WriteString("<mark>")
		escapeHTML(b, text[start:end])
		b.WriteString("</mark>")
		at, from = m[1], end
	}
	escapeHTML(b, text[from:])
}

// byteOffset is the byte at which the n-th code point of s begins.
func byteOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}
