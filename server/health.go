package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// handleHealth handles "GET /healthz": the process is up and answers. It
// asks nothing of the database, so that it costs the same at any size.
func (s *Server) handleHealth(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readiness is the answer of /readyz.
type readiness struct {
	Status string `json:"status"` // "ready" or "indexing"
	// Indexed of Documents are in the search index.
	Indexed   int `json:"indexed"`
	Documents int `json:"documents"`
}

// handleReady handles "GET /readyz": 200 when the database answers and
// every document is in the search index, 503 while indexing goes on
// (search answers meanwhile, with what is indexed).
func (s *Server) handleReady(c echo.Context) error {
	p, err := s.db.IndexProgress(c.Request().Context())
	if err != nil {
		return err
	}
	r := readiness{Status: "ready", Indexed: p.Indexed, Documents: p.Documents}
	if p.Indexed < p.Documents {
		r.Status = "indexing"
		return c.JSON(http.StatusServiceUnavailable, r)
	}
	return c.JSON(http.StatusOK, r)
}
