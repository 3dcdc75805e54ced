package server

import (
	"context"
	"errors"
	"fmt"
	"image"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/facsimile"
	"sverka/iiif"
	"sverka/store"
)

// newImageService serves the page images of the store beside db through
// the IIIF Image API, naming each image by its content hash, caching up to
// budget bytes: three quarters of decoded scans, the rest of answers.
func newImageService(db *store.DB, budget int64) (*iiif.Service, error) {
	images, err := db.Images()
	if err != nil {
		return nil, err
	}
	return iiif.NewService(func(_ context.Context, hash string) (image.Image, error) {
		img, err := images.Decode(hash)
		if errors.Is(err, facsimile.ErrNotFound) {
			return nil, fmt.Errorf("scan %s is not in the image store: %w", hash, sverka.ErrNotFound)
		}
		return img, err
	}, iiif.Options{ImageCache: int(budget - budget/4), AnswerCache: int(budget / 4)}), nil
}

// facsimileJSON is what the reading view's facsimile pane reads: the scans
// of the text in lang and, for each word of it that has a box, [start,
// end, page index from 0 in pages, x, y, w, h]; and the languages whose
// texts have scans, the original's first, to switch between.
type facsimileJSON struct {
	Lang    string          `json:"lang"`
	Role    string          `json:"role"`
	Scanned []string        `json:"scanned"`
	Pages   []facsimilePage `json:"pages"`
	Words   [][7]int        `json:"words"`
}

type facsimilePage struct {
	Label   string `json:"label"`
	Service string `json:"service"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
}

// handleFacsimile handles "GET /api/documents/:id/facsimile?lang=L": the
// scan of a document's text in L (the original by default) and its words'
// boxes on it (no pages for a text without a scan).
func (s *Server) handleFacsimile(c echo.Context) error {
	d, err := s.findDocument(c)
	if err != nil {
		return err
	}
	out := facsimileJSON{Lang: c.QueryParam("lang"), Scanned: []string{}, Pages: []facsimilePage{}, Words: [][7]int{}}
	if out.Lang == "" {
		out.Lang = d.PageLang(sverka.PageImage{})
	}
	t := d.Text(out.Lang)
	if t == nil {
		return fmt.Errorf("document %s has no %q text: %w", d.ID, out.Lang, sverka.ErrNotFound)
	}
	out.Role = t.Role
	for _, t := range d.Texts {
		if len(d.PagesOf(t.Lang)) > 0 {
			out.Scanned = append(out.Scanned, t.Lang)
		}
	}
	index := map[int]int{} // page number → index in out.Pages
	for i, p := range d.PagesOf(out.Lang) {
		index[p.Number] = i
		out.Pages = append(out.Pages, facsimilePage{Label: strconv.Itoa(i + 1), Service: fmt.Sprintf("/iiif/%s/%d", d.ID, p.Number), Width: p.Width, Height: p.Height})
	}
	for _, w := range d.WordBoxes {
		if w.Lang == out.Lang {
			out.Words = append(out.Words, [7]int{w.Start, w.End, index[w.Page], w.X, w.Y, w.W, w.H})
		}
	}
	return c.JSON(http.StatusOK, out)
}

// scanPage finds page :page of document :id.
func (s *Server) scanPage(c echo.Context) (sverka.PageImage, error) {
	id, err := documentID(c)
	if err != nil {
		return sverka.PageImage{}, err
	}
	pages, err := s.db.FindPageImages(c.Request().Context(), id)
	if err != nil {
		return sverka.PageImage{}, err
	}
	n, err := strconv.Atoi(c.Param("page"))
	if err != nil || n < 1 || n > len(pages) {
		return sverka.PageImage{}, fmt.Errorf("document %s has no scanned page %q: %w", id, c.Param("page"), sverka.ErrNotFound)
	}
	return pages[n-1], nil
}

// handleIIIFBase handles "GET /iiif/:id/:page": an image service's base URI
// redirects to its info.json, as the Image API asks.
func (s *Server) handleIIIFBase(c echo.Context) error {
	if _, err := s.scanPage(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, c.Request().URL.Path+"/info.json")
}

// handleIIIFInfo handles "GET /iiif/:id/:page/info.json": the page's IIIF
// Image API 3.0 description.
func (s *Server) handleIIIFInfo(c echo.Context) error {
	p, err := s.scanPage(c)
	if err != nil {
		return err
	}
	s.imageHeaders(c)
	if notModified(c, imageTag(p.Hash, "info")) {
		return c.NoContent(http.StatusNotModified)
	}
	b, err := iiif.Info(fmt.Sprintf("%s/iiif/%s/%d", s.baseURL(c), c.Param("id"), p.Number), p.Width, p.Height)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, `application/ld+json;profile="http://iiif.io/api/image/3/context.json"`, b)
}

// handleIIIFImage handles "GET /iiif/:id/:page/:region/:size/:rotation/:quality":
// a region of a scan at a size, from the IIIF image service.
func (s *Server) handleIIIFImage(c echo.Context) error {
	p, err := s.scanPage(c)
	if err != nil {
		return err
	}
	s.imageHeaders(c)
	if notModified(c, imageTag(p.Hash, url.PathEscape(strings.Join([]string{c.Param("region"), c.Param("size"), c.Param("rotation"), c.Param("quality")}, "/")))) {
		return c.NoContent(http.StatusNotModified)
	}
	b, mediaType, err := s.images.Image(c.Request().Context(), p.Hash, c.Param("region"), c.Param("size"), c.Param("rotation"), c.Param("quality"))
	if errors.Is(err, iiif.ErrBadRequest) {
		return badRequest("%v", err)
	}
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, mediaType, b)
}

// imageHeaders lets browsers keep a scan (a stored image never changes) and,
// for a public document, lets IIIF viewers on other sites load it; a
// private document's scans stay in the signed-in browser's private cache.
func (s *Server) imageHeaders(c echo.Context) {
	h := c.Response().Header()
	if currentUser(c) == nil {
		h.Set("Cache-Control", "public, max-age=86400")
		h.Set("Access-Control-Allow-Origin", "*")
		return
	}
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("Vary", "Cookie, Authorization")
}

// imageTag is the entity tag of an answer about a scan: its content hash
// and what was asked of it, since the same URL may name another scan after
// its document is purged.
func imageTag(hash, what string) string {
	return `"` + hash + "/" + what + `"`
}

// handleIIIFManifest handles "GET /iiif/:id/manifest": the document as a
// IIIF Presentation 3.0 manifest, one canvas per scanned page (the
// original's, then the translation's, each labelled "LANG N"), with the
// annotations the visitor may see drawn on the regions of their words.
func (s *Server) handleIIIFManifest(c echo.Context) error {
	d, err := s.findDocument(c)
	if err != nil {
		return err
	}
	if len(d.Pages) == 0 {
		return fmt.Errorf("document %s has no scans: %w", d.ID, sverka.ErrNotFound)
	}
	base := s.baseURL(c) + "/iiif/" + d.ID
	m := iiif.Manifest{ID: base + "/manifest", Label: map[string][]string{"none": {d.Title}}}
	if d.Summary != "" {
		m.Summary = map[string][]string{"en": {d.Summary}}
	}
	for _, p := range d.Pages {
		m.Canvases = append(m.Canvases, iiif.Canvas{ID: fmt.Sprintf("%s/canvas/%d", base, p.Number), Label: canvasLabel(d, p),
			Width: p.Width, Height: p.Height, Service: fmt.Sprintf("%s/%d", base, p.Number)})
	}
	list, _, err := s.db.FindAnnotations(c.Request().Context(), store.AnnotationFilter{DocumentID: d.ID, ViewerID: viewerID(c), Limit: 5000})
	if err != nil {
		return err
	}
	for _, a := range list {
		if a.Orphaned || a.ReplyTo != 0 {
			continue
		}
		for page, box := range regions(d.WordBoxes, a.Target) {
			cv := &m.Canvases[page-1]
			cv.Annotations = append(cv.Annotations, iiif.Annotation{
				ID: fmt.Sprintf("%s/annotation/%d-%d", base, a.ID, page), Motivation: a.Motivation, Text: a.Body,
				X: box.X, Y: box.Y, W: box.W, H: box.H,
			})
		}
	}
	b, err := m.JSON()
	if err != nil {
		return err
	}
	s.imageHeaders(c)
	return c.Blob(http.StatusOK, `application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"`, b)
}

// canvasLabel names page p by its text and its number in that text's scan:
// "ru 1", "en 1".
func canvasLabel(d *sverka.Document, p sverka.PageImage) string {
	lang := d.PageLang(p)
	for i, q := range d.PagesOf(lang) {
		if q.Number == p.Number {
			return fmt.Sprintf("%s %d", lang, i+1)
		}
	}
	return strconv.Itoa(p.Number)
}

// regions is, for each page a passage's words are on, the box around them.
func regions(words []sverka.WordBox, t sverka.TextTarget) map[int]sverka.WordBox {
	out := map[int]sverka.WordBox{}
	for _, w := range words {
		if w.Lang != t.Lang || w.End <= t.Start || w.Start >= t.End {
			continue
		}
		r, ok := out[w.Page]
		if !ok {
			out[w.Page] = w
			continue
		}
		x0, y0 := min(r.X, w.X), min(r.Y, w.Y)
		x1, y1 := max(r.X+r.W, w.X+w.W), max(r.Y+r.H, w.Y+w.H)
		out[w.Page] = sverka.WordBox{Page: w.Page, X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
	}
	return out
}
