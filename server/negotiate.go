package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// A resource that people read as a page and programs read under /api is
// served by one handler registered on both paths: it reads what it needs
// once and answers through answer (or answerDone for a change), which
// chooses the form by the path, as handleError does for errors.

// isAPI reports whether the request is under /api, where every answer is
// JSON; everywhere else answers are pages.
func isAPI(c echo.Context) bool {
	p := c.Request().URL.Path
	return p == "/api" || strings.HasPrefix(p, "/api/")
}

// answer is data as JSON under /api, and elsewhere the page name with what
// page builds (only then).
func (s *Server) answer(c echo.Context, data any, name string, page func() pageData) error {
	if isAPI(c) {
		return c.JSON(http.StatusOK, data)
	}
	return s.render(c, http.StatusOK, name, page())
}

// answerDone is what a change answers: data as JSON under /api, and
// elsewhere (a form) a redirect to the page that shows what was done.
func answerDone(c echo.Context, data any, location string) error {
	if isAPI(c) {
		return c.JSON(http.StatusOK, data)
	}
	return c.Redirect(http.StatusSeeOther, location)
}
