package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"sverka/ingest"
	"sverka/transfer"
)

type importPage struct {
	page
	Results []transfer.Outcome
	Tried   bool
	// ID, Title and Replace are what was typed, kept for another try;
	// FormError says why nothing could be imported.
	ID, Title, FormError string
	Replace              bool
}

// handleImportForm handles "GET /import": the upload form for editors.
func (s *Server) handleImportForm(c echo.Context) error {
	return s.render(c, http.StatusOK, "import", &importPage{})
}

// handleImport handles "POST /import": Wilson Center pages (with their
// NAME.edits.json, if uploaded too) and Sverka JSON files in "files", and a
// plain pair in "ru" and "en" named by "id" and "title". Each document is
// imported in its own transaction through the import pipeline; one that
// fails leaves nothing behind and the others go on. The answer lists what
// became of each.
func (s *Server) handleImport(c echo.Context) error {
	if err := startUpload(c); err != nil {
		return err
	}
	form := c.Request().MultipartForm
	ctx := c.Request().Context()
	if err := s.useLearned(ctx); err != nil {
		return err
	}
	im := transfer.Importer{DB: s.db, UserID: currentUser(c).ID, Replace: c.FormValue("replace") == "on"}
	var results []transfer.Outcome
	edits := map[string][]byte{}
	var pages []*multipart.FileHeader
	for _, fh := range form.File["files"] {
		name := path.Base(fh.Filename)
		if err := checkUploadSize(fh); err != nil {
			results = append(results, transfer.Fail(name, err))
			continue
		}
		switch transfer.Kind(name) {
		case transfer.KindEdits:
			b, err := readUpload(fh)
			if err != nil {
				results = append(results, transfer.Fail(name, err))
				continue
			}
			edits[transfer.EditsStem(name)] = b
		case transfer.KindJSON:
			results = append(results, im.Store(ctx, readJSONUpload(name, fh))...)
		default:
			pages = append(pages, fh)
		}
	}
	for _, fh := range pages {
		name := path.Base(fh.Filename)
		b, err := readUpload(fh)
		if err != nil {
			results = append(results, transfer.Fail(name, err))
			continue
		}
		results = append(results, im.Store(ctx, transfer.ReadPage(name, b, edits[transfer.EditsStem(name)]))...)
	}
	if ru, en := form.File["ru"], form.File["en"]; len(ru) > 0 || len(en) > 0 {
		results = append(results, im.Store(ctx, readPlain(ru, en, form.Value["id"], form.Value["title"]))...)
	}
	typed := importPage{ID: c.FormValue("id"), Title: c.FormValue("title"), Replace: im.Replace}
	if len(results) == 0 {
		typed.FormError = "Choose at least one file to import."
		return s.render(c, http.StatusBadRequest, "import", &typed)
	}
	status := http.StatusOK
	for _, r := range results {
		if r.Status == transfer.Failed {
			status = http.StatusUnprocessableEntity
		}
	}
	typed.Results, typed.Tried = results, true
	return s.render(c, status, "import", &typed)
}

// uploadMemory is how much of an upload's files a request keeps in memory:
// the rest waits in temporary files (removed when the request ends), and
// each file is read when its turn comes, so that an upload is never held
// whole beside the documents made of it.
const uploadMemory = 1 << 20

// parseUpload parses a multipart form with its files past uploadMemory on
// disk (echo's own parsing keeps 32 MB in memory). Once parsed, the form
// is what every later FormValue reads.
func parseUpload(r *http.Request) error {
	return r.ParseMultipartForm(uploadMemory)
}

// startUpload gives the request the time an upload takes and parses its
// form (see parseUpload).
func startUpload(c echo.Context) error {
	// An upload of many pages may take longer to arrive and to import than
	// the server's timeouts, which are meant for ordinary pages.
	rc := http.NewResponseController(c.Response().Writer)
	_ = rc.SetReadDeadline(time.Now().Add(importTimeout))
	_ = rc.SetWriteDeadline(time.Now().Add(importTimeout))
	if err := parseUpload(c.Request()); err != nil {
		return badRequest("the upload must be a multipart form with files")
	}
	return nil
}

// checkUploadSize refuses an uploaded file larger than an import takes.
func checkUploadSize(fh *multipart.FileHeader) error {
	if fh.Size > ingest.MaxSourceBytes {
		return fmt.Errorf("%s: larger than the %d MB an import takes: %w", fh.Filename, ingest.MaxSourceBytes>>20, ingest.ErrTooLarge)
	}
	return nil
}

// readUpload reads an uploaded file, at most ingest.MaxSourceBytes of it.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	if err := checkUploadSize(fh); err != nil {
		return nil, err
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fh.Filename, err)
	}
	defer f.Close()
	b := bytes.NewBuffer(make([]byte, 0, fh.Size+bytes.MinRead))
	if _, err := b.ReadFrom(io.LimitReader(f, ingest.MaxSourceBytes+1)); err != nil {
		return nil, fmt.Errorf("%s: %w", fh.Filename, err)
	}
	return b.Bytes(), nil
}

// readJSONUpload reads Sverka JSON as it streams from the uploaded file.
func readJSONUpload(name string, fh *multipart.FileHeader) transfer.Read {
	f, err := fh.Open()
	if err != nil {
		return transfer.Read{Name: name, Err: fmt.Errorf("%s: %w", fh.Filename, err)}
	}
	defer f.Close()
	return transfer.ReadJSON(name, io.LimitReader(f, ingest.MaxSourceBytes))
}

// readPlain reads a plain pair from the "ru" and "en" fields.
func readPlain(ru, en []*multipart.FileHeader, id, title []string) transfer.Read {
	if len(ru) != 1 || len(en) != 1 {
		return transfer.Read{Name: "plain pair", Err: errors.New("a plain pair needs one Russian and one English file")}
	}
	name := ru[0].Filename + " + " + en[0].Filename
	var texts [2]string
	for i, fh := range []*multipart.FileHeader{ru[0], en[0]} {
		b, err := readUpload(fh)
		if err != nil {
			return transfer.Read{Name: name, Err: err}
		}
		if texts[i], err = ingest.Decode(b); err != nil {
			return transfer.Read{Name: name, Err: fmt.Errorf("%s: %w", fh.Filename, err)}
		}
	}
	p := ingest.PlainPair{Russian: texts[0], English: texts[1]}
	if len(id) > 0 {
		p.ID = strings.TrimSpace(id[0])
	}
	if p.ID == "" {
		p.ID = ingest.PairStem(ru[0].Filename)
	}
	if len(title) > 0 {
		p.Title = title[0]
	}
	return transfer.ReadPair(name, p)
}

// importTimeout bounds how long one upload may take to arrive and import.
const importTimeout = 10 * time.Minute
