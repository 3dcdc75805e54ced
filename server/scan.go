package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/facsimile"
)

// handleAttachScan handles "POST /api/documents/:id/scans" and the details
// form's "POST /documents/:id/scans": the scan of the text in "lang" (the
// original by default, or the translation), in "files" — a PDF (its pages
// rendered at 300 dpi) or PNG, JPEG or TIFF images, in page order. The
// pages go to the image store and the document in one change, numbered
// after its other pages; a text that has a scan keeps it (409).
// The API answers 201 with the pages, the form goes back to the document.
func (s *Server) handleAttachScan(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	if err := startUpload(c); err != nil {
		return err
	}
	files := c.Request().MultipartForm.File["files"]
	if len(files) == 0 {
		return badRequest("files: choose a PDF or the page images, in page order")
	}
	ctx := c.Request().Context()
	d, err := s.db.FindDocumentByID(ctx, id)
	if err != nil {
		return err
	}
	lang := c.FormValue("lang")
	if lang == "" {
		lang = d.PageLang(sverka.PageImage{})
	}
	// Refuse before rendering a PDF for nothing; AttachScan checks again.
	if have := len(d.PagesOf(lang)); have > 0 {
		return fmt.Errorf("the %s text of document %s already has a scan of %d pages, which is never replaced: %w", lang, id, have, sverka.ErrConflict)
	}
	tmp, err := os.MkdirTemp("", "sverka-scan-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var paths []string
	for i, fh := range files {
		got, err := scanFiles(ctx, fh, filepath.Join(tmp, strconv.Itoa(i)))
		if err != nil {
			return scanError(err)
		}
		paths = append(paths, got...)
	}
	pages, err := s.db.PutPages(paths)
	if err != nil {
		return scanError(err)
	}
	if pages, err = s.db.AttachScan(ctx, id, lang, pages, currentUser(c).ID); err != nil {
		return err
	}
	if strings.HasPrefix(c.Path(), "/api/") {
		return c.JSON(http.StatusCreated, map[string]any{"pages": pages, "manifest": "/iiif/" + id + "/manifest"})
	}
	return c.Redirect(http.StatusSeeOther, "/documents/"+url.PathEscape(id))
}

// scanError answers a file that is not a scan with 400, one too large with
// 413, and a scan this server lacks the program for (pdftoppm) with 503
// naming the program and its Debian package.
func scanError(err error) error {
	switch {
	case errors.Is(err, facsimile.ErrNoPoppler):
		return echo.NewHTTPError(http.StatusServiceUnavailable, "this server cannot read PDFs: "+err.Error()+"; send the pages as images, or ask its administrator to install it")
	case errors.Is(err, facsimile.ErrNotImage):
		return badRequest("%v", err)
	case errors.Is(err, facsimile.ErrTooLarge):
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge, err.Error())
	}
	return err
}

// scanFiles writes the uploaded file into dir under its own name and
// returns the page images it holds: its pages rendered if it is a PDF,
// else itself (the image store decides whether it is an image).
func scanFiles(ctx context.Context, fh *multipart.FileHeader, dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	name := filepath.Base(filepath.FromSlash(fh.Filename))
	if name == "." || name == ".." || name == string(filepath.Separator) {
		name = "scan"
	}
	path := filepath.Join(dir, name)
	src, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	var head bytes.Buffer
	_, err = io.Copy(dst, io.TeeReader(io.LimitReader(src, 5), &head))
	if err == nil {
		_, err = io.Copy(dst, src)
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if head.String() != "%PDF-" {
		return []string{path}, nil
	}
	return facsimile.RenderPDF(ctx, path, dir, 300)
}
