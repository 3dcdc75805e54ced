package server

import (
	"bufio"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
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

// exportTimeout bounds how long sending one export may take.
const exportTimeout = 30 * time.Minute

// export sends an export as a download. It is written to a temporary file
// first, at disk speed, and only then sent: the database's read
// transaction ends before the first byte leaves, so a client that reads
// slowly, or not at all, holds a connection and a file but never one of
// the database's connections, nor the write-ahead log behind it.
func (s *Server) export(c echo.Context, ids []string, opt exchange.Options) error {
	name := c.QueryParam("format")
	if name == "" {
		name = "json"
	}
	f, err := exchange.Lookup(name)
	if err != nil {
		return badRequest("%v", err)
	}
	x := &transfer.Export{DB: s.db, Format: f, IDs: ids, Viewer: currentUser(c), Options: opt}
	spool, err := os.CreateTemp("", "sverka-export-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(spool.Name())
	defer spool.Close()
	w := bufio.NewWriterSize(spool, 64<<10)
	if err := x.Write(c.Request().Context(), w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	size, err := spool.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = spool.Seek(0, io.SeekStart)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, x.Format.MediaType)
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": x.FileName()}))
	h.Set(echo.HeaderContentLength, strconv.FormatInt(size, 10))
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	// A large export may take a slow client longer than the server's write
	// timeout, which is meant for ordinary pages; where the connection
	// cannot be given more time (a test recorder), nothing is lost by trying.
	_ = http.NewResponseController(c.Response().Writer).SetWriteDeadline(time.Now().Add(exportTimeout))
	c.Response().WriteHeader(http.StatusOK)
	if _, err := io.Copy(c.Response(), spool); err != nil {
		// Too late for an error status: the client has gone.
		s.log.Info("export cut short", "format", name, "ids", strings.Join(ids, ","), "err", err)
	}
	return nil
}
