package server

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/markdown"
	"sverka/store"
)

type searchPage struct {
	page
	Q        store.SearchQuery
	Searched bool
	Result   *store.SearchResult
	Hits     []store.SearchHit
	Notes    []noteHitView
	// Start is the number of the first hit; NextURL the next page of
	// hits, with every filter kept.
	Start   int
	NextURL string
	Error   string
	Kinds   []searchKind
}

type searchKind struct{ Value, Label string }

type noteHitView struct {
	store.NoteHit
	Kind string
	// HTML is the note rendered as in the page (sanitized), its matched
	// words marked.
	HTML template.HTML
}

// noteKinds names the kinds of annotation a search lists.
var noteKinds = map[string]string{sverka.MotivationNote: "Note", sverka.MotivationReply: "Reply", sverka.MotivationLink: "Cross-reference"}

// searchQuery reads the query and its filters from the request: q, lang,
// document, from, to, kind, author, tag, sort, ocr (off), translit (on),
// offset and limit.
func searchQuery(c echo.Context) (store.SearchQuery, error) {
	q := store.SearchQuery{Text: c.QueryParam("q"), Lang: c.QueryParam("lang"), DocumentID: c.QueryParam("document"),
		From: c.QueryParam("from"), To: c.QueryParam("to"), Kind: c.QueryParam("kind"), Author: c.QueryParam("author"),
		Tag: c.QueryParam("tag"), Sort: c.QueryParam("sort"), NoOCR: c.QueryParam("ocr") == "off",
		Translit: c.QueryParam("translit") == "on", Viewer: currentUser(c)}
	if q.Kind != "" && noteKinds[q.Kind] == "" {
		return q, badRequest("kind must be commenting, replying or linking")
	}
	for _, p := range []struct {
		name string
		to   *int
	}{{"offset", &q.Offset}, {"limit", &q.Limit}} {
		if v := c.QueryParam(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return q, badRequest("%s must be a whole number, 0 or more", p.name)
			}
			*p.to = n
		}
	}
	return q, nil
}

// searchURL is the page of q's hits at offset, every filter kept.
func searchURL(q store.SearchQuery, offset int) string {
	v := url.Values{}
	for k, s := range map[string]string{"q": q.Text, "lang": q.Lang, "document": q.DocumentID, "from": q.From, "to": q.To,
		"kind": q.Kind, "author": q.Author, "tag": q.Tag, "sort": q.Sort} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if q.NoOCR {
		v.Set("ocr", "off")
	}
	if q.Translit {
		v.Set("translit", "on")
	}
	v.Set("offset", strconv.Itoa(offset))
	return "/search?" + v.Encode()
}

// handleSearch handles "GET /search" and "GET /api/search": one query
// (searchQuery), one search, answered as JSON or shown in the page with its
// form; the page without words is the empty form, and shows what the API
// refuses (400) beside the form.
func (s *Server) handleSearch(c echo.Context) error {
	q, err := searchQuery(c)
	var res *store.SearchResult
	if err == nil && (q.Text != "" || isAPI(c)) {
		res, err = s.db.Search(c.Request().Context(), q)
	}
	if isAPI(c) {
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, res)
	}
	page := searchPage{Q: q, Kinds: []searchKind{{"", "any kind"}, {sverka.MotivationNote, "notes"}, {sverka.MotivationReply, "replies"}, {sverka.MotivationLink, "cross-references"}}}
	var he *echo.HTTPError
	var ve *sverka.ValidationError
	switch {
	case errors.As(err, &he):
		page.Error, _ = he.Message.(string)
		return s.render(c, http.StatusBadRequest, "search", &page)
	case errors.As(err, &ve):
		page.Searched, page.Error = true, ve.Message
		return s.render(c, http.StatusBadRequest, "search", &page)
	case err != nil:
		return err
	case res == nil:
		return s.render(c, http.StatusOK, "search", &page)
	}
	page.Searched, page.Result, page.Start = true, res, q.Offset+1
	page.Hits = res.Hits
	for _, n := range res.Notes {
		page.Notes = append(page.Notes, noteHitView{NoteHit: n, Kind: noteKinds[n.Motivation], HTML: markedHTML(n.Text, n.Marks)})
	}
	if res.More {
		page.NextURL = searchURL(q, q.Offset+len(res.Hits))
	}
	return s.render(c, http.StatusOK, "search", &page)
}

// markedHTML renders a note's Markdown as the page does (sanitized) with
// the words at marks (code points of src) wrapped in <mark>.
func markedHTML(src string, marks [][2]int) template.HTML {
	runes := []rune(src)
	words := map[string]bool{}
	for _, m := range marks {
		if m[0] >= 0 && m[1] <= len(runes) && m[0] < m[1] {
			words[string(runes[m[0]:m[1]])] = true
		}
	}
	return template.HTML(markdown.Mark(markdown.ToHTML(src), words)) // #nosec G203 -- sanitized by markdown.ToHTML, marks added to text only
}
