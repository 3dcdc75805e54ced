package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/store"
)

// documentMetadataRequest is what "PATCH /api/documents/:id" (JSON) and
// the details form (its fields) send: the fields given are changed, the
// others stay.
type documentMetadataRequest struct {
	Title     *string `json:"title" form:"title"`
	Date      *string `json:"date" form:"date"`
	Citation  *string `json:"citation" form:"citation"`
	Summary   *string `json:"summary" form:"summary"`
	SourceURL *string `json:"sourceURL" form:"sourceURL"`
	// OriginalLanguage is a BCP 47 tag, like "ru".
	OriginalLanguage *string `json:"originalLanguage" form:"originalLanguage"`
	// Public is a checkbox on the form, followed by a hidden "false" that
	// is sent alone when the box is not checked.
	Public *bool `json:"public" form:"public"`
	// Revision is the revision the form was made from; the API names it
	// with If-Match instead.
	Revision int64 `json:"-" form:"revision"`
}

// metadata is the change req asks for, each text without the spaces
// around it.
func (req *documentMetadataRequest) metadata() store.DocumentMetadata {
	for _, f := range []*string{req.Title, req.Date, req.Citation, req.Summary, req.SourceURL, req.OriginalLanguage} {
		if f != nil {
			*f = strings.TrimSpace(*f)
		}
	}
	return store.DocumentMetadata{Title: req.Title, Date: req.Date, Citation: req.Citation, Summary: req.Summary, SourceURL: req.SourceURL,
		OriginalLanguage: req.OriginalLanguage, Public: req.Public}
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
		body, rev, err := s.documentPlainJSON(c.Request().Context(), id)
		return documentTag.etag(id, rev), json.RawMessage(body), err
	})
}

// handleDocumentEdit handles "PATCH /api/documents/:id" and the details
// form's "POST /documents/:id/edit": an editor changes the title, date,
// citation, summary, source URL, language or visibility of a document,
// made against the revision If-Match (or the form's revision) names, else
// 412. The API answers with the document as GET does, with its new ETag;
// the form goes back to the document, or shows itself again with why a
// change was refused.
func (s *Server) handleDocumentEdit(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	var req documentMetadataRequest
	if err := bindInput(c, &req); err != nil {
		return err
	}
	rev := req.Revision
	if isAPI(c) {
		if rev, err = documentIfMatch(c, id); err != nil {
			return err
		}
	} else if rev < 1 {
		return badRequest("revision: give the revision of the document the change is made against")
	}
	ctx := c.Request().Context()
	_, err = s.db.UpdateDocumentMetadata(ctx, id, rev, req.metadata(), currentUser(c).ID)
	if isAPI(c) {
		if err != nil {
			return s.staleDocument(c, id, err)
		}
		return s.documentWholeJSON(c, id)
	}
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
	if p.OCR != nil && !p.OCR.Finished() {
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
