package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"sverka/reading"
)

type apiReading struct {
	Document string              `json:"document"`
	Lang     string              `json:"lang"`
	Reading  string              `json:"reading"`
	Segments []apiReadingSegment `json:"segments"`
}

type apiReadingSegment struct {
	Number int             `json:"number"`
	Start  int             `json:"start"`
	End    int             `json:"end"`
	Text   string          `json:"text"`
	Pieces []reading.Piece `json:"pieces,omitempty"`
}

// handleReading handles "GET /api/documents/:id/readings/:lang": each
// segment's text in the ?reading= diplomatic (the OCR as is), corrected
// (accepted corrections applied, the default) or marked (pieces showing
// original and correction) reading.
func (s *Server) handleReading(c echo.Context) error {
	doc, err := documentID(c)
	if err != nil {
		return err
	}
	kind := c.QueryParam("reading")
	if kind == "" {
		kind = "corrected"
	}
	if kind != "diplomatic" && kind != "corrected" && kind != "marked" {
		return badRequest("reading: %q is not one of diplomatic, corrected, marked", kind)
	}
	r, err := s.db.FindReading(c.Request().Context(), doc, c.Param("lang"))
	if err != nil {
		return err
	}
	ranges := make([][2]int, len(r.Segments))
	for i, sg := range r.Segments {
		ranges[i] = [2]int{sg.Start, sg.End}
	}
	per := reading.Assign(ranges, r.Edits)
	out := apiReading{Document: doc, Lang: r.Lang, Reading: kind, Segments: []apiReadingSegment{}}
	for i, sg := range r.Segments {
		p := reading.Pieces(r.Text, sg.Start, sg.End, per[i])
		seg := apiReadingSegment{Number: i + 1, Start: sg.Start, End: sg.End}
		switch kind {
		case "diplomatic":
			seg.Text = string(r.Text[sg.Start:sg.End])
		case "corrected":
			seg.Text = reading.Corrected(p)
		case "marked":
			seg.Text, seg.Pieces = reading.Corrected(p), p
		}
		out.Segments = append(out.Segments, seg)
	}
	return c.JSON(http.StatusOK, out)
}
