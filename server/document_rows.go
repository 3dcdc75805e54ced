package server

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"
)

// The rows of the reading view's alignment table, written straight into
// one buffer rather than through html/template: a row holds some forty
// values, and the template called an escaper through reflection for each
// (a 2,000-link document's first window took 2.6 ms of 4.1 ms per page at
// 1,000 documents; the text is escaped here as html/template escapes it).
// The markup around the table stays in web/templates/document_view.html.

// documentHTML renders the document part of the reading view v into one
// buffer sized for it: the markup around the alignment table from the
// template (document_start, document_end), the rows written between.
func (s *Server) documentHTML(v documentView) (template.HTML, error) {
	var b strings.Builder
	b.Grow(v.htmlSize())
	if err := s.pages.RenderBlock(&b, "document_view", "document_start", v); err != nil {
		return "", err
	}
	for i := range v.Rows {
		writeRow(&b, v.Doc.ID, &v.Rows[i])
	}
	if err := s.pages.RenderBlock(&b, "document_view", "document_end", v); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil //nolint:gosec // the template escapes what it writes, writeRow the rest
}

// htmlSize is about the length of v rendered, a little more as a rule
// (on 200 documents of the 10k archive 5-13 % more): the markup around
// the table, and for each row its markup and its sentences.
func (v documentView) htmlSize() int {
	n := 4 << 10
	for i := range v.Rows {
		n += 620
		for _, c := range []*alignmentCell{&v.Rows[i].Left, &v.Rows[i].Right} {
			for _, s := range c.Segments {
				n += 160 + len(s.Text)
			}
		}
	}
	return n
}

// writeRow writes one link of the alignment table as a <tr>.
func writeRow(b *strings.Builder, docID string, r *alignmentRow) {
	ref := strconv.Itoa(r.Ref)
	b.WriteString(`<tr id="link-`)
	b.WriteString(ref)
	b.WriteString(`" class="link `)
	escapeHTML(b, r.Status)
	if r.Uneven {
		b.WriteString(" uneven")
	}
	if r.Uncertain {
		b.WriteString(" uncertain")
	}
	b.WriteString(`" data-link="`)
	b.WriteString(strconv.FormatInt(r.ID, 10))
	b.WriteString(`" data-ref="`)
	b.WriteString(ref)
	b.WriteString(`" data-position="`)
	b.WriteString(strconv.Itoa(r.Position))
	b.WriteString(`" data-confidence="`)
	b.WriteString(strconv.FormatFloat(r.Confidence, 'f', 3, 64))
	b.WriteString(`">` + "\n" + `<th scope="row" class="n">` + "\n" + `<a href="#link-`)
	b.WriteString(ref)
	b.WriteString(`" title="Permalink to this row (#link-`)
	b.WriteString(ref)
	b.WriteString(`): it stays with these words through alignment edits">`)
	b.WriteString(ref)
	b.WriteString("</a>\n")
	for _, n := range r.Refs {
		b.WriteString(`<span id="link-`)
		b.WriteString(strconv.Itoa(n.Ref))
		b.WriteString(`" class="ref-alias"></span><span class="ref-note" role="note">`)
		escapeHTML(b, n.Note)
		b.WriteString("</span>")
	}
	if r.Note != "" {
		b.WriteString("\n" + `<span class="ref-note ref-own" role="note">`)
		escapeHTML(b, r.Note)
		b.WriteString("</span>")
	}
	if r.Uneven {
		b.WriteString("\n" + `<span class="kind" title="`)
		escapeHTML(b, r.Kind)
		b.WriteString(` link">`)
		escapeHTML(b, r.Kind)
		b.WriteString("</span>")
	}
	if r.Status == "confirmed" {
		b.WriteString("\n" + `<span class="status" title="confirmed">✓</span>`)
	}
	if r.Uncertain {
		b.WriteString("\n" + `<span class="uncertain-mark" title="the aligner is unsure of this link (confidence `)
		b.WriteString(strconv.FormatFloat(r.Confidence, 'f', 2, 64))
		b.WriteString(`)">?</span>`)
	}
	if r.Cite.Lang != "" {
		start, end := strconv.Itoa(r.Cite.Start), strconv.Itoa(r.Cite.End)
		b.WriteString("\n" + `<a class="cite-row" href="/api/documents/`)
		escapeHTML(b, url.PathEscape(docID))
		b.WriteString(`/passage?lang=`)
		escapeHTML(b, url.QueryEscape(r.Cite.Lang))
		b.WriteString(`&amp;char=`)
		b.WriteString(start + "," + end)
		b.WriteString(`" data-lang="`)
		escapeHTML(b, r.Cite.Lang)
		b.WriteString(`" data-start="`)
		b.WriteString(start)
		b.WriteString(`" data-end="`)
		b.WriteString(end)
		b.WriteString(`" aria-label="Cite link `)
		b.WriteString(ref)
		b.WriteString(`">Cite</a>`)
	}
	b.WriteString("\n</th>\n")
	writeCell(b, &r.Left)
	writeCell(b, &r.Right)
	b.WriteString("</tr>\n")
}

// writeCell writes one side of a row as a <td> of its sentences.
func writeCell(b *strings.Builder, c *alignmentCell) {
	b.WriteString(`<td lang="`)
	escapeHTML(b, c.Lang)
	b.WriteString(`" class="side `)
	escapeHTML(b, c.Lang)
	b.WriteString(`">` + "\n")
	if len(c.Segments) == 0 {
		b.WriteString(`<p class="empty">(no counterpart)</p>` + "\n")
	}
	for _, s := range c.Segments {
		n := strconv.Itoa(s.Number)
		b.WriteString(`<p class="seg" id="`)
		escapeHTML(b, c.Lang)
		b.WriteString("-s")
		b.WriteString(n)
		b.WriteString(`" data-start="`)
		b.WriteString(strconv.Itoa(s.Start))
		b.WriteString(`" data-end="`)
		b.WriteString(strconv.Itoa(s.End))
		b.WriteString(`"><span class="segno" aria-label="sentence `)
		b.WriteString(n)
		b.WriteString(`">`)
		b.WriteString(n)
		b.WriteString(`</span> <span class="segtext">`)
		escapeHTML(b, s.Text)
		b.WriteString("</span></p>")
	}
	if len(c.Segments) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("</td>\n")
}

// htmlEscapes are the characters html/template escapes in text and in
// quoted attribute values, and how.
var htmlEscapes = [...]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// escapeHTML writes s escaped for HTML text or a quoted attribute value,
// as html/template does.
func escapeHTML(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if int(c) >= len(htmlEscapes) || htmlEscapes[c] == "" {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(htmlEscapes[c])
		last = i + 1
	}
	b.WriteString(s[last:])
}
