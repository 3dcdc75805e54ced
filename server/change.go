package server

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/store"
)

type changeListPage struct {
	page
	Filter  store.ChangeFilter
	Subject string
	Changes []changeEntry
	// Older is the URL of the next page, or "".
	Older string
}

// changeFilter reads ?document=, ?user= (id or name), ?entity=, ?entity_id=
// and ?before= into a filter.
func (s *Server) changeFilter(c echo.Context) (store.ChangeFilter, error) {
	f := store.ChangeFilter{DocumentID: c.QueryParam("document"), Entity: c.QueryParam("entity"), EntityID: c.QueryParam("entity_id"), Limit: 100}
	if u := currentUser(c); u != nil {
		f.ViewerID = u.ID
	}
	if f.DocumentID != "" && !sverka.ValidDocumentID(f.DocumentID) {
		return f, badRequest("malformed document id %q", f.DocumentID)
	}
	if u := c.QueryParam("user"); u != "" {
		if id, err := strconv.ParseInt(u, 10, 64); err == nil {
			f.UserID = id
		} else {
			usr, err := s.db.FindUserByName(c.Request().Context(), u)
			if err != nil {
				return f, err
			}
			f.UserID = usr.ID
		}
	}
	if b := c.QueryParam("before"); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil {
			return f, badRequest("?before= takes a change id")
		}
		f.BeforeID = id
	}
	return f, nil
}

// handleChangeList handles "GET /changes" and "GET /api/changes": the
// audit trail for editors, per document (?document=) or per user (?user=),
// in words on the page (change_entry.go), 100 at a time (?before= pages
// back).
func (s *Server) handleChangeList(c echo.Context) error {
	f, err := s.changeFilter(c)
	if err != nil {
		return err
	}
	changes, err := s.db.FindChanges(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return s.answer(c, map[string]any{"changes": changes}, "change_list", func() pageData {
		p := changeListPage{Filter: f, Changes: make([]changeEntry, len(changes))}
		for i, ch := range changes {
			p.Changes[i] = newChangeEntry(ch)
		}
		switch {
		case f.DocumentID != "":
			p.Subject = "document " + f.DocumentID
		case f.UserID != 0:
			p.Subject = "user " + c.QueryParam("user")
		}
		if len(changes) == f.Limit {
			q := c.QueryParams()
			q.Set("before", strconv.FormatInt(changes[len(changes)-1].ID, 10))
			p.Older = "/changes?" + q.Encode()
		}
		return &p
	})
}
