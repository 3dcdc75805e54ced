package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/cite"
)

// A passage is a code-point range of an immutable base text, so its
// address never drifts: /documents/ID?lang=L&char=S,E opens the reading
// view at it (S and E count code points, as RFC 5147's char scheme and the
// W3C annotation model do), and the page also reads the fragment #char=S,E.

// passage is a range of a document's base text, resolved.
type passage struct {
	Doc        *sverka.Document
	Lang       string
	Start, End int
	Text       string
	// Position is the position of the row holding its first words; Links
	// are the refs of the rows it spans.
	Position int
	Links    []int
}

// parseChar reads an RFC 5147 char range "S,E", "S," (to the end) or ",E"
// (from the start) of a text of size code points.
func parseChar(v string, size int) (int, int, error) {
	a, b, ok := strings.Cut(v, ",")
	if !ok {
		return 0, 0, badRequest("char must be a range START,END of code points (RFC 5147), got %q", v)
	}
	start, end := 0, size
	var err error
	if a != "" {
		if start, err = strconv.Atoi(a); err != nil || start < 0 {
			return 0, 0, badRequest("char: %q is not a code-point offset", a)
		}
	}
	if b != "" {
		if end, err = strconv.Atoi(b); err != nil || end < 0 {
			return 0, 0, badRequest("char: %q is not a code-point offset", b)
		}
	}
	if start >= end || end > size {
		return 0, 0, badRequest("char=%s is not a passage of this text of %d code points (START < END ≤ %d)", v, size, size)
	}
	return start, end, nil
}

// findPassage reads the passage ?lang=L&char=S,E of document id; the
// language is the original's when not given.
func (s *Server) findPassage(c echo.Context, id string) (passage, error) {
	d, err := s.db.FindDocumentByID(c.Request().Context(), id)
	if err != nil {
		return passage{}, err
	}
	p := passage{Doc: d, Lang: c.QueryParam("lang")}
	if p.Lang == "" && len(d.Texts) > 0 {
		p.Lang = d.Texts[0].Lang
	}
	t := d.Text(p.Lang)
	if t == nil {
		return passage{}, badRequest("document %s has no text in language %q", d.ID, p.Lang)
	}
	runes := []rune(t.Text)
	if p.Start, p.End, err = parseChar(c.QueryParam("char"), len(runes)); err != nil {
		return passage{}, err
	}
	p.Text = string(runes[p.Start:p.End])
	for _, l := range d.Links {
		for _, k := range l.Segments[p.Lang] {
			if sg := t.Segments[k]; sg.Start < p.End && p.Start < sg.End && !slices.Contains(p.Links, l.Ref) {
				if p.Position == 0 {
					p.Position = l.Position
				}
				p.Links = append(p.Links, l.Ref)
			}
		}
	}
	if p.Position == 0 {
		p.Position = 1 // only blanks between sentences
	}
	return p, nil
}

// apiPassage is a passage as the API answers it, with its addresses and
// its citation in each style.
type apiPassage struct {
	Document string `json:"document"`
	Title    string `json:"title"`
	Lang     string `json:"lang"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
	Links    []int  `json:"links"`
	// URL opens the reading view at the passage; Source and Selector are
	// the same passage as a W3C annotation target (RFC 5147 fragment).
	URL      string         `json:"url"`
	Source   string         `json:"source"`
	Selector map[string]any `json:"selector"`
	Citation apiCitation    `json:"citation"`
}

type apiCitation struct {
	Chicago string          `json:"chicago"`
	BibTeX  string          `json:"bibtex"`
	CSL     json.RawMessage `json:"csl"`
}

// handleAPIPassage handles "GET /api/documents/:id/passage": the passage
// ?lang=L&char=S,E, its permanent URL and citations of it.
func (s *Server) handleAPIPassage(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	if c.QueryParam("char") == "" {
		return badRequest("char=START,END is required: the passage's code-point range")
	}
	p, err := s.findPassage(c, id)
	if err != nil {
		return err
	}
	base := s.baseURL(c)
	// The comma stays a comma: the address is read by people too.
	q := fmt.Sprintf("lang=%s&char=%d,%d", url.QueryEscape(p.Lang), p.Start, p.End)
	a := apiPassage{Document: p.Doc.ID, Title: p.Doc.Title, Lang: p.Lang, Start: p.Start, End: p.End, Text: p.Text,
		Links: p.Links, URL: base + "/documents/" + url.PathEscape(p.Doc.ID) + "?" + q,
		Source: base + "/documents/" + url.PathEscape(p.Doc.ID) + "/" + p.Lang,
		Selector: map[string]any{"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc5147",
			"value": fmt.Sprintf("char=%d,%d", p.Start, p.End)}}
	if a.Links == nil {
		a.Links = []int{}
	}
	cp := cite.Passage{DocumentID: p.Doc.ID, Title: p.Doc.Title, Date: p.Doc.Date, Citation: p.Doc.Citation,
		Lang: p.Lang, Start: p.Start, End: p.End, Quote: p.Text, URL: a.URL, Accessed: time.Now().UTC()}
	a.Citation = apiCitation{Chicago: cite.Chicago(cp), BibTeX: cite.BibTeX(cp)}
	if a.Citation.CSL, err = cite.CSL(cp); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}
