package server

import (
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"sverka/web"
)

// routes registers every route of the server; this is the one place to look.
func (s *Server) routes() {
	e := s.echo
	e.Use(middleware.Recover())
	e.Use(s.logRequests)

	e.GET("/healthz", s.handleHealth)
	e.GET("/static/:hash/*", s.handleStatic)

	e.GET("/", s.handleDocumentList)
	e.GET("/documents/:id", s.handleDocumentView)
	e.GET("/documents/:id/source", s.handleDocumentSource)
	e.GET("/documents/:id/:lang", s.handleBaseText)

	api := e.Group("/api")
	api.GET("/documents", s.handleAPIDocumentList)
	api.GET("/documents/:id", s.handleAPIDocument)
	api.GET("/documents/:id/source", s.handleAPIDocumentSource)
}

// handleStatic handles "GET /static/:hash/*": files named by content hash are
// cached for a year; a stale hash is still served, but not cached.
func (s *Server) handleStatic(c echo.Context) error {
	name := path.Clean(strings.TrimPrefix(c.Param("*"), "/"))
	hash := s.pages.StaticHash(name)
	if hash == "" {
		return echo.NewHTTPError(http.StatusNotFound, "no such file")
	}
	if c.Param("hash") == hash {
		c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Response().Header().Set("Cache-Control", "no-cache")
	}
	http.ServeFileFS(c.Response(), c.Request(), web.Static, name)
	return nil
}
