package server

import (
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"sverka/exchange"
	"sverka/transfer"
)

// exportOptions reads the reader's choices: ?reading=diplomatic,
// ?links=confirmed, ?proposed=1.
func (s *Server) exportOptions(c echo.Context) exchange.Options {
	base := s.baseURL(c)
	yes := func(v string) bool { return v == "1" || v == "true" || v == "on" }
	return exchange.Options{
		Diplomatic:    c.QueryParam("reading") == "diplomatic",
		ConfirmedOnly: c.QueryParam("links") == "confirmed",
		Proposed:      yes(c.QueryParam("proposed")),
		BaseURL:       base,
	}
}

// handleDocumentExport handles "GET /api/documents/:id/export": the
// document in ?format=tei|tmx|w3c|csv|txt|json (default json), as a
// download, streamed. The viewer's own private notes go with it; nobody
// else's do.
func (s *Server) handleDocumentExport(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	// A missing document is a 404 before anything is written.
	if _, err := s.db.DocumentRevision(c.Request().Context(), id); err != nil {
		return err
	}
	return s.export(c, []string{id}, s.exportOptions(c))
}

// handleCorpusExport handles "GET /api/export": every document in one file.
func (s *Server) handleCorpusExport(c echo.Context) error {
	opt := s.exportOptions(c)
	opt.Corpus = true
	var ids []string
	if currentUser(c) == nil {
		// Anonymous visitors take the public documents only.
		docs, err := s.db.FindDocuments(c.Request().Context(), nil)
		if err != nil {
			return err
		}
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
		if len(ids) == 0 {
			return echo.NewHTTPError(http.StatusNotFound, "there are no public documents to export")
		}
	}
	return s.export(c, ids, opt)
}

// exportTimeout bounds how long one export may stream.
const exportTimeout = 30 * time.Minute

// export streams an export through the export pipeline as a download.
func (s *Server) export(c echo.Context, ids []string, opt exchange.Options) error {
	name := c.QueryParam("format")
	if name == "" {
		name = "json"
	}
	f, err := exchange.Lookup(name)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	x := &transfer.Export{DB: s.db, Format: f, IDs: ids, Viewer: currentUser(c), Options: opt}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, x.Format.MediaType)
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": x.FileName()}))
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	// A whole corpus may stream for longer than the server's write timeout,
	// which is meant for ordinary pages; where the connection cannot be
	// given more time (a test recorder), nothing is lost by trying.
	_ = http.NewResponseController(c.Response().Writer).SetWriteDeadline(time.Now().Add(exportTimeout))
	if err := x.Write(c.Request().Context(), c.Response()); err != nil {
		if c.Response().Committed {
			// Too late for an error status: the download ends short.
			s.log.Error("export failed mid-stream", "format", name, "ids", strings.Join(ids, ","), "err", err)
			return nil
		}
		h.Del(echo.HeaderContentDisposition)
		return err
	}
	return nil
}
