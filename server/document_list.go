package server

import (
	"net/http"
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

// handleDocumentList handles "GET /": a page of the documents (?page=N,
// from 1), those whose id or title contains ?q= if given.
func (s *Server) handleDocumentList(c echo.Context) error {
	n := 1
	if v := c.QueryParam("page"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 1_000_000 {
			return badRequest("page must be a whole number from 1")
		}
	}
	p := documentListPage{Query: c.QueryParam("q")}
	f := store.DocumentFilter{Viewer: currentUser(c), Query: p.Query, Offset: (n - 1) * documentListSize, Limit: documentListSize}
	docs, total, err := s.db.FindDocumentSummaries(c.Request().Context(), f)
	if err != nil {
		return err
	}
	p.Documents, p.Total = docs, total
	p.From, p.To = f.Offset+1, f.Offset+len(docs)
	pageURL := func(n int) string {
		v := url.Values{}
		if p.Query != "" {
			v.Set("q", p.Query)
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return "/"
		}
		return "/?" + v.Encode()
	}
	if n > 1 {
		p.Prev = pageURL(n - 1)
	}
	if p.To < total {
		p.Next = pageURL(n + 1)
	}
	return s.render(c, http.StatusOK, "document_list", &p)
}

// handleAPIDocumentList handles "GET /api/documents": every document, or
// those whose id or title contains ?q=, cut by ?offset= and ?limit=; with
// how many match in all.
func (s *Server) handleAPIDocumentList(c echo.Context) error {
	f := store.DocumentFilter{Viewer: currentUser(c), Query: c.QueryParam("q")}
	for name, dst := range map[string]*int{"offset": &f.Offset, "limit": &f.Limit} {
		if v := c.QueryParam(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return badRequest("%s must be a whole number, 0 or more", name)
			}
			*dst = n
		}
	}
	docs, total, err := s.db.FindDocumentSummaries(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"documents": docs, "total": total})
}
