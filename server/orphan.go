package server

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/store"
)

// The Orphans view of a document: its annotations whose words are gone,
// and the cross-reference ends here or from here that no longer resolve
// (store/orphan.go), each with a way to attach it to words again or to
// delete it.

type orphanPage struct {
	page
	DocumentID string
	Orphans    []orphanView
	// Done says what the last action did, if any.
	Done string
}

// orphanView is one orphan as the page shows it.
type orphanView struct {
	A *sverka.Annotation
	// Kind names the annotation for a person: note, correction, …
	Kind string
	// LinkEnd is set when what lost its words is the far end of a
	// cross-reference, not the annotation's own target.
	LinkEnd bool
	// Lang and Exact are the language and the words it pointed at, in
	// Document (this one, or another).
	Document, Lang, Exact string
	// MayEdit is set when the viewer may re-attach or delete it.
	MayEdit bool
}

// annotationKinds names each motivation for a person.
var annotationKinds = map[string]string{
	sverka.MotivationNote: "note", sverka.MotivationCorrection: "correction",
	sverka.MotivationLink: "cross-reference", sverka.MotivationReply: "reply",
}

// newOrphanView presents annotation a, an orphan of document id, to u.
func newOrphanView(id string, a *sverka.Annotation, u *sverka.User) orphanView {
	v := orphanView{A: a, Kind: annotationKinds[a.Motivation], Document: a.DocumentID, Lang: a.Target.Lang, Exact: a.Target.Exact,
		MayEdit: mayEdit(u, a.CreatorID)}
	if !(a.DocumentID == id && a.Orphaned) && a.Link != nil {
		v.LinkEnd, v.Document, v.Lang, v.Exact = true, a.Link.DocumentID, a.Link.Lang, a.Link.Exact
	}
	return v
}

// handleOrphans handles "GET /documents/:id/orphans", the Orphans view,
// and "GET /api/documents/:id/orphans": the orphans as W3C annotations
// (their "orphaned" says which end lost its words).
func (s *Server) handleOrphans(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	list, err := s.db.FindOrphans(c.Request().Context(), id, viewerID(c))
	if err != nil {
		return err
	}
	codec := s.codec(c)
	out := make([]any, len(list))
	for i, a := range list {
		out[i] = codec.Encode(a)
	}
	return s.answer(c, map[string]any{"orphans": out}, "orphans", func() pageData {
		p := orphanPage{DocumentID: id, Orphans: make([]orphanView, len(list)), Done: c.QueryParam("done")}
		for i, a := range list {
			p.Orphans[i] = newOrphanView(id, a, currentUser(c))
		}
		return &p
	})
}

// handleOrphanAction handles "POST /documents/:id/orphans/:aid": the
// Orphans view's forms. action=reattach places the orphaned end on the
// words given (exact, with prefix and suffix to tell occurrences apart; a
// link end also in document and lang), action=delete deletes the
// annotation (it can be restored from its versions). Either is made
// against version, as by its author or an editor, on an annotation of the
// document or a cross-reference into it.
func (s *Server) handleOrphanAction(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(c.Param("aid"), 10, 64)
	if err != nil || aid < 1 {
		return badRequest("malformed annotation id %q", c.Param("aid"))
	}
	ctx, u := c.Request().Context(), currentUser(c)
	a, err := s.db.FindAnnotationByID(ctx, aid, u.ID)
	if err != nil {
		return err
	}
	v := newOrphanView(id, a, u)
	if a.DocumentID != id && (a.Link == nil || a.Link.DocumentID != id) {
		return echo.NewHTTPError(http.StatusNotFound, "annotation "+c.Param("aid")+" is neither on document "+id+" nor linked to it")
	}
	if !v.MayEdit {
		return echo.NewHTTPError(http.StatusForbidden, "only its author or an editor may change this annotation")
	}
	version, err := strconv.Atoi(c.FormValue("version"))
	if err != nil || version < 1 {
		return badRequest("version: give the version of the annotation the change is made against")
	}
	done := "deleted"
	switch c.FormValue("action") {
	case "delete":
		_, err = s.db.DeleteAnnotation(ctx, aid, version, u.ID)
	case "reattach":
		done = "reattached"
		upd := store.AnnotationUpdate{IfVersion: version, UserID: u.ID}
		quote := sverka.TextTarget{Exact: c.FormValue("exact"), Prefix: c.FormValue("prefix"), Suffix: c.FormValue("suffix"), ByQuote: true}
		if quote.Exact == "" {
			return badRequest("exact: type the words to attach it to")
		}
		if v.LinkEnd {
			l := *a.Link
			l.DocumentID, l.Lang, l.Exact, l.ByQuote = c.FormValue("document"), c.FormValue("lang"), quote.Exact, true
			upd.Link = &l
		} else {
			quote.Lang = a.Target.Lang
			upd.Target = &quote
		}
		_, err = s.db.UpdateAnnotation(ctx, aid, upd)
	default:
		return badRequest("action: reattach or delete")
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/documents/"+url.PathEscape(id)+"/orphans?done="+done)
}
