package server

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/exchange"
	"sverka/store"
)

// documentViewPage is the reading view: the layout around the document,
// rendered once per revision (documentView) and kept.
type documentViewPage struct {
	page
	ID      string
	Title   string
	Content template.HTML
	// Orphans counts the orphans the viewer may see (orphan.go).
	Orphans int
}

// documentView is what the reading view shows of a document; it is the
// same for every visitor.
type documentView struct {
	Doc         *sverka.Document
	Left, Right sideInfo
	Rows        []alignmentRow
	// Formats are the export formats of the download menu.
	Formats []exchange.Format
	// Window is the part of a long document shown.
	Window window
}

type sideInfo struct {
	Lang, Name string
	Count      int
}

type alignmentRow struct {
	ID       int64
	Position int
	// Ref names the row in #link-Ref; Refs are the refs that no row carries
	// any more and this one answers for, and Note says, when the row is
	// opened by its own ref, that what it held is now spread over more rows.
	Ref  int
	Refs []refNote
	Note string
	// Cite is the passage the row's "Cite" action cites: the original's
	// sentences of the row, or the translation's when it has none.
	Cite struct {
		Lang       string
		Start, End int
	}
	Status      string
	Confidence  float64
	Uncertain   bool // an automatic link the aligner doubts
	Kind        string
	Uneven      bool
	Left, Right alignmentCell
}

type alignmentCell struct {
	Lang     string
	Segments []segmentView
}

// segmentView is a sentence of a row; its anchor is #LANG-sNUMBER.
type segmentView struct {
	Number     int
	Start, End int
	Text       string
}

// sides returns the two texts shown side by side: the original on the left.
func sides(d *sverka.Document) (left, right *sverka.BaseText) {
	if len(d.Texts) > 0 {
		left = &d.Texts[0]
	}
	if len(d.Texts) > 1 {
		right = &d.Texts[1]
	}
	return left, right
}

// ETag is the document's entity tag (conflict.go), which the alignment
// editor sends in If-Match.
func (v documentView) ETag() string { return documentTag.etag(v.Doc.ID, v.Doc.Revision) }

func newDocumentView(d *sverka.Document, refs []sverka.LinkRef, w window) documentView {
	p := documentView{Doc: d, Formats: exchange.Formats, Window: w}
	left, right := sides(d)
	cell := func(t *sverka.BaseText, l sverka.Link) alignmentCell {
		if t == nil {
			return alignmentCell{}
		}
		c := alignmentCell{Lang: t.Lang}
		for _, k := range l.Segments[t.Lang] {
			s := t.Segments[k]
			c.Segments = append(c.Segments, segmentView{
				Number: k + 1, Start: s.Start, End: s.End, Text: s.Text,
			})
		}
		return c
	}
	if left != nil {
		p.Left = sideInfo{left.Lang, exchange.LanguageName(left.Lang), len(left.Segments)}
	}
	if right != nil {
		p.Right = sideInfo{right.Lang, exchange.LanguageName(right.Lang), len(right.Segments)}
	}
	notes := newRefNotes(d, refs)
	for _, l := range d.Links {
		if l.Position < w.From || l.Position > w.To {
			continue
		}
		r := alignmentRow{ID: l.ID, Position: l.Position, Ref: l.Ref, Refs: notes.retired[l.Ref], Note: notes.widened[l.Ref], Status: l.Status, Left: cell(left, l), Right: cell(right, l),
			Confidence: l.Confidence, Uncertain: l.Status == "auto" && l.Confidence < uncertainBelow}
		for _, side := range []alignmentCell{r.Right, r.Left} {
			if n := len(side.Segments); n > 0 {
				r.Cite.Lang, r.Cite.Start, r.Cite.End = side.Lang, side.Segments[0].Start, side.Segments[n-1].End
			}
		}
		r.Kind = strconv.Itoa(len(r.Left.Segments)) + "–" + strconv.Itoa(len(r.Right.Segments))
		r.Uneven = len(r.Left.Segments) != 1 || len(r.Right.Segments) != 1
		p.Rows = append(p.Rows, r)
	}
	return p
}

// findDocument reads a document named in the :id parameter.
func (s *Server) findDocument(c echo.Context) (*sverka.Document, error) {
	id, err := documentID(c)
	if err != nil {
		return nil, err
	}
	return s.db.FindDocumentByID(c.Request().Context(), id)
}

// hidePrivateDocuments answers 404 to anonymous visitors for every route
// about a document that is not public (its scans too), as if it did not
// exist, and to everyone for a document in the trash.
func (s *Server) hidePrivateDocuments(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Param("id")
		if id == "" || !strings.Contains(c.Path(), "/documents/:id") && !strings.HasPrefix(c.Path(), "/iiif/:id") || !sverka.ValidDocumentID(id) {
			return next(c)
		}
		if err := s.checkReadable(c, id); err != nil {
			return err
		}
		return next(c)
	}
}

// checkReadable is ErrNotFound when the visitor may not read document id:
// anonymous visitors read public documents only, and no one a document in
// the trash.
func (s *Server) checkReadable(c echo.Context, id string) error {
	e, err := s.documentState(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if !sverka.MayRead(currentUser(c), e.Public) {
		return fmt.Errorf("document %s: %w", id, sverka.ErrNotFound)
	}
	if e.Trashed {
		return fmt.Errorf("document %s: %w", id, store.ErrTrashed)
	}
	return nil
}

// handleDocumentView handles "GET /documents/:id", the parallel reading
// view, and "GET /api/documents/:id", the document as JSON: of a long
// document, the window of links readViewQuery reads (?from=N, ?lang=L&
// char=S,E, ?link=N, ?whole=1). Without one the page shows the first
// window and the API the whole document. The page redirects ?link=N to its
// window at #link-N. The page's document part is rendered once per
// revision and kept compressed (the first window only: firstView), and so
// is the API's whole document; only the layout around it is rendered and
// compressed for each visitor (renderAround).
func (s *Server) handleDocumentView(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	q, err := s.readViewQuery(c, id)
	switch {
	case err != nil:
		return err
	case isAPI(c) && q.Asked:
		return s.documentWindowJSON(c, id, q)
	case isAPI(c):
		return s.documentWholeJSON(c, id)
	case q.Link != nil:
		return c.Redirect(http.StatusFound, q.Link.URL)
	}
	at, whole := q.At, q.Whole
	ctx := c.Request().Context()
	first := at == 1 && !whole
	e, err := s.documentState(ctx, id)
	if err != nil {
		return err
	}
	orphans, err := s.db.CountOrphans(ctx, id, viewerID(c))
	if err != nil {
		return err
	}
	if first {
		v, title, err := s.firstView(ctx, id, e)
		if err != nil {
			return err
		}
		return s.renderAround(c, "document_view", &documentViewPage{ID: id, Title: title, Content: viewMark, Orphans: orphans}, v)
	}
	d, refs, err := s.db.FindDocumentView(ctx, id)
	if err != nil {
		return err
	}
	view, err := s.documentHTML(newDocumentView(d, refs, newWindow(len(d.Links), at, whole)))
	if err != nil {
		return echo.NewHTTPError(http.StatusInternalServerError, err.Error())
	}
	return s.render(c, http.StatusOK, "document_view", &documentViewPage{ID: id, Title: d.Title, Content: view, Orphans: orphans})
}

// firstView returns the document part of document id's reading view, the
// first window of links, compressed, and the document's title: from the
// memory cache (e is its entry), else from the renderings kept in the
// database, else rendered (and then kept).
func (s *Server) firstView(ctx context.Context, id string, e cachedDocument) (compressedView, string, error) {
	if e.view.deflated != nil && e.viewRevision == e.Revision {
		return e.view, e.title, nil
	}
	if kept, ok := s.renderings.find(ctx, id, renderingView, e.Revision); ok {
		if v, title, err := decodeView(kept); err == nil {
			e.view, e.viewRevision, e.title = v, e.Revision, title
			s.cache.put(id, e)
			return v, title, nil
		}
	}
	src, err := s.db.FindRenderSource(ctx, id, true)
	if err != nil {
		return compressedView{}, "", err
	}
	d := src.Doc
	v, err := s.compressFirstView(d, src.Refs)
	if err != nil {
		return compressedView{}, "", echo.NewHTTPError(http.StatusInternalServerError, err.Error())
	}
	if d.Revision == e.Revision {
		e.view, e.viewRevision, e.title = v, d.Revision, d.Title
		s.cache.put(id, e)
	}
	s.renderings.keep(src, renderingView, encodeView(v, d.Title))
	return v, d.Title, nil
}

type sourcePage struct {
	page
	Doc    *sverka.Document
	Pieces []sourcePiece
	Texts  []sourceText
}

type sourcePiece struct {
	Text string
	Step *sverka.DerivationStep
}

type sourceText struct {
	Name  string
	Steps []sverka.DerivationStep
}

// sourcePieces cuts the raw source into kept text and the parts that a
// derivation step dropped or moved, for display.
func sourcePieces(d *sverka.Document) []sourcePiece {
	raw := []rune(d.RawSource)
	var steps []*sverka.DerivationStep
	for i := range d.Texts {
		for j := range d.Texts[i].Steps {
			st := &d.Texts[i].Steps[j]
			if st.SourceEnd > st.SourceStart && st.SourceEnd <= len(raw) {
				steps = append(steps, st)
			}
		}
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].SourceStart < steps[j].SourceStart })
	var pieces []sourcePiece
	at := 0
	for _, st := range steps {
		if st.SourceStart < at {
			continue // nested in a step already shown
		}
		if st.SourceStart > at {
			pieces = append(pieces, sourcePiece{Text: string(raw[at:st.SourceStart])})
		}
		pieces = append(pieces, sourcePiece{Text: string(raw[st.SourceStart:st.SourceEnd]), Step: st})
		at = st.SourceEnd
	}
	if at < len(raw) {
		pieces = append(pieces, sourcePiece{Text: string(raw[at:])})
	}
	return pieces
}

// handleDocumentSource handles "GET /documents/:id/source", the raw source
// with what was removed from it, and "GET /api/documents/:id/source": the
// raw source verbatim and, per language, how its base text was derived.
func (s *Server) handleDocumentSource(c echo.Context) error {
	d, err := s.findDocument(c)
	if err != nil {
		return err
	}
	a := apiSource{ID: d.ID, SourceFormat: d.SourceFormat, RawSource: d.RawSource, Derivation: map[string][]sverka.DerivationStep{}}
	for _, t := range d.Texts {
		a.Derivation[t.Lang] = t.Steps
	}
	return s.answer(c, a, "document_source", func() pageData {
		p := sourcePage{Doc: d, Pieces: sourcePieces(d)}
		for _, t := range d.Texts {
			p.Texts = append(p.Texts, sourceText{Name: exchange.LanguageName(t.Lang), Steps: t.Steps})
		}
		return &p
	})
}

// handleBaseText handles "GET /documents/:id/:lang": the base text of one
// language as plain text; its URL is the IRI that annotations target.
func (s *Server) handleBaseText(c echo.Context) error {
	d, err := s.findDocument(c)
	if err != nil {
		return err
	}
	t := d.Text(c.Param("lang"))
	if t == nil {
		return echo.NewHTTPError(http.StatusNotFound, "document "+d.ID+" has no text in language "+strconv.Quote(c.Param("lang")))
	}
	c.Response().Header().Set("Content-Language", t.Lang)
	return c.String(http.StatusOK, t.Text)
}

// apiDocument is the domain's document as "GET /api/documents/:id" shows
// it: the domain's own fields under the domain's names, except that base
// texts carry numbered segments (and no derivation steps) and links name
// segment ids. What is served elsewhere stays out: the raw source and the
// derivation (…/source), the scans and their word boxes (…/facsimile),
// and whether it is public.
type apiDocument struct {
	*sverka.Document
	Texts []apiText `json:"texts"`
	Links []apiLink `json:"links"`
	// Each shadows the domain's field of its name, so that it is left out.
	RawSource servedApart `json:"rawSource,omitzero"`
	Public    servedApart `json:"public,omitzero"`
	Pages     servedApart `json:"pages,omitzero"`
	WordBoxes servedApart `json:"wordBoxes,omitzero"`
	// Window is the run of links shown, when a window was asked for.
	Window *window `json:"window,omitempty"`
}

// servedApart is a field of the domain that an API answer leaves out.
type servedApart struct{}

type apiText struct {
	Lang     string       `json:"lang"`
	Role     string       `json:"role"`
	Length   int          `json:"length"` // in code points
	Text     string       `json:"text"`
	Segments []apiSegment `json:"segments"`
}

type apiSegment struct {
	ID     int64  `json:"id"`
	Number int    `json:"number"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Text   string `json:"text"`
}

type apiLink struct {
	ID         int64              `json:"id"`
	Position   int                `json:"position"`
	Ref        int                `json:"ref"`
	Status     string             `json:"status"`
	Confidence float64            `json:"confidence"`
	Segments   map[string][]int64 `json:"segments"`
}

func newAPIDocument(d *sverka.Document) apiDocument {
	a := apiDocument{Document: d, Texts: []apiText{}, Links: []apiLink{}}
	for _, t := range d.Texts {
		at := apiText{Lang: t.Lang, Role: t.Role, Length: utf8.RuneCountInString(t.Text), Text: t.Text, Segments: []apiSegment{}}
		for i, s := range t.Segments {
			at.Segments = append(at.Segments, apiSegment{ID: s.ID, Number: i + 1, Start: s.Start, End: s.End, Text: s.Text})
		}
		a.Texts = append(a.Texts, at)
	}
	for _, l := range d.Links {
		al := apiLink{ID: l.ID, Position: l.Position, Ref: l.Ref, Status: l.Status, Confidence: l.Confidence, Segments: map[string][]int64{}}
		for _, t := range d.Texts {
			ids := []int64{}
			for _, k := range l.Segments[t.Lang] {
				ids = append(ids, t.Segments[k].ID)
			}
			al.Segments[t.Lang] = ids
		}
		a.Links = append(a.Links, al)
	}
	return a
}

// documentWholeJSON answers with the whole document id as JSON, kept per
// revision, and its ETag; gzipped from the cache when the compress
// middleware left the request to it (precompressed) and the client takes
// gzip.
func (s *Server) documentWholeJSON(c echo.Context, id string) error {
	gzipped, rev, err := s.documentJSON(c.Request().Context(), id)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	if precompressed(c) {
		h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	}
	if notModified(c, documentTag.etag(id, rev)) {
		return c.NoContent(http.StatusNotModified)
	}
	if precompressed(c) && acceptsGzip(c) {
		h.Set(echo.HeaderContentEncoding, "gzip")
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, gzipped)
	}
	body, err := gunzip(gzipped)
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, body)
}

type apiSource struct {
	ID           string                             `json:"id"`
	SourceFormat string                             `json:"sourceFormat"`
	RawSource    string                             `json:"rawSource"`
	Derivation   map[string][]sverka.DerivationStep `json:"derivation"`
}
