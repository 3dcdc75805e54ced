package server

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/store"
)

// correctionReviewPage is the corpus-wide review queue of corrections.
type correctionReviewPage struct {
	page
	Filter      store.CorrectionFilter
	Corrections []*sverka.Annotation
	// Batches counts the corrections shown of each batch.
	Batches map[string]int
}

// correctionFilter reads ?document=, ?author=, ?form=, ?batch= and
// ?status= (proposed by default).
func correctionFilter(c echo.Context) (store.CorrectionFilter, error) {
	f := store.CorrectionFilter{DocumentID: c.QueryParam("document"), Creator: c.QueryParam("author"), Form: c.QueryParam("form"),
		Batch: c.QueryParam("batch"), Status: c.QueryParam("status")}
	switch f.Status {
	case "", sverka.StatusProposed, sverka.StatusAccepted, sverka.StatusRejected:
	default:
		return f, badRequest("status is proposed, accepted or rejected, not %q", f.Status)
	}
	if f.DocumentID != "" && !sverka.ValidDocumentID(f.DocumentID) {
		return f, badRequest("malformed document id %s", strconv.Quote(f.DocumentID))
	}
	return f, nil
}

// handleCorrectionReview handles "GET /review": proposed corrections across
// the corpus, filtered by document, author and form, reviewed from the
// keyboard (js/review.js); and "GET /api/corrections", the same as JSON.
func (s *Server) handleCorrectionReview(c echo.Context) error {
	f, list, err := s.findCorrections(c)
	if err != nil {
		return err
	}
	return s.answer(c, map[string]any{"corrections": list}, "correction_review", func() pageData {
		p := correctionReviewPage{Filter: f, Corrections: list, Batches: map[string]int{}}
		for _, a := range list {
			if a.Batch != "" {
				p.Batches[a.Batch]++
			}
		}
		return &p
	})
}

// findCorrections lists the corrections the request's filter selects.
func (s *Server) findCorrections(c echo.Context) (store.CorrectionFilter, []*sverka.Annotation, error) {
	f, err := correctionFilter(c)
	if err != nil {
		return f, nil, err
	}
	list, err := s.db.FindCorrections(c.Request().Context(), f)
	return f, list, err
}
