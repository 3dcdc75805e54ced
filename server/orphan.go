package server

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/anno"
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
	// Places are where it may belong, most like its words first.
	Places []anno.Candidate
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

// placesOffered is how many places the Orphans view offers each orphan.
const placesOffered = 3

// orphanPlaces are the places offered to attach an orphan to again
// (store.FindOrphanPlaces), in the text of Document in Lang.
type orphanPlaces struct {
	Annotation int64            `json:"annotation"`
	Document   string           `json:"document"`
	Lang       string           `json:"lang"`
	Places     []anno.Candidate `json:"places"`
}

// handleOrphans handles "GET /documents/:id/orphans", the Orphans view,
// and "GET /api/documents/:id/orphans": the orphans as W3C annotations
// (their "orphaned" says which end lost its words) and, for each, the
// places most like its words where it may be attached again.
func (s *Server) handleOrphans(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), currentUser(c)
	list, err := s.db.FindOrphans(ctx, id, viewerID(c))
	if err != nil {
		return err
	}
	codec := s.codec(c)
	out := make([]any, len(list))
	views := make([]orphanView, len(list))
	offers := make([]orphanPlaces, len(list))
	for i, a := range list {
		out[i] = codec.Encode(a)
		views[i] = newOrphanView(id, a, u)
		places, err := s.db.FindOrphanPlaces(ctx, a, views[i].LinkEnd, placesOffered)
		if err != nil {
			return err
		}
		views[i].Places = places
		offers[i] = orphanPlaces{Annotation: a.ID, Document: views[i].Document, Lang: views[i].Lang, Places: places}
	}
	return s.answer(c, map[string]any{"orphans": out, "suggestions": offers}, "orphans", func() pageData {
		return &orphanPage{DocumentID: id, Orphans: views, Done: c.QueryParam("done")}
	})
}

// orphanChange is a change to an orphan: Action "reattach" places its
// orphaned end on Exact, at Start–End when given, else where Exact occurs
// once (with Prefix and Suffix to tell occurrences apart); a link end also
// names its Document and Lang (by default those it pointed into). Action "delete" deletes the annotation (it
// can be restored from its versions).
type orphanChange struct {
	Action   string `json:"action" form:"action"`
	Exact    string `json:"exact" form:"exact"`
	Prefix   string `json:"prefix" form:"prefix"`
	Suffix   string `json:"suffix" form:"suffix"`
	Start    *int   `json:"start" form:"start"`
	End      *int   `json:"end" form:"end"`
	Document string `json:"document" form:"document"`
	Lang     string `json:"lang" form:"lang"`
	// Version is the version of the annotation the Orphans view's form
	// was made from; the API names it with If-Match instead.
	Version int `json:"-" form:"version"`
}

// orphanToChange reads the orphan a route names (:aid, on document :id or
// a cross-reference into it) for a change by its author or an editor.
func (s *Server) orphanToChange(c echo.Context) (*sverka.Annotation, orphanView, error) {
	id, err := documentID(c)
	if err != nil {
		return nil, orphanView{}, err
	}
	aid, err := strconv.ParseInt(c.Param("aid"), 10, 64)
	if err != nil || aid < 1 {
		return nil, orphanView{}, badRequest("malformed annotation id %q", c.Param("aid"))
	}
	u := currentUser(c)
	a, err := s.db.FindAnnotationByID(c.Request().Context(), aid, u.ID)
	if err != nil {
		return nil, orphanView{}, err
	}
	v := newOrphanView(id, a, u)
	if a.DocumentID != id && (a.Link == nil || a.Link.DocumentID != id) {
		return nil, v, echo.NewHTTPError(http.StatusNotFound, "annotation "+c.Param("aid")+" is neither on document "+id+" nor linked to it")
	}
	if !v.MayEdit {
		return nil, v, echo.NewHTTPError(http.StatusForbidden, "only its author or an editor may change this annotation")
	}
	return a, v, nil
}

// changeOrphan makes ch to orphan a, shown as v, against version.
func (s *Server) changeOrphan(c echo.Context, a *sverka.Annotation, v orphanView, version int, ch orphanChange) (*sverka.Annotation, error) {
	ctx, u := c.Request().Context(), currentUser(c)
	switch ch.Action {
	case "delete":
		return s.db.DeleteAnnotation(ctx, a.ID, version, u.ID)
	case "reattach":
	default:
		return nil, badRequest("action: reattach or delete")
	}
	if ch.Exact == "" {
		return nil, badRequest("exact: type the words to attach it to")
	}
	at := sverka.TextTarget{Exact: ch.Exact, Prefix: ch.Prefix, Suffix: ch.Suffix, ByQuote: true}
	if ch.Start != nil && ch.End != nil {
		at.Start, at.End, at.Prefix, at.Suffix, at.ByQuote = *ch.Start, *ch.End, "", "", false
	}
	upd := store.AnnotationUpdate{IfVersion: version, UserID: u.ID}
	if v.LinkEnd {
		l := *a.Link
		l.DocumentID, l.Lang, l.Start, l.End, l.Exact, l.ByQuote = cmp.Or(ch.Document, v.Document), cmp.Or(ch.Lang, v.Lang), at.Start, at.End, at.Exact, at.ByQuote
		upd.Link = &l
	} else {
		at.Lang = a.Target.Lang
		upd.Target = &at
	}
	return s.db.UpdateAnnotation(ctx, a.ID, upd)
}

// handleOrphanChange handles "POST /api/documents/:id/orphans/:aid" and
// the Orphans view's "POST /documents/:id/orphans/:aid": an orphanChange
// (JSON under /api, "action": "reattach" with the start, end and exact of
// a place GET offered; the form's fields elsewhere), made against the
// version If-Match (or the form's version) names. The API answers the
// annotation as it is now; the form goes back to the Orphans view, which
// says what was done.
func (s *Server) handleOrphanChange(c echo.Context) error {
	cur, v, err := s.orphanToChange(c)
	if err != nil {
		return err
	}
	version := 0
	if isAPI(c) {
		if version, err = ifMatch(c, cur.ID); err != nil {
			return err
		}
	}
	var ch orphanChange
	if err := bindInput(c, &ch); err != nil {
		return err
	}
	if !isAPI(c) {
		if version = ch.Version; version < 1 {
			return badRequest("version: give the version of the annotation the change is made against")
		}
	}
	a, err := s.changeOrphan(c, cur, v, version, ch)
	if err != nil {
		return s.staleAnnotation(c, err)
	}
	if isAPI(c) {
		return s.writeAnnotation(c, http.StatusOK, a)
	}
	return c.Redirect(http.StatusSeeOther, "/documents/"+url.PathEscape(c.Param("id"))+"/orphans?done="+map[string]string{"delete": "deleted", "reattach": "reattached"}[ch.Action])
}
