package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/anno"
	"sverka/store"
)

// annotationPageSize is how many annotations one page of a container holds.
const annotationPageSize = 1000

// Link header values of the Web Annotation Protocol.
const (
	linkContainer  = `<http://www.w3.org/ns/ldp#BasicContainer>; rel="type", <http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"`
	linkAnnotation = `<http://www.w3.org/ns/ldp#Resource>; rel="type"`
)

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

// codec maps annotations for the request's origin, with the server's
// cache of rendered notes.
func (s *Server) codec(c echo.Context) anno.Codec {
	return anno.Codec{Base: s.baseURL(c), Notes: &s.notes}
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
	c.Set(answeredKey, a)
	h := c.Response().Header()
	h.Set("ETag", annotationETag(a))
	h.Set("Link", linkAnnotation)
	h.Set("Allow", "GET, HEAD, OPTIONS, PUT, DELETE")
	h.Set("Vary", "Accept, Cookie, Authorization")
	if status == http.StatusCreated {
		h.Set("Location", anno.AnnotationIRI(s.baseURL(c), a.DocumentID, a.ID))
	}
	return s.writeLD(c, status, s.annotationLD(c, a))
}

// annotationLD is the W3C representation of a, with its contexts.
func (s *Server) annotationLD(c echo.Context, a *sverka.Annotation) *anno.Annotation {
	out := s.codec(c).Encode(a)
	if out.Context == nil {
		out.Context = anno.Contexts(s.baseURL(c))
	}
	return out
}

func annotationETag(a *sverka.Annotation) string {
	return annotationTag.etag(strconv.FormatInt(a.ID, 10), int64(a.Version))
}

// ifMatch reads the version an If-Match header names (conflict.go): "*" is
// 0, the current version. Without the header, a review or a restore is
// refused (428), so that two editors cannot both decide; an update or a
// deletion, as the Web Annotation Protocol's clients send them, applies to
// the current version (0): every version stays in the history, so nothing
// is lost, and the audit trail says who overwrote what. Sverka's own pages
// always send it.
func ifMatch(c echo.Context, id int64) (int, error) {
	v, sent, err := annotationTag.ifMatch(c, strconv.FormatInt(id, 10))
	if err != nil {
		return 0, err
	}
	if m := c.Request().Method; !sent && m != http.MethodPut && m != http.MethodDelete {
		return 0, echo.NewHTTPError(http.StatusPreconditionRequired, "send If-Match with the ETag of the version you decide on, so that nobody's decision is overwritten")
	}
	return int(v), nil
}

// staleAnnotation answers a lost race with the annotation as it is now
// (conflict.go), and passes other errors on.
func (s *Server) staleAnnotation(c echo.Context, err error) error {
	return stale(err, func() (string, any, error) {
		var st *sverka.StaleError
		if !errors.As(err, &st) {
			return "", nil, err
		}
		return annotationETag(st.Current), s.annotationLD(c, st.Current), nil
	})
}

func annotationID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("aid"), 10, 64)
	if err != nil || id <= 0 {
		return 0, echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("there is no annotation %q: annotation ids are whole numbers", c.Param("aid")))
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
	a, err := s.codec(c).Decode(doc, in)
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
	if doc := c.Param("id"); doc != "" && doc != a.DocumentID || s.checkReadable(c, a.DocumentID) != nil {
		return nil, fmt.Errorf("annotation %d: %w", id, sverka.ErrNotFound)
	}
	return a, nil
}

// handleAnnotationMoved handles the IRIs annotations had before they were
// under their container ("/api/annotations/:aid" and what is below it):
// a permanent redirect (308, which keeps the method and body) to the same
// resource under /api/documents/{id}/annotations/, for whoever may read it.
func (s *Server) handleAnnotationMoved(c echo.Context) error {
	a, err := s.findAnnotationFor(c)
	if err != nil {
		return err
	}
	r := c.Request()
	rest := strings.TrimPrefix(r.URL.Path, "/api/annotations/"+c.Param("aid"))
	to := anno.AnnotationIRI("", a.DocumentID, a.ID) + rest
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	return c.Redirect(http.StatusPermanentRedirect, to)
}

// handleAnnotation handles "GET /api/documents/:id/annotations/:aid". A deleted
// annotation is 410 Gone; its history stays readable.
func (s *Server) handleAnnotation(c echo.Context) error {
	a, err := s.findAnnotationFor(c)
	if err != nil {
		return err
	}
	if a.IsDeleted() {
		return echo.NewHTTPError(http.StatusGone, fmt.Sprintf("annotation %d was deleted; see its versions at %s/versions to restore it", a.ID, anno.AnnotationIRI("", a.DocumentID, a.ID)))
	}
	if notModified(c, annotationETag(a)) {
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
	if ifNoneMatchHits(c.Request().Header.Get("If-None-Match"), annotationETag(cur)) {
		err := fmt.Errorf("If-None-Match names version %d, the current one; nothing was changed: %w", cur.Version, sverka.ErrStale)
		return nil, 0, &staleError{err: err, etag: annotationETag(cur), current: s.annotationLD(c, cur)}
	}
	return cur, v, nil
}

// handleAnnotationUpdate handles "PUT /api/documents/:id/annotations/:aid": the body is
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
	next, err := s.codec(c).Decode(cur.DocumentID, in)
	if err != nil {
		return err
	}
	if next.Motivation != cur.Motivation {
		return badRequest("motivation: a %s cannot become a %s; make a new annotation", cur.Motivation, next.Motivation)
	}
	if next.ReplyTo != cur.ReplyTo {
		return badRequest("target: a reply stays with the annotation it answers")
	}
	upd := store.AnnotationUpdate{IfVersion: v, UserID: currentUser(c).ID, Body: &next.Body, Tags: &next.Tags, Private: &next.Private, W3C: &next.W3C}
	if cur.Motivation != sverka.MotivationReply {
		upd.Target, upd.Outside = &next.Target, &next.Outside
	}
	if cur.Motivation == sverka.MotivationLink {
		if next.Link == nil {
			next.Link = &sverka.CrossReference{}
		}
		upd.Link = next.Link
	}
	a, err := s.db.UpdateAnnotation(c.Request().Context(), cur.ID, upd)
	if err != nil {
		return s.staleAnnotation(c, err)
	}
	return s.writeAnnotation(c, http.StatusOK, a)
}

// handleAnnotationDelete handles "DELETE /api/documents/:id/annotations/:aid". The
// annotation is kept and can be restored from its versions.
func (s *Server) handleAnnotationDelete(c echo.Context) error {
	cur, v, err := s.annotationToChange(c)
	if err != nil {
		return err
	}
	if _, err := s.db.DeleteAnnotation(c.Request().Context(), cur.ID, v, currentUser(c).ID); err != nil {
		return s.staleAnnotation(c, err)
	}
	return c.NoContent(http.StatusNoContent)
}

type apiVersion struct {
	Version    int              `json:"version"`
	Action     string           `json:"action"`
	At         string           `json:"at"`
	User       *anno.Agent      `json:"user,omitempty"`
	Annotation *anno.Annotation `json:"annotation"`
	// Changes say in words what this version changed from the one before.
	Changes []string `json:"changes"`
}

// handleAnnotationVersions handles "GET /api/documents/:id/annotations/:aid/versions":
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
	codec := s.codec(c)
	base := codec.Base
	states := make([]*sverka.Annotation, len(h))
	for i, v := range h {
		states[i] = v.State
	}
	changes := versionChanges(states)
	out := []apiVersion{}
	for i, v := range h {
		out = append(out, apiVersion{Version: v.Version, Action: v.Action, At: anno.Time(v.At),
			User: anno.UserAgent(base, v.UserID, v.UserName), Annotation: codec.Encode(v.State), Changes: append([]string{}, changes[i]...)})
	}
	return c.JSON(http.StatusOK, map[string]any{"annotation": anno.AnnotationIRI(base, a.DocumentID, id), "versions": out})
}

// handleAnnotationRestore handles "POST /api/documents/:id/annotations/:aid/versions/:version/restore".
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
		return s.staleAnnotation(c, err)
	}
	return s.writeAnnotation(c, http.StatusOK, a)
}

// handleAnnotationReview handles "POST /api/documents/:id/annotations/:aid/review" with
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
		return s.staleAnnotation(c, err)
	}
	s.relearn(c.Request().Context())
	return s.writeAnnotation(c, http.StatusOK, a)
}

// handleSverkaContext handles "GET /ns/sverka.jsonld" and "GET /ns/sverka" (the
// vocabulary, where its terms' IRIs resolve): the JSON-LD context
// of what Sverka adds to the Web Annotation model.
func (s *Server) handleSverkaContext(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, "application/ld+json", anno.Context(s.baseURL(c)))
}
