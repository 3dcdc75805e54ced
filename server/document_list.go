package server

import (
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/store"
)

type documentListPage struct {
	page
	Documents []sverka.DocumentSummary
	// Query is what the list was searched for; Total how many match;
	// From and To number the first and last shown, from 1.
	Query           string
	Total, From, To int
	// Prev and Next are the URLs of the pages around, or "".
	Prev, Next string
}

// documentListSize is the number of documents a page of the list shows.
const documentListSize = 50

// documentList is a list of documents as the API answers it, and the page
// shows it.
type documentList struct {
	Documents []sverka.DocumentSummary `json:"documents"`
	Total     int                      `json:"total"`
}

// documentFilter reads which documents a list shows, alike for the page
// and the API: those whose id or title contains ?q=, from ?offset= (from
// 0) or ?page=N (from 1), ?limit= at a time (0: all). Without a limit the
// page shows documentListSize and the API every document, unless ?page=
// asks for pages of documentListSize.
func documentFilter(c echo.Context) (store.DocumentFilter, error) {
	f := store.DocumentFilter{Viewer: currentUser(c), Query: c.QueryParam("q"), Limit: -1}
	for name, dst := range map[string]*int{"offset": &f.Offset, "limit": &f.Limit} {
		if v := c.QueryParam(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return f, badRequest("%s must be a whole number, 0 or more", name)
			}
			*dst = n
		}
	}
	v := c.QueryParam("page")
	if f.Limit < 0 {
		f.Limit = 0
		if v != "" || !isAPI(c) {
			f.Limit = documentListSize
		}
	}
	if v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return f, badRequest("page must be a whole number from 1")
		}
		if c.QueryParam("offset") != "" {
			return f, badRequest("give page or offset, not both")
		}
		f.Offset = (n - 1) * f.Limit
	}
	return f, nil
}

// handleDocumentList handles "GET /" and "GET /api/documents": a list of
// the documents (documentFilter), with how many match in all; the page
// links the lists before and after it.
func (s *Server) handleDocumentList(c echo.Context) error {
	f, err := documentFilter(c)
	if err != nil {
		return err
	}
	docs, total, err := s.db.FindDocumentSummaries(c.Request().Context(), f)
	if err != nil {
		return err
	}
	list := documentList{Documents: docs, Total: total}
	return s.answer(c, list, "document_list", func() pageData { return newDocumentListPage(f, list) })
}

// newDocumentListPage shows list, which f chose.
func newDocumentListPage(f store.DocumentFilter, list documentList) *documentListPage {
	p := &documentListPage{Documents: list.Documents, Query: f.Query, Total: list.Total}
	p.From, p.To = f.Offset+1, f.Offset+len(list.Documents)
	if f.Limit == 0 {
		return p
	}
	at := func(offset int) string {
		v := url.Values{}
		if f.Query != "" {
			v.Set("q", f.Query)
		}
		if f.Limit != documentListSize {
			v.Set("limit", strconv.Itoa(f.Limit))
		}
		switch {
		case offset%f.Limit != 0:
			v.Set("offset", strconv.Itoa(offset))
		case offset > 0:
			v.Set("page", strconv.Itoa(offset/f.Limit+1))
		}
		if len(v) == 0 {
			return "/"
		}
		return "/?" + v.Encode()
	}
	if f.Offset > 0 {
		p.Prev = at(max(0, f.Offset-f.Limit))
	}
	if p.To < list.Total {
		p.Next = at(f.Offset + f.Limit)
	}
	return p
}
