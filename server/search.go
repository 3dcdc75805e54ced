package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/store"
)

type searchPage struct {
	page
	Query, Lang string
	Searched    bool
	Hits        []searchHitView
	Notes       []noteHitView
	More        bool
	NextOffset  int
	Error       string
}

type searchHitView struct {
	store.SearchHit
	Pieces []markedPiece
}

type noteHitView struct {
	store.NoteHit
	Kind   string
	Pieces []markedPiece
}

// noteKinds names the kinds of annotation a search lists.
var noteKinds = map[string]string{sverka.MotivationNote: "Note", sverka.MotivationReply: "Reply", sverka.MotivationLink: "Cross-reference"}

type markedPiece struct {
	Text string
	Mark bool
}

// searchQuery reads q, lang, document and offset from the request.
func searchQuery(c echo.Context) (store.SearchQuery, error) {
	q := store.SearchQuery{Text: c.QueryParam("q"), Lang: c.QueryParam("lang"), DocumentID: c.QueryParam("document"), Viewer: currentUser(c)}
	if v := c.QueryParam("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return q, badRequest("offset must be a whole number, 0 or more")
		}
		q.Offset = n
	}
	return q, nil
}

// handleSearch handles "GET /search": the search page and its results.
func (s *Server) handleSearch(c echo.Context) error {
	q, err := searchQuery(c)
	if err != nil {
		return err
	}
	page := searchPage{Query: q.Text, Lang: q.Lang}
	if q.Text == "" {
		return s.render(c, http.StatusOK, "search", &page)
	}
	page.Searched = true
	res, err := s.db.Search(c.Request().Context(), q)
	var ve *sverka.ValidationError
	if errors.As(err, &ve) {
		page.Error = ve.Message
		return s.render(c, http.StatusBadRequest, "search", &page)
	}
	if err != nil {
		return err
	}
	for _, h := range res.Hits {
		page.Hits = append(page.Hits, searchHitView{SearchHit: h, Pieces: markPieces(h.Text, h.Marks)})
	}
	for _, n := range res.Notes {
		page.Notes = append(page.Notes, noteHitView{NoteHit: n, Kind: noteKinds[n.Motivation], Pieces: markPieces(n.Text, n.Marks)})
	}
	page.More, page.NextOffset = res.More, q.Offset+len(res.Hits)
	return s.render(c, http.StatusOK, "search", &page)
}

// markPieces cuts text into runs, marking the ranges (code points) given.
func markPieces(text string, marks [][2]int) []markedPiece {
	runes := []rune(text)
	var out []markedPiece
	at := 0
	for _, m := range marks {
		if m[0] < at || m[1] > len(runes) {
			continue
		}
		if m[0] > at {
			out = append(out, markedPiece{Text: string(runes[at:m[0]])})
		}
		out = append(out, markedPiece{Text: string(runes[m[0]:m[1]]), Mark: true})
		at = m[1]
	}
	if at < len(runes) {
		out = append(out, markedPiece{Text: string(runes[at:])})
	}
	return out
}

// handleAPISearch handles "GET /api/search".
func (s *Server) handleAPISearch(c echo.Context) error {
	q, err := searchQuery(c)
	if err != nil {
		return err
	}
	res, err := s.db.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
