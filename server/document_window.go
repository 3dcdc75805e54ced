package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// window is the run of links a reading view shows: a long document is
// shown windowSize links at a time, around the link asked for, with the
// whole of it one click away (for print and find in page).
type window struct {
	// From and To are the positions of the first and last link shown, of
	// Total; Prev and Next are the ?from= of the windows just before and
	// after, 0 if none.
	From  int `json:"from"`
	To    int `json:"to"`
	Total int `json:"total"`
	Prev  int `json:"prev,omitempty"`
	Next  int `json:"next,omitempty"`
	// Partial is set when some links are not shown.
	Partial bool `json:"partial"`
}

// Long documents are shown windowSize links at a time, beginning
// windowBefore links above the one asked for; up to windowMax links are
// shown whole.
const (
	windowSize   = 200
	windowBefore = 20
	windowMax    = 300
)

// newWindow picks the links to show of total: all when whole or when
// there are few, else the window holding position at (1 for the top).
func newWindow(total, at int, whole bool) window {
	if whole || total <= windowMax {
		return window{From: 1, To: total, Total: total}
	}
	from := max(1, min(at-windowBefore, total-windowSize+1))
	w := window{From: from, To: min(total, from+windowSize-1), Total: total, Partial: true}
	// ?from=N starts a window windowBefore links above N.
	if w.From > 1 {
		w.Prev = max(1, w.From-windowSize) + windowBefore
	}
	if w.To < total {
		w.Next = w.To + 1 + windowBefore
	}
	return w
}

// viewQuery is which links of a document a view asks for, alike for the
// reading view and "GET /api/documents/:id": ?from=N (the window around
// the link at position N), ?lang=L&char=S,E (around a passage), ?link=N
// (around the link whose ref is N), ?whole=1 (every link).
type viewQuery struct {
	// At is the position of the link the window holds (1: the top).
	At    int
	Whole bool
	// Asked is set when the request named a window; Link when it named a
	// link by its ref.
	Asked bool
	Link  *apiLinkRef
}

// readViewQuery reads the viewQuery of document id from the request.
func (s *Server) readViewQuery(c echo.Context, id string) (viewQuery, error) {
	q := viewQuery{At: 1, Whole: c.QueryParam("whole") == "1"}
	if v := c.QueryParam("link"); v != "" {
		a, err := s.resolveLinkRef(c, id, v)
		if err != nil {
			return q, err
		}
		q.At, q.Asked, q.Link = a.Position, true, &a
		return q, nil
	}
	if v := c.QueryParam("from"); v != "" {
		var err error
		if q.At, err = strconv.Atoi(v); err != nil || q.At < 1 {
			return q, badRequest("from must be the position of a link, from 1")
		}
	}
	if c.QueryParam("char") != "" {
		p, err := s.findPassage(c, id)
		if err != nil {
			return q, err
		}
		q.At = p.Position
	}
	q.Asked = windowAsked(c)
	return q, nil
}

// windowAsked reports whether the request names a window of links.
func windowAsked(c echo.Context) bool {
	return c.QueryParam("whole") == "1" || c.QueryParam("from") != "" || c.QueryParam("char") != "" || c.QueryParam("link") != ""
}

// documentWindowJSON answers "GET /api/documents/:id" asked for a window
// (q): the document with the links of that window only, and the window.
func (s *Server) documentWindowJSON(c echo.Context, id string, q viewQuery) error {
	d, err := s.db.FindDocumentToRead(c.Request().Context(), id)
	if err != nil {
		return err
	}
	w := newWindow(len(d.Links), q.At, q.Whole)
	a := newAPIDocument(d)
	all := a.Links
	a.Window, a.Links = &w, []apiLink{}
	for _, l := range all {
		if l.Position >= w.From && l.Position <= w.To {
			a.Links = append(a.Links, l)
		}
	}
	c.Response().Header().Set("ETag", documentTag.etag(id, d.Revision))
	return c.JSON(http.StatusOK, a)
}
