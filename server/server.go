// Package server is Sverka's HTTP layer: routes, handlers, error mapping and
// page rendering on top of the store.
package server

import (
	"bufio"
	"log/slog"
	"net"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"sverka/iiif"
	"sverka/markdown"
	"sverka/store"
	"sverka/web"
)

// Config holds the settings the server needs from main.
type Config struct {
	// BaseURL is the public origin of the server, such as
	// "https://sverka.example.org", used to build absolute IRIs. Empty means
	// the origin of each request.
	BaseURL string
	// SignInToRead keeps anonymous visitors out entirely. By default they
	// may read public documents, and nothing more.
	SignInToRead bool
	// InsecureCookies drops the Secure flag from cookies, for serving plain
	// HTTP on a network name other than localhost. Never on a public network.
	InsecureCookies bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (for the sign-in rate limit per address). Empty: the
	// client is the peer, and the header is ignored.
	TrustedProxies []*net.IPNet
	// CORSOrigins are the origins (scheme://host[:port]) whose pages may
	// write through the API with a Bearer token. Pages of any origin may
	// read what anonymous visitors may read.
	CORSOrigins []string
	// CacheBytes bounds what the server keeps of documents between
	// requests (API JSON, rendered reading views); 0 means DefaultCacheBytes.
	CacheBytes int64
	// ImageCacheBytes bounds what the IIIF image service keeps of decoded
	// scans (three quarters) and of its answers; 0 means
	// DefaultImageCacheBytes.
	ImageCacheBytes int64
	// CheckerCacheBytes bounds what the OCR checker keeps of what it
	// worked out, of words and sentences; 0 means suggest.DefaultMemoBytes.
	CheckerCacheBytes int64
}

// DefaultCacheBytes is the server's cache budget unless told otherwise.
const DefaultCacheBytes = 48 << 20

// DefaultImageCacheBytes is the image service's cache budget unless told
// otherwise: about ten 300-dpi A4 greyscale pages decoded.
const DefaultImageCacheBytes = 128 << 20

// Server serves Sverka's pages and API.
type Server struct {
	echo  *echo.Echo
	db    *store.DB
	log   *slog.Logger
	cfg   Config
	pages *web.Templates
	cache *documentCache
	// lists keeps the document lists anonymous visitors see
	// (document_list.go).
	lists *listCache
	// renderings keeps what the cache holds in the database too
	// (rendering.go).
	renderings *renderingKeeper
	// notes holds rendered note bodies, for this server's database only.
	notes markdown.Cache
	// events hands each committed change of a document to the pages
	// reading it (event.go), told of it by the database's notices, which
	// come from every server on the database.
	events *broker
	// stopListening ends the notices (Shutdown).
	stopListening func()
	// images answers IIIF image requests for the scans (facsimile.go).
	images *iiif.Service
	// ocr runs the "OCR the scan" jobs (ocr_job.go).
	ocr *ocrJobs
	// suggest holds the OCR checker (suggestion.go), second the readings of
	// scans it weighs (suggestion_scan.go).
	suggest suggestions
	second  secondReadings

	logins      loginLimiter
	crossOrigin *http.CrossOriginProtection
	// routeKeys holds "METHOD /path" of every route, for authorize.
	routeKeys map[string]bool
}

// New builds a server on db. It parses every template up front.
func New(db *store.DB, log *slog.Logger, cfg Config) (*Server, error) {
	pages, err := web.Parse()
	if err != nil {
		return nil, err
	}
	if cfg.CacheBytes <= 0 {
		cfg.CacheBytes = DefaultCacheBytes
	}
	if cfg.ImageCacheBytes <= 0 {
		cfg.ImageCacheBytes = DefaultImageCacheBytes
	}
	images, err := newImageService(db, cfg.ImageCacheBytes)
	if err != nil {
		return nil, err
	}
	s := &Server{echo: echo.New(), db: db, log: log, cfg: cfg, pages: pages, cache: newDocumentCache(cfg.CacheBytes), lists: newListCache(), images: images, events: newBroker(), ocr: newOCRJobs(),
		logins: loginLimiter{db}, crossOrigin: http.NewCrossOriginProtection()}
	s.renderings = newRenderingKeeper(db, log)
	s.echo.HideBanner = true
	s.echo.HidePort = true
	s.echo.HTTPErrorHandler = s.handleError
	// The client address keys the sign-in rate limit: the peer's, or what a
	// trusted reverse proxy says in X-Forwarded-For, never a header anyone
	// could forge.
	s.echo.IPExtractor = echo.ExtractIPDirect()
	if len(cfg.TrustedProxies) > 0 {
		trust := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range cfg.TrustedProxies {
			trust = append(trust, echo.TrustIPRange(n))
		}
		s.echo.IPExtractor = echo.ExtractIPFromXFFHeader(trust...)
	}
	if s.stopListening, err = db.Listen(s.hearNotice); err != nil {
		return nil, err
	}
	if err := s.failDeadOCRJobs(); err != nil {
		return nil, err
	}
	s.routes()
	s.routeKeys = map[string]bool{}
	for _, r := range s.echo.Routes() {
		s.routeKeys[r.Method+" "+r.Path] = true
	}
	return s, nil
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.echo.ServeHTTP(w, r)
}

// render writes an HTML page, through a buffer: html/template writes each
// piece of markup and each value apart, hundreds of writes a page, and
// the gzip writer behind the response pays a checksum and a call into the
// encoder for each.
func (s *Server) render(c echo.Context, status int, name string, data pageData) error {
	fillPage(c, data)
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(status)
	w := pageWriters.Get().(*bufio.Writer)
	defer pageWriters.Put(w)
	w.Reset(c.Response())
	defer w.Reset(nil)
	err := s.pages.Render(w, name, data)
	if flushed := w.Flush(); err == nil {
		err = flushed
	}
	return err
}

// pageWriters are render's buffers.
var pageWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 8<<10) }}
