package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/anno"
	"sverka/markdown"
	"sverka/reading"
	"sverka/store"
)

// annotationPageSize is how many annotations one page of a container holds.
const annotationPageSize = 1000

// Link header values of the Web Annotation Protocol.
const (
	linkContainer  = `<http://www.w3.org/ns/ldp#BasicContainer>; rel="type", <http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"`
	linkAnnotation = `<http://www.w3.org/ns/ldp#Resource>; rel="type"`
)

// htmlCache keeps the rendered HTML of note bodies: rendering and
// sanitizing costs far more than listing, and a body renders the same every
// time. It is emptied when it grows past htmlCacheSize entries.
var htmlCache struct {
	sync.Mutex
	m map[string]string
}

const htmlCacheSize = 50000

// noteHTML renders a Markdown body to sanitized HTML, through htmlCache.
func noteHTML(src string) string {
	htmlCache.Lock()
	h, ok := htmlCache.m[src]
	htmlCache.Unlock()
	if ok {
		return h
	}
	h = markdown.ToHTML(src)
	htmlCache.Lock()
	if htmlCache.m == nil || len(htmlCache.m) >= htmlCacheSize {
		htmlCache.m = map[string]string{}
	}
	htmlCache.m[src] = h
	htmlCache.Unlock()
	return h
}

// baseURL is the origin that IRIs are built on: the configured one, else
// the request's.
func (s *Server) baseURL(c echo.Context) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}

func viewerID(c echo.Context) int64 {
	if u := currentUser(c); u != nil {
		return u.ID
	}
	return 0
}

func annotationIRI(base string, id int64) string {
	return base + "/api/annotations/" + strconv.FormatInt(id, 10)
}

func textIRI(base, doc, lang string) string {
	return base + "/documents/" + url.PathEscape(doc) + "/" + url.PathEscape(lang)
}

func userAgent(base string, id int64, name string) *anno.Agent {
	if id == 0 {
		return nil
	}
	return &anno.Agent{ID: base + "/users/" + strconv.FormatInt(id, 10), Type: "Person", Name: name}
}

func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// annotationJSON is the JSON-LD form of an annotation.
func annotationJSON(base string, a *sverka.Annotation, withContext bool) *anno.Annotation {
	out := &anno.Annotation{
		ID: annotationIRI(base, a.ID), Type: "Annotation", Motivation: a.Motivation,
		Created: isoTime(a.Created), Modified: isoTime(a.Modified),
		Creator: userAgent(base, a.CreatorID, a.CreatorName),
		Status:  a.Status, ReviewedBy: userAgent(base, a.ReviewerID, a.ReviewerName), Reviewed: isoTime(a.ReviewedAt),
		Private: a.Private, Orphaned: a.Orphaned, Deleted: isoTime(a.Deleted), Version: a.Version,
	}
	if withContext {
		out.Context = anno.Contexts(base)
	}
	switch a.Motivation {
	case sverka.MotivationNote, sverka.MotivationReply:
		out.Body = append(out.Body, anno.Resource{Type: "TextualBody", Value: anno.Text(a.Body), Format: "text/markdown",
			Purpose: a.Motivation, HTML: noteHTML(a.Body)})
	case sverka.MotivationCorrection:
		out.Body = append(out.Body, anno.Resource{Type: "TextualBody", Value: anno.Text(a.Body), Format: "text/plain",
			Language: a.Target.Lang, Purpose: anno.Editing})
	case sverka.MotivationLink:
		if l := a.Link; l != nil {
			switch {
			case l.DocumentID != "" && l.Lang != "":
				out.Body = append(out.Body, anno.Resource{Type: "SpecificResource", Source: textIRI(base, l.DocumentID, l.Lang),
					Selector: []anno.Selector{anno.Position(l.Start, l.End), anno.Quote(l.Exact, "", "")}})
			case l.DocumentID != "":
				out.Body = append(out.Body, anno.Resource{ID: base + "/documents/" + url.PathEscape(l.DocumentID), Type: "Text"})
			}
			if l.URL != "" {
				out.Body = append(out.Body, anno.Resource{ID: l.URL})
			}
			if l.Citation != "" {
				out.Body = append(out.Body, anno.Resource{Type: "TextualBody", Value: anno.Text(l.Citation), Format: "text/plain", Purpose: anno.Identify})
			}
		}
		if a.Body != "" {
			out.Body = append(out.Body, anno.Resource{Type: "TextualBody", Value: anno.Text(a.Body), Format: "text/markdown",
				Purpose: anno.Commenting, HTML: noteHTML(a.Body)})
		}
	}
	for _, t := range a.Tags {
		out.Body = append(out.Body, anno.Resource{Type: "TextualBody", Value: anno.Text(t), Purpose: anno.Tagging})
	}
	if a.Motivation == sverka.MotivationReply {
		out.Target = anno.Resources{{ID: annotationIRI(base, a.ReplyTo)}}
	} else {
		t := a.Target
		out.Target = anno.Resources{{Type: "SpecificResource", Source: textIRI(base, a.DocumentID, t.Lang),
			Selector: []anno.Selector{anno.Position(t.Start, t.End), anno.Quote(t.Exact, t.Prefix, t.Suffix)}}}
	}
	return out
}

// badRequest is a 400 with a message saying what to fix.
func badRequest(format string, args ...any) error {
	return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf(format, args...))
}

// localPath returns the path of an IRI on this server: an absolute IRI on
// another origin is not local.
func localPath(base, iri string) (string, bool) {
	if strings.HasPrefix(iri, "/") {
		return iri, true
	}
	u, err := url.Parse(iri)
	if err != nil {
		return "", false
	}
	b, err := url.Parse(base)
	if err != nil || u.Host != b.Host {
		return "", false
	}
	return u.Path, true
}

// parseTextIRI reads /documents/{id}/{lang}.
func parseTextIRI(base, iri string) (doc, lang string, ok bool) {
	p, ok := localPath(base, iri)
	if !ok {
		return "", "", false
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) != 3 || parts[0] != "documents" || !sverka.ValidDocumentID(parts[1]) || parts[2] == "" || parts[2] == "source" {
		return "", "", false
	}
	return parts[1], parts[2], true
}

// parseDocumentIRI reads /documents/{id}.
func parseDocumentIRI(base, iri string) (string, bool) {
	p, ok := localPath(base, iri)
	if !ok {
		return "", false
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) != 2 || parts[0] != "documents" || !sverka.ValidDocumentID(parts[1]) {
		return "", false
	}
	return parts[1], true
}

// parseAnnotationIRI reads /api/annotations/{id}.
func parseAnnotationIRI(base, iri string) (int64, bool) {
	p, ok := localPath(base, iri)
	if !ok {
		return 0, false
	}
	rest, ok := strings.CutPrefix(strings.TrimRight(p, "/"), "/api/annotations/")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// selection reads a text target's selectors; Start is -1 without a
// TextPositionSelector.
func selection(r *anno.Resource, what string) (sverka.TextTarget, error) {
	t := sverka.TextTarget{Start: -1, End: -1}
	for _, s := range r.Selector {
		if s.Type != "TextPositionSelector" && s.Type != "TextQuoteSelector" {
			return t, badRequest("%s: selector type %q is not supported; use TextPositionSelector and TextQuoteSelector", what, s.Type)
		}
	}
	if start, end, ok := r.TextPosition(); ok {
		if start < 0 || end < start {
			return t, badRequest("%s: TextPositionSelector start %d and end %d must satisfy 0 ≤ start ≤ end", what, start, end)
		}
		t.Start, t.End = start, end
	}
	if q, ok := r.TextQuote(); ok {
		t.Exact, t.Prefix, t.Suffix = *q.Exact, q.Prefix, q.Suffix
	}
	if t.Start < 0 && t.Exact == "" {
		return t, badRequest("%s: select a passage with a TextPositionSelector (code points) and/or a TextQuoteSelector", what)
	}
	return t, nil
}

// fromJSON turns a posted annotation into the store's form. docID is the
// container's document ("" for a PUT, which takes it from the annotation).
func fromJSON(base, docID string, in *anno.Annotation) (*sverka.Annotation, error) {
	a := &sverka.Annotation{DocumentID: docID, Motivation: in.Motivation, Private: in.Private, Tags: []string{}}
	switch in.Motivation {
	case sverka.MotivationNote, sverka.MotivationCorrection, sverka.MotivationLink, sverka.MotivationReply:
	case "":
		return nil, badRequest("motivation: say what the annotation is: commenting (a note), editing (an OCR correction), linking (a cross-reference) or replying")
	default:
		return nil, badRequest("motivation: %q is not one of commenting, editing, linking, replying", in.Motivation)
	}
	if in.Type != "" && in.Type != "Annotation" {
		return nil, badRequest("type: an annotation has type \"Annotation\", not %q", in.Type)
	}
	if !validContext(in.Context) {
		return nil, badRequest("@context: give %q, or a list of contexts that includes it", anno.ContextIRI)
	}
	if len(in.Target) != 1 {
		return nil, badRequest("target: give exactly one target (got %d)", len(in.Target))
	}
	tg := &in.Target[0]
	if a.Motivation == sverka.MotivationReply {
		iri := tg.ID
		if iri == "" {
			iri = tg.Source
		}
		id, ok := parseAnnotationIRI(base, iri)
		if !ok {
			return nil, badRequest("target: a reply targets the IRI of the annotation it answers (%s/api/annotations/{id}), not %q", base, iri)
		}
		a.ReplyTo = id
	} else {
		if tg.Type != "" && tg.Type != "SpecificResource" {
			return nil, badRequest("target: a passage is a SpecificResource, not %q", tg.Type)
		}
		src := tg.Source
		if src == "" {
			src = tg.ID
		}
		doc, lang, ok := parseTextIRI(base, src)
		if !ok {
			return nil, badRequest("target: the source must be a base text of this server, %s/documents/{id}/{lang}; got %q", base, src)
		}
		if docID != "" && doc != docID {
			return nil, badRequest("target: the source is a text of document %s, but this is the container of document %s", doc, docID)
		}
		t, err := selection(tg, "target")
		if err != nil {
			return nil, err
		}
		t.Lang = lang
		a.DocumentID, a.Target = doc, t
	}
	var text []string
	for i := range in.Body {
		b := &in.Body[i]
		switch {
		case b.Type == "TextualBody" || b.Value != nil:
			if b.Value == nil {
				return nil, badRequest("body: a TextualBody needs a value")
			}
			if b.Type != "" && b.Type != "TextualBody" {
				return nil, badRequest("body: a body with a value is a TextualBody, not %q", b.Type)
			}
			if _, _, err := mime.ParseMediaType(b.Format); b.Format != "" && err != nil {
				return nil, badRequest("body: format %q is not a media type such as text/markdown", b.Format)
			}
			switch b.Purpose {
			case anno.Tagging:
				a.Tags = append(a.Tags, *b.Value)
			case anno.Identify:
				if a.Link == nil {
					a.Link = &sverka.CrossReference{}
				}
				a.Link.Citation = *b.Value
			case "", anno.Commenting, anno.Editing, anno.Replying, "describing":
				text = append(text, *b.Value)
			default:
				return nil, badRequest("body: purpose %q is not used here (commenting, editing, replying, tagging, identifying)", b.Purpose)
			}
		case a.Motivation == sverka.MotivationLink:
			if a.Link == nil {
				a.Link = &sverka.CrossReference{}
			}
			iri := b.Source
			if iri == "" {
				iri = b.ID
			}
			if doc, lang, ok := parseTextIRI(base, iri); ok {
				t, err := selection(b, "body")
				if err != nil {
					return nil, err
				}
				a.Link.DocumentID, a.Link.Lang, a.Link.Start, a.Link.End, a.Link.Exact = doc, lang, t.Start, t.End, t.Exact
				if t.Start < 0 {
					return nil, badRequest("body: give the linked passage's TextPositionSelector")
				}
			} else if doc, ok := parseDocumentIRI(base, iri); ok {
				a.Link.DocumentID = doc
			} else if iri != "" {
				a.Link.URL = iri
			} else {
				return nil, badRequest("body: a cross-reference body names a passage (SpecificResource with source and selectors), a document or a URL")
			}
		default:
			return nil, badRequest("body: a %s has a TextualBody, not %q", a.Motivation, b.Type+b.ID)
		}
	}
	if len(text) > 1 {
		return nil, badRequest("body: give one text body (got %d)", len(text))
	}
	if len(text) == 1 {
		a.Body = text[0]
	} else if a.Motivation == sverka.MotivationCorrection {
		return nil, badRequest("body: a correction's body is the corrected reading, a TextualBody (its value may be empty to delete)")
	}
	return a, nil
}

// validContext reports whether an annotation's @context is absent, the Web
// Annotation context, or a list of contexts (IRIs or objects) that holds it.
func validContext(ctx any) bool {
	switch c := ctx.(type) {
	case nil:
		return true
	case string:
		return c == anno.ContextIRI
	case []any:
		found := false
		for _, x := range c {
			switch x := x.(type) {
			case string:
				found = found || x == anno.ContextIRI
			case map[string]any:
			default:
				return false
			}
		}
		return found
	}
	return false
}

// readAnnotation parses the request body as an annotation.
func readAnnotation(c echo.Context) (*anno.Annotation, error) {
	b, err := readJSONBody(c, true)
	if err != nil {
		return nil, err
	}
	in, err := anno.Parse(b)
	if err != nil {
		return nil, badRequest("the body is not a valid annotation in JSON: %v", err)
	}
	return in, nil
}

// writeAnnotation answers with one annotation, its ETag and Link headers.
func (s *Server) writeAnnotation(c echo.Context, status int, a *sverka.Annotation) error {
	base := s.baseURL(c)
	h := c.Response().Header()
	h.Set("ETag", annotationETag(a))
	h.Set("Link", linkAnnotation)
	h.Set("Allow", "GET, HEAD, OPTIONS, PUT, DELETE")
	h.Set("Vary", "Accept, Cookie, Authorization")
	if status == http.StatusCreated {
		h.Set("Location", annotationIRI(base, a.ID))
	}
	return writeJSONLD(c, status, annotationJSON(base, a, true))
}

func writeJSONLD(c echo.Context, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.Blob(status, anno.MediaType, b)
}

func annotationETag(a *sverka.Annotation) string {
	return `"a` + strconv.FormatInt(a.ID, 10) + "-v" + strconv.Itoa(a.Version) + `"`
}

// ifMatch reads the version an If-Match header names, which every change
// of an annotation must send (428 without it), so that nobody's change is
// overwritten unseen: "*" (any current version) is 0, an ETag of another
// annotation or version -1, which never matches.
func ifMatch(c echo.Context, id int64) (int, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	switch h {
	case "":
		return 0, echo.NewHTTPError(http.StatusPreconditionRequired, "send If-Match with the ETag of the version you changed, so that nobody's change is overwritten")
	case "*":
		return 0, nil
	}
	h = strings.TrimPrefix(h, "W/")
	prefix := `"a` + strconv.FormatInt(id, 10) + "-v"
	rest, ok := strings.CutPrefix(h, prefix)
	if !ok || !strings.HasSuffix(rest, `"`) {
		return -1, nil // names another resource: never matches
	}
	v, err := strconv.Atoi(strings.TrimSuffix(rest, `"`))
	if err != nil || v < 1 {
		return -1, nil // versions start at 1; 0 would mean "any"
	}
	return v, nil
}

// ifNoneMatchHits reports whether an If-None-Match header names etag (or
// is "*"): a change made on that condition must not happen (RFC 9110 13.1.2).
func ifNoneMatchHits(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// staleOr answers 412 with the current annotation for a lost race, and
// passes other errors on.
func (s *Server) staleOr(c echo.Context, err error) error {
	var stale *sverka.StaleError
	if errors.As(err, &stale) {
		c.Response().Header().Set("X-Sverka-Error", "stale version: someone else changed this annotation; the current version is in the body")
		return s.writeAnnotation(c, http.StatusPreconditionFailed, stale.Current)
	}
	return err
}

func annotationID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("aid"), 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("malformed annotation id %q", c.Param("aid"))
	}
	return id, nil
}

func documentID(c echo.Context) (string, error) {
	id := c.Param("id")
	if !sverka.ValidDocumentID(id) {
		return "", badRequest("malformed document id %q", id)
	}
	return id, nil
}

// handleAnnotationList handles "GET /api/documents/:id/annotations/": the
// container as an AnnotationCollection with its first page, or with
// ?page=N one AnnotationPage. ?motivation=, ?creator= (a user id) and
// ?lang= filter; ?include=deleted also lists deleted annotations (marked by
// their "deleted" time) to signed-in users, so that they can be found and
// restored from their history.
func (s *Server) handleAnnotationList(c echo.Context) error {
	doc, err := documentID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.db.DocumentRevision(ctx, doc); err != nil {
		return err
	}
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
	base := s.baseURL(c)
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
		StartIndex: f.Offset, Items: make([]*anno.Annotation, 0, len(list))}
	if page+1 < pages {
		p.Next = pageIRI(page + 1)
	}
	if page > 0 {
		p.Prev = pageIRI(page - 1)
	}
	for _, a := range list {
		p.Items = append(p.Items, annotationJSON(base, a, false))
	}
	h := c.Response().Header()
	h.Set("Link", linkContainer)
	h.Set("Allow", "GET, HEAD, OPTIONS, POST")
	h.Set("Vary", "Accept, Prefer, Cookie, Authorization")
	if paged {
		p.Context = anno.Contexts(base)
		return writeJSONLD(c, http.StatusOK, p)
	}
	p.PartOf = nil
	return writeJSONLD(c, http.StatusOK, &anno.Collection{
		Context: anno.Contexts(base), ID: collectionIRI, Type: []string{"BasicContainer", "AnnotationCollection"},
		Label: "Annotations of document " + doc, Total: total, First: p, Last: pageIRI(pages - 1),
	})
}

// handleAnnotationCreate handles "POST /api/documents/:id/annotations/".
func (s *Server) handleAnnotationCreate(c echo.Context) error {
	doc, err := documentID(c)
	if err != nil {
		return err
	}
	in, err := readAnnotation(c)
	if err != nil {
		return err
	}
	a, err := fromJSON(s.baseURL(c), doc, in)
	if err != nil {
		return err
	}
	a.CreatorID = currentUser(c).ID
	if err := s.db.CreateAnnotation(c.Request().Context(), a); err != nil {
		return err
	}
	a.CreatorName = currentUser(c).Name
	return s.writeAnnotation(c, http.StatusCreated, a)
}

// findAnnotationFor reads the annotation of :aid as the current user sees it.
func (s *Server) findAnnotationFor(c echo.Context) (*sverka.Annotation, error) {
	id, err := annotationID(c)
	if err != nil {
		return nil, err
	}
	a, err := s.db.FindAnnotationByID(c.Request().Context(), id, viewerID(c))
	if err != nil {
		return nil, err
	}
	if err := s.checkReadable(c, a.DocumentID); err != nil {
		return nil, fmt.Errorf("annotation %d: %w", id, sverka.ErrNotFound)
	}
	return a, nil
}

// handleAnnotation handles "GET /api/annotations/:aid". A deleted
// annotation is 410 Gone; its history stays readable.
func (s *Server) handleAnnotation(c echo.Context) error {
	a, err := s.findAnnotationFor(c)
	if err != nil {
		return err
	}
	if a.IsDeleted() {
		return echo.NewHTTPError(http.StatusGone, fmt.Sprintf("annotation %d was deleted; see its versions at /api/annotations/%d/versions to restore it", a.ID, a.ID))
	}
	if c.Request().Header.Get("If-None-Match") == annotationETag(a) {
		c.Response().Header().Set("ETag", annotationETag(a))
		return c.NoContent(http.StatusNotModified)
	}
	return s.writeAnnotation(c, http.StatusOK, a)
}

// annotationToChange finds the annotation of a request that changes it,
// checks that the current user may (its author or an editor), and reads the
// version the change was made against from If-Match, which is required.
func (s *Server) annotationToChange(c echo.Context) (*sverka.Annotation, int, error) {
	cur, err := s.findAnnotationFor(c)
	if err != nil {
		return nil, 0, err
	}
	if !mayEdit(currentUser(c), cur.CreatorID) {
		return nil, 0, echo.NewHTTPError(http.StatusForbidden, "only its author or an editor may change this annotation")
	}
	v, err := ifMatch(c, cur.ID)
	if err != nil {
		return nil, 0, err
	}
	if v == 0 {
		v = cur.Version // If-Match: *
	}
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && ifNoneMatchHits(inm, annotationETag(cur)) {
		return nil, 0, echo.NewHTTPError(http.StatusPreconditionFailed, fmt.Sprintf("If-None-Match names version %d, the current one; nothing was changed", cur.Version))
	}
	return cur, v, nil
}

// handleAnnotationUpdate handles "PUT /api/annotations/:aid": the body is
// the whole new annotation; If-Match must name the version it replaces.
func (s *Server) handleAnnotationUpdate(c echo.Context) error {
	cur, v, err := s.annotationToChange(c)
	if err != nil {
		return err
	}
	in, err := readAnnotation(c)
	if err != nil {
		return err
	}
	next, err := fromJSON(s.baseURL(c), cur.DocumentID, in)
	if err != nil {
		return err
	}
	if next.Motivation != cur.Motivation {
		return badRequest("motivation: a %s cannot become a %s; make a new annotation", cur.Motivation, next.Motivation)
	}
	if next.ReplyTo != cur.ReplyTo {
		return badRequest("target: a reply stays with the annotation it answers")
	}
	upd := store.AnnotationUpdate{IfVersion: v, UserID: currentUser(c).ID, Body: &next.Body, Tags: &next.Tags, Private: &next.Private}
	if cur.Motivation != sverka.MotivationReply {
		upd.Target = &next.Target
	}
	if cur.Motivation == sverka.MotivationLink {
		if next.Link == nil {
			next.Link = &sverka.CrossReference{}
		}
		upd.Link = next.Link
	}
	a, err := s.db.UpdateAnnotation(c.Request().Context(), cur.ID, upd)
	if err != nil {
		return s.staleOr(c, err)
	}
	return s.writeAnnotation(c, http.StatusOK, a)
}

// handleAnnotationDelete handles "DELETE /api/annotations/:aid". The
// annotation is kept and can be restored from its versions.
func (s *Server) handleAnnotationDelete(c echo.Context) error {
	cur, v, err := s.annotationToChange(c)
	if err != nil {
		return err
	}
	if _, err := s.db.DeleteAnnotation(c.Request().Context(), cur.ID, v, currentUser(c).ID); err != nil {
		return s.staleOr(c, err)
	}
	return c.NoContent(http.StatusNoContent)
}

type apiVersion struct {
	Version    int              `json:"version"`
	Action     string           `json:"action"`
	At         string           `json:"at"`
	User       *anno.Agent      `json:"user,omitempty"`
	Annotation *anno.Annotation `json:"annotation"`
}

// handleAnnotationVersions handles "GET /api/annotations/:aid/versions":
// every version, newest first.
func (s *Server) handleAnnotationVersions(c echo.Context) error {
	a, err := s.findAnnotationFor(c)
	if err != nil {
		return err
	}
	id := a.ID
	h, err := s.db.AnnotationHistory(c.Request().Context(), id, viewerID(c))
	if err != nil {
		return err
	}
	base := s.baseURL(c)
	out := []apiVersion{}
	for _, v := range h {
		out = append(out, apiVersion{Version: v.Version, Action: v.Action, At: isoTime(v.At),
			User: userAgent(base, v.UserID, v.UserName), Annotation: annotationJSON(base, v.State, false)})
	}
	return c.JSON(http.StatusOK, map[string]any{"annotation": annotationIRI(base, id), "versions": out})
}

// handleAnnotationRestore handles "POST /api/annotations/:aid/versions/:version/restore".
func (s *Server) handleAnnotationRestore(c echo.Context) error {
	cur, v, err := s.annotationToChange(c)
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(c.Param("version"))
	if err != nil || version < 1 {
		return badRequest("malformed version %q", c.Param("version"))
	}
	a, err := s.db.RestoreAnnotation(c.Request().Context(), cur.ID, version, v, currentUser(c).ID)
	if err != nil {
		return s.staleOr(c, err)
	}
	return s.writeAnnotation(c, http.StatusOK, a)
}

// handleAnnotationReview handles "POST /api/annotations/:aid/review" with
// {"status": "accepted" | "rejected" | "proposed"}; If-Match must name the
// version reviewed ("*" for any), so two editors cannot both decide.
func (s *Server) handleAnnotationReview(c echo.Context) error {
	cur, v, err := s.annotationToChange(c)
	if err != nil {
		return err
	}
	var in struct {
		Status string `json:"status"`
	}
	b, err := readJSONBody(c, true)
	if err != nil {
		return err
	}
	if err := decodeJSON(b, &in); err != nil {
		return badRequest(`send {"status": "accepted"} or "rejected" or "proposed": %v`, err)
	}
	a, err := s.db.ReviewCorrection(c.Request().Context(), cur.ID, in.Status, v, currentUser(c).ID)
	if err != nil {
		return s.staleOr(c, err)
	}
	return s.writeAnnotation(c, http.StatusOK, a)
}

// handleAnnotationBacklinks handles "GET /api/documents/:id/backlinks": the
// cross-references, from any document, whose far end is in this one.
func (s *Server) handleAnnotationBacklinks(c echo.Context) error {
	doc, err := documentID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.db.DocumentRevision(ctx, doc); err != nil {
		return err
	}
	list, total, err := s.db.FindAnnotations(ctx, store.AnnotationFilter{LinkedDocumentID: doc, ViewerID: viewerID(c), Limit: annotationPageSize})
	if err != nil {
		return err
	}
	base := s.baseURL(c)
	p := &anno.Page{Context: anno.Contexts(base), ID: base + "/api/documents/" + doc + "/backlinks", Type: "AnnotationPage",
		PartOf: &anno.PartOf{ID: base + "/api/documents/" + doc + "/backlinks", Total: total}, Items: []*anno.Annotation{}}
	for _, a := range list {
		p.Items = append(p.Items, annotationJSON(base, a, false))
	}
	return writeJSONLD(c, http.StatusOK, p)
}

type apiReading struct {
	Document string              `json:"document"`
	Lang     string              `json:"lang"`
	Reading  string              `json:"reading"`
	Segments []apiReadingSegment `json:"segments"`
}

type apiReadingSegment struct {
	Number int             `json:"number"`
	Start  int             `json:"start"`
	End    int             `json:"end"`
	Text   string          `json:"text"`
	Pieces []reading.Piece `json:"pieces,omitempty"`
}

// handleReading handles "GET /api/documents/:id/readings/:lang": each
// segment's text in the ?reading= diplomatic (the OCR as is), corrected
// (accepted corrections applied, the default) or marked (pieces showing
// original and correction) reading.
func (s *Server) handleReading(c echo.Context) error {
	doc, err := documentID(c)
	if err != nil {
		return err
	}
	kind := c.QueryParam("reading")
	if kind == "" {
		kind = "corrected"
	}
	if kind != "diplomatic" && kind != "corrected" && kind != "marked" {
		return badRequest("reading: %q is not one of diplomatic, corrected, marked", kind)
	}
	r, err := s.db.FindReading(c.Request().Context(), doc, c.Param("lang"))
	if err != nil {
		return err
	}
	ranges := make([][2]int, len(r.Segments))
	for i, sg := range r.Segments {
		ranges[i] = [2]int{sg.Start, sg.End}
	}
	per := reading.Assign(ranges, r.Edits)
	out := apiReading{Document: doc, Lang: r.Lang, Reading: kind, Segments: []apiReadingSegment{}}
	for i, sg := range r.Segments {
		p := reading.Pieces(r.Text, sg.Start, sg.End, per[i])
		seg := apiReadingSegment{Number: i + 1, Start: sg.Start, End: sg.End}
		switch kind {
		case "diplomatic":
			seg.Text = string(r.Text[sg.Start:sg.End])
		case "corrected":
			seg.Text = reading.Corrected(p)
		case "marked":
			seg.Text, seg.Pieces = reading.Corrected(p), p
		}
		out.Segments = append(out.Segments, seg)
	}
	return c.JSON(http.StatusOK, out)
}

// handleSverkaContext handles "GET /ns/sverka.jsonld": the JSON-LD context
// of what Sverka adds to the Web Annotation model.
func (s *Server) handleSverkaContext(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, "application/ld+json", anno.Context(s.baseURL(c)))
}
