package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/derive"
	"sverka/exchange"
	"sverka/ingest"
)

type importPage struct {
	page
	Results []importResult
	Tried   bool
	// ID, Title and Replace are what was typed, kept for another try;
	// FormError says why nothing could be imported.
	ID, Title, FormError string
	Replace              bool
}

// importResult is what became of one uploaded source.
type importResult struct {
	Name       string
	DocumentID string
	Outcome    string // "imported", "skipped" or "failed"
	Reason     string
}

// handleImportForm handles "GET /import": the upload form for editors.
func (s *Server) handleImportForm(c echo.Context) error {
	return s.render(c, http.StatusOK, "import", importPage{})
}

// handleImport handles "POST /import": Wilson Center pages (with their
// NAME.edits.json, if uploaded too) and Sverka JSON files in "files", and a
// plain pair in "ru" and "en" named by "id" and "title". Each document is
// imported in its own transaction; one that fails leaves nothing behind and
// the others go on. The answer lists what became of each.
func (s *Server) handleImport(c echo.Context) error {
	// An upload of many pages may take longer to arrive and to import than
	// the server's timeouts, which are meant for ordinary pages.
	rc := http.NewResponseController(c.Response().Writer)
	_ = rc.SetReadDeadline(time.Now().Add(importTimeout))
	_ = rc.SetWriteDeadline(time.Now().Add(importTimeout))
	form, err := c.MultipartForm()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "the upload must be a multipart form with files")
	}
	ctx := c.Request().Context()
	up := upload{userID: currentUser(c).ID, replace: c.FormValue("replace") == "on"}
	var results []importResult
	pages := map[string][]byte{}
	edits := map[string][]byte{}
	var order []string
	for _, fh := range form.File["files"] {
		name := path.Base(fh.Filename)
		b, err := readUpload(fh)
		if err != nil {
			results = append(results, importResult{Name: name, Outcome: "failed", Reason: err.Error()})
			continue
		}
		switch {
		case strings.HasSuffix(name, ".edits.json"):
			edits[strings.TrimSuffix(name, ".edits.json")] = b
		case strings.HasSuffix(name, ".json"):
			archives, err := exchange.ReadJSON(bytes.NewReader(b))
			if err != nil {
				results = append(results, importResult{Name: name, Outcome: "failed", Reason: err.Error()})
				continue
			}
			for _, a := range archives {
				results = append(results, s.importArchive(ctx, up, name, a))
			}
		default:
			pages[name] = b
			order = append(order, name)
		}
	}
	for _, name := range order {
		results = append(results, s.importPage(ctx, up, name, pages[name], edits[ingestStem(name)]))
	}
	if ru, en := form.File["ru"], form.File["en"]; len(ru) > 0 || len(en) > 0 {
		results = append(results, s.importPlain(ctx, up, ru, en, form.Value["id"], form.Value["title"]))
	}
	typed := importPage{ID: c.FormValue("id"), Title: c.FormValue("title"), Replace: up.replace}
	if len(results) == 0 {
		typed.FormError = "Choose at least one file to import."
		return s.render(c, http.StatusBadRequest, "import", typed)
	}
	status := http.StatusOK
	for _, r := range results {
		if r.Outcome == "failed" {
			status = http.StatusUnprocessableEntity
		}
	}
	typed.Results, typed.Tried = results, true
	return s.render(c, status, "import", typed)
}

// ingestStem is the name of a page without its extension, to find its
// edits file.
func ingestStem(name string) string {
	return strings.TrimSuffix(name, path.Ext(name))
}

// readUpload reads an uploaded file, at most ingest.MaxSourceBytes of it.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	if fh.Size > ingest.MaxSourceBytes {
		return nil, fmt.Errorf("%s: larger than the %d MB an import takes: %w", fh.Filename, ingest.MaxSourceBytes>>20, ingest.ErrTooLarge)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fh.Filename, err)
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, ingest.MaxSourceBytes+1))
}

func failed(name string, err error) importResult {
	return importResult{Name: name, Outcome: "failed", Reason: err.Error()}
}

// importPage imports a Wilson Center page with its edits, if any.
func (s *Server) importPage(ctx context.Context, up upload, name string, b, editsJSON []byte) importResult {
	raw, err := ingest.Decode(b)
	if err != nil {
		return failed(name, err)
	}
	var ed []derive.Edit
	if editsJSON != nil {
		if ed, err = ingest.ReadEdits(bytes.NewReader(editsJSON)); err != nil {
			return failed(name, err)
		}
	}
	d, err := ingest.WCA(raw, ed)
	if err != nil {
		return failed(name, err)
	}
	return s.importArchive(ctx, up, name, &sverka.Archive{Document: d})
}

// importPlain imports a plain pair from the "ru" and "en" fields.
func (s *Server) importPlain(ctx context.Context, up upload, ru, en []*multipart.FileHeader, id, title []string) importResult {
	if len(ru) != 1 || len(en) != 1 {
		return failed("plain pair", errors.New("a plain pair needs one Russian and one English file"))
	}
	name := ru[0].Filename + " + " + en[0].Filename
	var texts [2]string
	for i, fh := range []*multipart.FileHeader{ru[0], en[0]} {
		b, err := readUpload(fh)
		if err != nil {
			return failed(name, err)
		}
		if texts[i], err = ingest.Decode(b); err != nil {
			return failed(name, fmt.Errorf("%s: %w", fh.Filename, err))
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
	d, err := ingest.Plain(p)
	if err != nil {
		return failed(name, err)
	}
	return s.importArchive(ctx, up, name, &sverka.Archive{Document: d})
}

// importTimeout bounds how long one upload may take to arrive and import.
const importTimeout = 10 * time.Minute

// upload is what every file of one upload shares: who imports, and whether
// documents already present are replaced.
type upload struct {
	userID  int64
	replace bool
}

// importArchive stores one document (see store.Import): the very same
// document already present is skipped, another one with its id fails
// unless the upload replaces.
func (s *Server) importArchive(ctx context.Context, up upload, name string, a *sverka.Archive) importResult {
	a.ImporterID = up.userID
	r := importResult{Name: name, DocumentID: a.Document.ID}
	res, err := s.db.Import(ctx, a, up.replace)
	switch {
	case err != nil:
		r.Outcome, r.Reason = "failed", err.Error()
	case res.Outcome == "skipped":
		r.Outcome, r.Reason = "skipped", "already present"
	case res.Replacement != nil:
		rep := res.Replacement
		r.Outcome = "replaced"
		r.Reason = fmt.Sprintf("%d annotations kept, %d moved with their words, %d orphaned (their words are gone)", rep.Kept, rep.Moved, rep.Orphaned)
	default:
		r.Outcome = res.Outcome
	}
	return r
}
