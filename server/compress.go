package server

import (
	"net/http"
	"path"
	"strings"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"

	"sverka/exchange"
)

// compress gzips responses for clients that accept it (Accept-Encoding),
// which shrinks a long document page about fourfold. The fastest level,
// with klauspost/compress's encoder: on a 2,000-link page (1.95 MB) the
// standard library's fastest level took 53 ms where its default level
// took 358 ms (same run, busy machine) for 472 KB instead of 383 KB, and
// on a 187 KB page klauspost's fastest 1.1 ms where the standard
// library's took 2.1-2.8 ms, for 44.5 KB instead of 45.4 KB (same run):
// the server's CPU is what runs out first. Streams that must reach the
// client as they are written (server-sent events) and what is compressed
// already (zip exports, images) are left alone; a response shorter than a
// packet is not worth it. An error page is compressed like the page it
// stands for.
func compress() echo.MiddlewareFunc {
	wrap, err := gzhttp.NewWrapper(gzhttp.CompressionLevel(compressLevel), gzhttp.MinSize(1024), gzhttp.EnableZstd(false))
	if err != nil {
		panic(err) // the options are constants
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if leaveUncompressed(c) {
				return next(c)
			}
			res := c.Response()
			plain := res.Writer
			defer func() { res.Writer = plain }()
			wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				res.Writer = w
				if err := next(c); err != nil {
					c.Error(err)
				}
			})).ServeHTTP(plain, c.Request())
			return nil
		}
	}
}

// compressedAlready are the file types not worth compressing again.
var compressedAlready = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".webp": true, ".woff2": true, ".zip": true}

// compressLevel is the level of every gzipped answer.
const compressLevel = gzip.BestSpeed

// precompressed reports whether the request asks for what the server keeps
// compressed already: the whole document as JSON (document_cache.go),
// which is then compressed once per revision instead of once per request
// (the letter: 7,669 requests a second plain, 666 gzipped each time, in
// one run), and the reading view's first window (renderAround).
func precompressed(c echo.Context) bool {
	return c.Request().Method == http.MethodGet && (c.Path() == "/api/documents/:id" || c.Path() == "/documents/:id") && !windowAsked(c)
}

// acceptsGzip reports whether the client takes gzipped answers.
func acceptsGzip(c echo.Context) bool {
	return strings.Contains(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip")
}

// compressing reports whether the compress middleware gzips this answer:
// it has put its gzip writer in place, which it does only for a client
// that takes gzip (it reads the Accept-Encoding's weights, which
// acceptsGzip does not).
func compressing(c echo.Context) bool {
	switch c.Response().Writer.(type) {
	case *gzhttp.GzipResponseWriter, gzhttp.GzipResponseWriterWithCloseNotify:
		return true
	}
	return false
}

func leaveUncompressed(c echo.Context) bool {
	r := c.Request()
	switch {
	case precompressed(c):
		return true
	case strings.Contains(r.Header.Get(echo.HeaderAccept), "text/event-stream"):
		return true
	case strings.HasSuffix(c.Path(), "/export"):
		if f, err := exchange.Lookup(c.QueryParam("format")); err == nil && f.MediaType == "application/zip" {
			return true
		}
	}
	return compressedAlready[strings.ToLower(path.Ext(r.URL.Path))]
}
