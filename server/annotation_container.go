package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"sverka/anno"
	"sverka/store"
)

// The annotation container of a document (an AnnotationCollection with
// its pages), and the cross-references into a document.

// handleAnnotationList handles "GET /api/documents/:id/annotations/": the
// container as an AnnotationCollection with its first page, or with
// ?page=N one AnnotationPage. ?motivation=, ?creator= (a user id) and
// ?lang= filter; ?include=deleted also lists deleted annotations (marked by
// their "deleted" time) to signed-in users, so that they can be found and
// restored from their history.
func (s *Server) handleAnnotationList(c echo.Context) error {
	doc, err := s.existingDocument(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f := store.AnnotationFilter{DocumentID: doc, ViewerID: viewerID(c), Motivation: c.QueryParam("motivation"), Lang: c.QueryParam("lang"), Limit: annotationPageSize}
	switch c.QueryParam("include") {
	case "":
	case "deleted":
		if f.ViewerID == 0 {
			return echo.NewHTTPError(http.StatusUnauthorized, "sign in to list deleted annotations")
		}
		f.IncludeDeleted = true
	default:
		return badRequest("include: %q is not known; include=deleted also lists deleted annotations", c.QueryParam("include"))
	}
	if v := c.QueryParam("creator"); v != "" {
		if f.CreatorID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return badRequest("creator: %q is not a user id", v)
		}
	}
	page, paged := 0, c.QueryParam("page") != ""
	if paged {
		if page, err = strconv.Atoi(c.QueryParam("page")); err != nil || page < 0 {
			return badRequest("page: %q is not a page number (0, 1, …)", c.QueryParam("page"))
		}
	}
	f.Offset = page * annotationPageSize
	list, total, err := s.db.FindAnnotations(ctx, f)
	if err != nil {
		return err
	}
	codec := s.codec(c)
	base := codec.Base
	container := base + "/api/documents/" + doc + "/annotations/"
	q := c.QueryParams()
	q.Del("page")
	pageIRI := func(n int) string {
		q.Set("page", strconv.Itoa(n))
		return container + "?" + q.Encode()
	}
	collectionIRI := container
	if len(q) > 1 {
		q.Del("page")
		collectionIRI = container + "?" + q.Encode()
	}
	pages := max(1, (total+annotationPageSize-1)/annotationPageSize)
	p := &anno.Page{ID: pageIRI(page), Type: "AnnotationPage", PartOf: &anno.PartOf{ID: collectionIRI, Total: total},
		StartIndex: f.Offset, Items: make([]any, 0, len(list))}
	if page+1 < pages {
		p.Next = pageIRI(page + 1)
	}
	if page > 0 {
		p.Prev = pageIRI(page - 1)
	}
	pref := containerPreference(c.Request().Header.Get("Prefer"))
	for _, a := range list {
		if pref == preferIRIs {
			p.Items = append(p.Items, anno.AnnotationIRI(base, a.DocumentID, a.ID))
		} else {
			p.Items = append(p.Items, codec.Encode(a))
		}
	}
	h := c.Response().Header()
	if pref != "" {
		h.Set("Preference-Applied", "return=representation")
	}
	h.Set("Link", linkContainer)
	h.Set("Allow", "GET, HEAD, OPTIONS, POST")
	h.Set("Vary", "Accept, Prefer, Cookie, Authorization")
	if paged {
		p.Context = anno.Contexts(base)
		return s.writeContainer(c, p.ID, p)
	}
	h.Set("Accept-Post", anno.MediaType+", application/json")
	p.PartOf = nil
	coll := &anno.Collection{
		Context: anno.Contexts(base), ID: collectionIRI, Type: []string{"BasicContainer", "AnnotationCollection"},
		Label: "Annotations of document " + doc, Total: total, First: p, Last: pageIRI(pages - 1),
	}
	if pref == preferMinimal {
		coll.First = pageIRI(0)
	}
	return s.writeContainer(c, collectionIRI, coll)
}

// handleAnnotationBacklinks handles "GET /api/documents/:id/backlinks": the
// cross-references, from any document, whose far end is in this one.
func (s *Server) handleAnnotationBacklinks(c echo.Context) error {
	doc, err := s.existingDocument(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	list, total, err := s.db.FindAnnotations(ctx, store.AnnotationFilter{LinkedDocumentID: doc, ViewerID: viewerID(c), Limit: annotationPageSize})
	if err != nil {
		return err
	}
	codec := s.codec(c)
	base := codec.Base
	p := &anno.Page{Context: anno.Contexts(base), ID: base + "/api/documents/" + doc + "/backlinks", Type: "AnnotationPage",
		PartOf: &anno.PartOf{ID: base + "/api/documents/" + doc + "/backlinks", Total: total}, Items: []any{}}
	for _, a := range list {
		p.Items = append(p.Items, codec.Encode(a))
	}
	return s.writeLD(c, http.StatusOK, p)
}

// existingDocument reads the :id of a request and checks that the document
// exists (sverka.ErrNotFound, a 404, if not).
func (s *Server) existingDocument(c echo.Context) (string, error) {
	doc, err := documentID(c)
	if err != nil {
		return "", err
	}
	if _, err := s.db.DocumentRevision(c.Request().Context(), doc); err != nil {
		return "", err
	}
	return doc, nil
}
