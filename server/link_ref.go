package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"sverka"
)

// refNote is a ref that no row carries any more, shown in the row that
// answers for it: an anchor #link-Ref and what became of it.
type refNote struct {
	Ref  int
	Note string
}

// refNotes are the notes of a reading view: the refs each row answers for
// (by the row's ref) and, for a row whose own ref's words are now spread
// over more rows, where they are.
type refNotes struct {
	retired map[int][]refNote
	widened map[int]string
}

func newRefNotes(d *sverka.Document, refs []sverka.LinkRef) refNotes {
	n := refNotes{retired: map[int][]refNote{}, widened: map[int]string{}}
	for _, t := range d.ResolveRefs(refs) {
		switch {
		case t.Live && t.Widened():
			n.widened[t.Ref] = refNoteText(t)
		case !t.Live:
			n.retired[t.Link] = append(n.retired[t.Link], refNote{Ref: t.Ref, Note: refNoteText(t)})
		}
	}
	return n
}

// refNoteText says what became of a ref whose words are no longer all in
// one row of its own, or "".
func refNoteText(t sverka.RefTarget) string {
	switch {
	case t.Live && t.Widened():
		return fmt.Sprintf("Link %d was split: what it held is now in rows %d–%d.", t.Ref, t.First, t.Last)
	case t.Live:
		return ""
	case !t.Widened():
		return fmt.Sprintf("Link %d was merged into this row (%d).", t.Ref, t.Position)
	}
	return fmt.Sprintf("Link %d is no longer a row of its own: what it held is now in rows %d–%d.", t.Ref, t.First, t.Last)
}

// apiLinkRef is where a link ref points now.
type apiLinkRef struct {
	sverka.RefTarget
	// URL opens the row answering for the ref in the reading view.
	URL  string `json:"url"`
	Note string `json:"note,omitempty"`
}

func (s *Server) resolveLinkRef(c echo.Context, id, v string) (apiLinkRef, error) {
	ref, err := strconv.Atoi(v)
	if err != nil || ref < 1 {
		return apiLinkRef{}, badRequest("link must be a link number (the N of #link-N), from 1; got %q", v)
	}
	t, err := s.db.ResolveLinkRef(c.Request().Context(), id, ref)
	if err != nil {
		return apiLinkRef{}, err
	}
	return apiLinkRef{RefTarget: t, Note: refNoteText(t),
		URL: fmt.Sprintf("/documents/%s?from=%d#link-%d", url.PathEscape(id), t.Position, t.Ref)}, nil
}

// handleAPILinkRef handles "GET /api/documents/:id/links/:ref": where the
// link once numbered ref is now, whatever alignment edits happened since.
func (s *Server) handleAPILinkRef(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	a, err := s.resolveLinkRef(c, id, c.Param("ref"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}
