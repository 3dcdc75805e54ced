package server

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/cache"
	"sverka/store"
)

type documentListPage struct {
	page
	// Content is the list part (documentListHTML), or viewMark where
	// renderAround puts it.
	Content   template.HTML
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
// links the lists before and after it. What anonymous visitors see is kept
// (publicList): at 10,000 documents a page of the list cost 0.77 ms of
// CPU, its queries (links and orphans counted for each document) about 0.6
// ms of it, its rendering and compression the rest; kept, 0.06 ms (the
// first page, 32 clients, load 5-7).
func (s *Server) handleDocumentList(c echo.Context) error {
	f, err := documentFilter(c)
	if err != nil {
		return err
	}
	var e cachedList
	if f.Viewer != nil {
		docs, total, err := s.db.FindDocumentSummaries(c.Request().Context(), f)
		if err != nil {
			return err
		}
		e.list = documentList{Documents: docs, Total: total}
	} else if e, err = s.publicList(c.Request().Context(), f); err != nil {
		return err
	}
	if isAPI(c) {
		return c.JSON(http.StatusOK, e.list)
	}
	p := newDocumentListPage(f, e.list)
	if f.Viewer != nil {
		if p.Content, err = s.documentListHTML(p); err != nil {
			return err
		}
		return s.render(c, http.StatusOK, "document_list", p)
	}
	if e.view.deflated == nil {
		html, err := s.documentListHTML(p)
		if err != nil {
			return err
		}
		if e.view, err = compressView(string(html)); err != nil {
			return err
		}
		s.lists.Put(listKeyOf(f), e)
	}
	p.Content = viewMark
	return s.renderAround(c, "document_list", p, e.view)
}

// documentListHTML renders the list part of page p, what is the same for
// every visitor who sees the same documents.
func (s *Server) documentListHTML(p *documentListPage) (template.HTML, error) {
	var b strings.Builder
	if err := s.pages.RenderBlock(&b, "document_list", "document_list_body", p); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil //nolint:gosec // the template escaped what it wrote
}

// The lists anonymous visitors see, kept by what they ask (listKey): the
// documents, and once the page has shown them, its list part compressed
// (compressView), so that a page of the list costs what a document's page
// costs, the layout rendered and compressed around a kept part
// (renderAround). Only anonymous visitors' lists are kept: a signed-in
// reader sees documents that are not public, and counts of orphans that
// include their own private notes.
type listCache = cache.LRU[listKey, cachedList]

// listKey is a store.DocumentFilter but for its viewer.
type listKey struct {
	query         string
	offset, limit int
}

func listKeyOf(f store.DocumentFilter) listKey { return listKey{f.Query, f.Offset, f.Limit} }

// cachedList is a list as of the count writes of store.DB.Writes, read
// from the database at checked.
type cachedList struct {
	list    documentList
	writes  int64
	checked time.Time
	view    compressedView
}

// listCacheBytes bounds the lists kept: a page of 50 documents weighs
// about 8 KB, the whole list of 10,000 through the API about 1 MB.
const listCacheBytes = 4 << 20

func newListCache() *listCache {
	return cache.New[listKey](listCacheBytes, func(e cachedList) int64 {
		n := int64(len(e.view.deflated))
		for _, d := range e.list.Documents {
			n += int64(len(d.ID)+len(d.Title)+len(d.Date)) + 64
		}
		return n
	})
}

// publicList is the list f asks for, f's viewer anonymous: kept while this
// process has written nothing that may change it (store.DB.Writes:
// new notes do not) and for at most cacheRecheck, which bounds how long a
// change made by another process goes unseen, as documentState's does.
func (s *Server) publicList(ctx context.Context, f store.DocumentFilter) (cachedList, error) {
	k := listKeyOf(f)
	writes := s.db.Writes()
	if e, ok := s.lists.Get(k); ok && e.writes == writes && time.Since(e.checked) < cacheRecheck {
		return e, nil
	}
	docs, total, err := s.db.FindDocumentSummaries(ctx, f)
	if err != nil {
		return cachedList{}, err
	}
	e := cachedList{list: documentList{Documents: docs, Total: total}, writes: writes, checked: time.Now()}
	s.lists.Put(k, e)
	return e, nil
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
