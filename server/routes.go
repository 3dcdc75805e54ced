package server

import (
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"sverka"
	"sverka/web"
)

// access is the authorization table: the least role each route needs
// ("anyone" includes anonymous visitors). Every state-changing route must be
// listed; one that is not is refused (see authorize), and the authorization
// matrix test fails. Safe (GET) routes not listed are open to every reader,
// and to anonymous visitors unless Config.SignInToRead. Routes marked "own"
// also check in their handler that the object belongs to the user (mayEdit:
// an annotator edits their own things, an editor anyone's).
var access = map[string]sverka.Role{
	"GET /healthz":                     anyone,
	"GET /readyz":                      anyone,
	"GET /static/:hash/*":              anyone,
	"GET /favicon.ico":                 anyone,
	"GET /login":                       anyone,
	"POST /login":                      anyone,
	"POST /logout":                     anyone,
	"GET /account":                     sverka.RoleReader,
	"POST /account/tokens":             sverka.RoleReader,
	"POST /account/password":           sverka.RoleReader,
	"POST /account/tokens/:tid/delete": sverka.RoleReader, // own
	"GET /users":                       sverka.RoleAdmin,
	"POST /users":                      sverka.RoleAdmin,
	"POST /users/:uid":                 sverka.RoleAdmin,
	"GET /changes":                     sverka.RoleEditor,

	"GET /api/me":             anyone,
	"GET /api/users":          sverka.RoleAdmin,
	"POST /api/users":         sverka.RoleAdmin,
	"PATCH /api/users/:uid":   sverka.RoleAdmin,
	"GET /api/tokens":         sverka.RoleReader,
	"POST /api/tokens":        sverka.RoleReader,
	"DELETE /api/tokens/:tid": sverka.RoleReader, // own
	"GET /api/changes":        sverka.RoleEditor,

	"POST /api/documents/:id/annotations":                                sverka.RoleAnnotator,
	"POST /api/documents/:id/annotations/":                               sverka.RoleAnnotator,
	"PUT /api/documents/:id/annotations/:aid":                            sverka.RoleAnnotator, // own
	"DELETE /api/documents/:id/annotations/:aid":                         sverka.RoleAnnotator, // own
	"POST /api/documents/:id/annotations/:aid/versions/:version/restore": sverka.RoleAnnotator, // own
	"POST /api/documents/:id/annotations/:aid/review":                    sverka.RoleEditor,
	// The IRIs annotations had before: permanent redirects (308).
	"PUT /api/annotations/:aid":                            sverka.RoleAnnotator,
	"DELETE /api/annotations/:aid":                         sverka.RoleAnnotator,
	"POST /api/annotations/:aid/versions/:version/restore": sverka.RoleAnnotator,
	"POST /api/annotations/:aid/review":                    sverka.RoleEditor,

	"POST /api/documents/:id/suggestions/propose": sverka.RoleAnnotator,
	"POST /api/documents/:id/suggestions/dismiss": sverka.RoleAnnotator,
	"GET /review":                     sverka.RoleEditor,
	"GET /api/corrections":            sverka.RoleEditor,
	"POST /api/batches/:batch/review": sverka.RoleEditor,

	"GET /import":                            sverka.RoleEditor,
	"POST /import":                           sverka.RoleEditor,
	"POST /api/documents/:id/alignment":      sverka.RoleEditor,
	"PATCH /api/documents/:id":               sverka.RoleEditor,
	"DELETE /api/documents/:id":              sverka.RoleEditor,
	"POST /documents/:id/delete":             sverka.RoleEditor,
	"GET /documents/:id/edit":                sverka.RoleEditor,
	"POST /api/documents/:id/scans":          sverka.RoleEditor,
	"POST /documents/:id/scans":              sverka.RoleEditor,
	"POST /api/documents/:id/ocr":            sverka.RoleEditor,
	"POST /documents/:id/ocr":                sverka.RoleEditor,
	"GET /api/documents/:id/ocr/:job":        sverka.RoleEditor,
	"POST /documents/:id/edit":               sverka.RoleEditor,
	"GET /trash":                             sverka.RoleEditor,
	"GET /api/trash":                         sverka.RoleEditor,
	"POST /trash/:id/restore":                sverka.RoleAdmin,
	"POST /trash/:id/purge":                  sverka.RoleAdmin,
	"POST /api/trash/:id/restore":            sverka.RoleAdmin,
	"POST /api/trash/:id/purge":              sverka.RoleAdmin,
	"POST /documents/:id/orphans/:aid":       sverka.RoleAnnotator, // own
	"POST /api/documents/:id/orphans/:aid":   sverka.RoleAnnotator, // own
	"GET /api/documents/:id/alignment/edits": sverka.RoleEditor,
}

// owned lists the routes that act on an object belonging to someone, and
// who besides its owner may act on it: editors (annotations), or nobody
// (API tokens; someone else's is 404). Their handlers check it; the
// authorization matrix test tries each with another user's object.
var owned = map[string]sverka.Role{
	"POST /account/tokens/:tid/delete":                                   ownerOnly,
	"DELETE /api/tokens/:tid":                                            ownerOnly,
	"PUT /api/documents/:id/annotations/:aid":                            sverka.RoleEditor,
	"DELETE /api/documents/:id/annotations/:aid":                         sverka.RoleEditor,
	"POST /api/documents/:id/annotations/:aid/versions/:version/restore": sverka.RoleEditor,
	"POST /documents/:id/orphans/:aid":                                   sverka.RoleEditor,
	"POST /api/documents/:id/orphans/:aid":                               sverka.RoleEditor,
}

// ownerOnly marks objects that only their owner may act on.
const ownerOnly sverka.Role = "owner-only"

// routes registers every route of the server; this is the one place to look.
// Who may use a route is said once, in the access table above, and enforced
// for every route by authorize.
func (s *Server) routes() {
	e := s.echo
	e.Pre(s.answerHeadAndOptions)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, LogErrorFunc: s.logPanic}))
	e.Use(s.logRequests)
	e.Use(compress())
	e.Use(s.secureHeaders)
	e.Use(s.cors)
	e.Use(s.authenticate)
	e.Use(s.limitBody)
	e.Use(s.checkCSRF)
	e.Use(s.authorize)
	e.Use(s.hidePrivateDocuments)
	e.Use(s.publishChanges)
	e.Use(s.idempotent)
	api := e.Group("/api")

	e.GET("/healthz", s.handleHealth)
	e.GET("/readyz", s.handleReady)
	e.GET("/static/:hash/*", s.handleStatic)
	e.GET("/favicon.ico", s.handleFavicon)
	e.GET("/ns/sverka.jsonld", s.handleSverkaContext)
	e.GET("/ns/sverka", s.handleSverkaContext) // the vocabulary: its terms' IRIs resolve here

	// Documents: document.go, search.go, export.go, import.go.
	e.GET("/", s.handleDocumentList)
	e.GET("/documents/:id", s.handleDocumentView)
	e.GET("/documents/:id/source", s.handleDocumentSource)
	e.GET("/documents/:id/:lang", s.handleBaseText)
	e.GET("/search", s.handleSearch)
	e.GET("/import", s.handleImportForm)
	e.POST("/import", s.handleImport)
	api.GET("/documents", s.handleDocumentList)
	api.GET("/documents/:id", s.handleDocumentView)
	api.PATCH("/documents/:id", s.handleDocumentEdit)
	e.GET("/documents/:id/edit", s.handleDocumentEditForm)
	e.POST("/documents/:id/edit", s.handleDocumentEdit)
	api.DELETE("/documents/:id", s.handleDocumentDelete)
	api.GET("/documents/:id/source", s.handleDocumentSource)
	api.GET("/documents/:id/links/:ref", s.handleAPILinkRef)
	api.GET("/documents/:id/passage", s.handleAPIPassage)
	api.GET("/documents/:id/export", s.handleDocumentExport)
	api.GET("/documents/:id/events", s.handleDocumentEvents)
	api.GET("/documents/:id/facsimile", s.handleFacsimile)

	// Scans: scan.go attaches them, ocr_job.go reads them for their words'
	// boxes, facsimile.go serves them through IIIF.
	api.POST("/documents/:id/scans", s.handleAttachScan)
	e.POST("/documents/:id/scans", s.handleAttachScan)
	api.POST("/documents/:id/ocr", s.handleOCRStart)
	e.POST("/documents/:id/ocr", s.handleOCRStart)
	api.GET("/documents/:id/ocr/:job", s.handleOCRJob)
	e.GET("/iiif/:id/manifest", s.handleIIIFManifest)
	e.GET("/iiif/:id/:page", s.handleIIIFBase)
	e.GET("/iiif/:id/:page/info.json", s.handleIIIFInfo)
	e.GET("/iiif/:id/:page/:region/:size/:rotation/:quality", s.handleIIIFImage)
	api.GET("/export", s.handleCorpusExport)
	api.GET("/search", s.handleSearch)

	// Alignment editing: alignment.go.
	api.POST("/documents/:id/alignment", s.handleAlignmentEdit)
	api.GET("/documents/:id/alignment/edits", s.handleAlignmentEditList)

	// Annotations: annotation.go.
	for _, p := range []string{"/documents/:id/annotations", "/documents/:id/annotations/"} {
		api.GET(p, s.handleAnnotationList)
		api.POST(p, s.handleAnnotationCreate)
	}
	api.GET("/documents/:id/backlinks", s.handleAnnotationBacklinks)
	api.GET("/documents/:id/readings/:lang", s.handleReading)
	api.GET("/documents/:id/annotations/:aid", s.handleAnnotation)
	api.PUT("/documents/:id/annotations/:aid", s.handleAnnotationUpdate)
	api.DELETE("/documents/:id/annotations/:aid", s.handleAnnotationDelete)
	api.GET("/documents/:id/annotations/:aid/versions", s.handleAnnotationVersions)
	api.POST("/documents/:id/annotations/:aid/versions/:version/restore", s.handleAnnotationRestore)
	api.POST("/documents/:id/annotations/:aid/review", s.handleAnnotationReview)
	api.GET("/annotations/:aid", s.handleAnnotationMoved)
	api.PUT("/annotations/:aid", s.handleAnnotationMoved)
	api.DELETE("/annotations/:aid", s.handleAnnotationMoved)
	api.GET("/annotations/:aid/versions", s.handleAnnotationMoved)
	api.POST("/annotations/:aid/versions/:version/restore", s.handleAnnotationMoved)
	api.POST("/annotations/:aid/review", s.handleAnnotationMoved)

	// OCR suggestions and the review queue of corrections: suggestion.go,
	// correction.go.
	api.GET("/documents/:id/suggestions", s.handleSuggestionList)
	api.POST("/documents/:id/suggestions/propose", s.handleSuggestionPropose)
	api.POST("/documents/:id/suggestions/dismiss", s.handleSuggestionDismiss)
	api.POST("/batches/:batch/review", s.handleBatchReview)
	api.GET("/corrections", s.handleCorrectionReview)
	e.GET("/review", s.handleCorrectionReview)

	// Accounts, sessions and tokens: session.go, user.go.
	e.GET("/login", s.handleLoginForm)
	e.POST("/login", s.handleLogin)
	e.POST("/logout", s.handleLogout)
	e.GET("/account", s.handleAccount)
	e.POST("/account/password", s.handleAccountPassword)
	e.POST("/account/tokens", s.handleTokenCreate)
	e.POST("/account/tokens/:tid/delete", s.handleTokenDelete)
	e.GET("/users", s.handleUserList)
	e.POST("/users", s.handleUserCreate)
	e.POST("/users/:uid", s.handleUserUpdate)
	e.GET("/users/:uid", s.handleUserAgent)
	api.GET("/me", s.handleAPIMe)
	api.GET("/users", s.handleUserList)
	api.POST("/users", s.handleUserCreate)
	api.PATCH("/users/:uid", s.handleUserUpdate)
	api.GET("/tokens", s.handleAccount)
	api.POST("/tokens", s.handleTokenCreate)
	api.DELETE("/tokens/:tid", s.handleTokenDelete)

	// Orphans: orphan.go.
	e.GET("/documents/:id/orphans", s.handleOrphans)
	e.POST("/documents/:id/orphans/:aid", s.handleOrphanChange)
	api.GET("/documents/:id/orphans", s.handleOrphans)
	api.POST("/documents/:id/orphans/:aid", s.handleOrphanChange)

	// The trash: trash.go.
	e.POST("/documents/:id/delete", s.handleDocumentDelete)
	e.GET("/trash", s.handleTrash)
	e.POST("/trash/:id/restore", s.handleTrashRestore)
	e.POST("/trash/:id/purge", s.handleTrashPurge)
	api.GET("/trash", s.handleTrash)
	api.POST("/trash/:id/restore", s.handleTrashRestore)
	api.POST("/trash/:id/purge", s.handleTrashPurge)

	// The audit trail: change.go.
	e.GET("/changes", s.handleChangeList)
	api.GET("/changes", s.handleChangeList)
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

// handleFavicon handles "GET /favicon.ico", which browsers ask for on their
// own: the site's icon is an SVG among the static files.
func (s *Server) handleFavicon(c echo.Context) error {
	return c.Redirect(http.StatusMovedPermanently, s.pages.StaticURL("img/favicon.svg"))
}
