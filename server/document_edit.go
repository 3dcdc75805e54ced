package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/store"
)

// documentMetadataRequest is the body of "PATCH /api/documents/:id": the
// fields given are changed, the others stay.
type documentMetadataRequest struct {
	Title     *string `json:"title"`
	Date      *string `json:"date"`
	Citation  *string `json:"citation"`
	Summary   *string `json:"summary"`
	SourceURL *string `json:"sourceURL"`
	// OriginalLanguage is a BCP 47 tag, like "ru".
	OriginalLanguage *string `json:"originalLanguage"`
	Public           *bool   `json:"public"`
}

// documentIfMatch reads the revision an If-Match header names, as the ETag
// of "GET /api/documents/:id" gives it (conflict.go): "*" is 0 (the current
// revision). Without the header the change is refused (428), so that no
// editor overwrites another's metadata unseen.
func documentIfMatch(c echo.Context, id string) (int64, error) {
	rev, sent, err := documentTag.ifMatch(c, id)
	if err == nil && !sent {
		err = echo.NewHTTPError(http.StatusPreconditionRequired, "send If-Match with the ETag of the document (GET /api/documents/"+id+"), so that nobody's change is overwritten")
	}
	return rev, err
}

// staleDocument answers a change made against an old revision of document
// id with the document as GET answers it now (conflict.go), and passes
// other errors on.
func (s *Server) staleDocument(c echo.Context, id string, err error) error {
	return stale(err, func() (string, any, error) {
		body, _, rev, err := s.documentJSON(c.Request().Context(), id)
		return documentTag.etag(id, rev), json.RawMessage(body), err
	})
}

// handleDocumentEdit handles "PATCH /api/documents/:id": an editor changes
// the title, date, citation, summary or source URL of a document, made
// against the revision its If-Match names (else 412). It answers with the
// document as GET does, with its new ETag.
func (s *Server) handleDocumentEdit(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	rev, err := documentIfMatch(c, id)
	if err != nil {
		return err
	}
	var req documentMetadataRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	m := store.DocumentMetadata{Title: req.Title, Date: req.Date, Citation: req.Citation, Summary: req.Summary, SourceURL: req.SourceURL,
		OriginalLanguage: req.OriginalLanguage, Public: req.Public}
	// -1 is never a revision: the store answers ErrStaleRevision.
	_, err = s.db.UpdateDocumentMetadata(c.Request().Context(), id, rev, m, currentUser(c).ID)
	if err != nil {
		return s.staleDocument(c, id, err)
	}
	return s.documentWholeJSON(c, id)
}

// documentEditPage is the form of a document's details.
type documentEditPage struct {
	page
	Doc *sverka.Document
	// Error says why the last change was refused, if it was.
	Error string
	// OCR is the last "OCR the scan" job of the document, if one was
	// started, and OCRStatus says how far it got.
	OCR       *ocrJobJSON
	OCRStatus string
}

// CanOCR reports whether the page offers to read the scan of the lang text
// for its words' boxes: it has a scan and no job is under way.
func (p *documentEditPage) CanOCR(lang string) bool {
	if p.OCR != nil && !p.OCR.Finished() && time.Since(p.OCR.UpdatedAt) < store.OCRJobStale {
		return false
	}
	return p.Doc.CheckOCR(lang, true) == nil
}

// HasBoxes reports whether words of the lang text have their boxes, which
// reading the scan again would replace.
func (p *documentEditPage) HasBoxes(lang string) bool {
	return p.Doc.CheckOCR(lang, false) != nil
}

// editPage is the details page of d, with the refusal errText.
func (s *Server) editPage(c echo.Context, d *sverka.Document, errText string) (*documentEditPage, error) {
	p := &documentEditPage{Doc: d, Error: errText}
	j, err := s.db.LatestOCRJob(c.Request().Context(), d.ID)
	if errors.Is(err, sverka.ErrNotFound) {
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	out := jobJSON(j)
	p.OCR, p.OCRStatus = &out, ocrStatus(j)
	return p, nil
}

// handleDocumentEditForm handles "GET /documents/:id/edit": the form of a
// document's details, for editors.
func (s *Server) handleDocumentEditForm(c echo.Context) error {
	d, err := s.findDocument(c)
	if err != nil {
		return err
	}
	p, err := s.editPage(c, d, "")
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "document_edit", p)
}

// handleDocumentEditSave handles "POST /documents/:id/edit": the form's
// fields change the document, made against its revision (else 412 with
// the form again); a refused value shows the form with why (400).
func (s *Server) handleDocumentEditSave(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	rev, err := strconv.ParseInt(c.FormValue("revision"), 10, 64)
	if err != nil || rev < 1 {
		return badRequest("revision: give the revision of the document the change is made against")
	}
	field := func(name string) *string { v := strings.TrimSpace(c.FormValue(name)); return &v }
	public := c.FormValue("public") == "on"
	m := store.DocumentMetadata{Title: field("title"), Date: field("date"), Citation: field("citation"), Summary: field("summary"),
		SourceURL: field("source_url"), OriginalLanguage: field("original_language"), Public: &public}
	ctx := c.Request().Context()
	_, err = s.db.UpdateDocumentMetadata(ctx, id, rev, m, currentUser(c).ID)
	var invalid *sverka.ValidationError
	status := http.StatusBadRequest
	if errors.Is(err, sverka.ErrStale) {
		status = conflictStatus(err)
	} else if !errors.As(err, &invalid) {
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/documents/"+url.PathEscape(id))
	}
	d, ferr := s.db.FindDocumentByID(ctx, id)
	if ferr != nil {
		return ferr
	}
	p, perr := s.editPage(c, d, err.Error())
	if perr != nil {
		return perr
	}
	return s.render(c, status, "document_edit", p)
}
