package server

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"sverka/store"
)

// The trash: editors delete a document (it goes to the trash, hidden from
// everyone), admins restore it or purge it for good (store/trash.go).

type trashPage struct {
	page
	Documents []store.TrashedDocument
	// Purged is the answer of the purge just done, if any.
	Purged *purgeAnswer
}

// purgeAnswer is what a purge did: the document gone, the cross-references
// into it now orphaned.
type purgeAnswer struct {
	Purged   string               `json:"purged"`
	Orphaned []store.OrphanedLink `json:"orphaned"`
}

// handleDocumentDelete handles "DELETE /api/documents/:id" and "POST
// /documents/:id/delete" (the reading view's "Move to the trash"): an
// editor moves the document to the trash, and the page then shows the trash.
func (s *Server) handleDocumentDelete(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	if err := s.db.TrashDocument(c.Request().Context(), id, currentUser(c).ID); err != nil {
		return err
	}
	return answerDone(c, map[string]string{"trashed": id}, "/trash#trashed-"+url.PathEscape(id))
}

// handleTrash handles "GET /trash" and "GET /api/trash": the documents in
// the trash, with who put them there and when; admins restore or purge
// them from the page.
func (s *Server) handleTrash(c echo.Context) error {
	list, err := s.db.FindTrash(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return s.answer(c, map[string]any{"documents": list}, "trash", func() pageData { return &trashPage{Documents: list} })
}

// handleTrashRestore handles "POST /api/trash/:id/restore" and "POST
// /trash/:id/restore": an admin takes a document out of the trash, and the
// page then shows the document.
func (s *Server) handleTrashRestore(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	if err := s.db.RestoreDocument(c.Request().Context(), id, currentUser(c).ID); err != nil {
		return err
	}
	return answerDone(c, map[string]string{"restored": id}, "/documents/"+url.PathEscape(id))
}

// handleTrashPurge handles "POST /api/trash/:id/purge" with {"confirm":
// ID} and "POST /trash/:id/purge" (the trash page's form, field confirm):
// an admin deletes a document in the trash for good, once confirm repeats
// its id. It answers with the cross-references into it, now orphaned; the
// page shows them above what is left in the trash.
func (s *Server) handleTrashPurge(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	var in struct {
		Confirm string `json:"confirm" form:"confirm"`
	}
	if err := bindInput(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	p, err := s.db.PurgeDocument(ctx, id, in.Confirm, currentUser(c).ID)
	if err != nil {
		return err
	}
	purged := &purgeAnswer{Purged: id, Orphaned: p.Orphaned}
	if isAPI(c) {
		return c.JSON(http.StatusOK, purged)
	}
	list, err := s.db.FindTrash(ctx, currentUser(c))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "trash", &trashPage{Documents: list, Purged: purged})
}
