package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"sverka/anno"
)

// The HTTP verbs that the Web Annotation Protocol wants wherever GET is
// (HEAD, OPTIONS) and the cross-origin rules (CORS) of the API.

// answerHeadAndOptions answers HEAD like GET without the body, and OPTIONS
// (a CORS preflight aside) with GET's status and headers and no body, on
// every route that has GET: the Web Annotation Protocol wants both, and an
// OPTIONS answer carries the Allow, Link, ETag and Content-Type of the
// resource. It runs before routing (echo's Pre) and turns the request into
// a GET, so that the route found, the access rule and the handler are GET's.
func (s *Server) answerHeadAndOptions(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method != http.MethodHead && (r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") != "") {
			return next(c)
		}
		methods := s.allowedMethods(r)
		if !slices.Contains(methods, http.MethodGet) || strings.HasSuffix(echo.GetPath(r), "/events") {
			return next(c) // echo answers 404, 405, or its own OPTIONS
		}
		r.Method = http.MethodGet // in place, as echo routes the request it was given
		res := c.Response()
		res.Header().Set("Allow", strings.Join(methods, ", "))
		res.Writer = bodyless{res.Writer}
		return next(c)
	}
}

// allowedMethods lists the methods of the route that r's path matches,
// with HEAD and OPTIONS wherever GET is.
func (s *Server) allowedMethods(r *http.Request) []string {
	probe := s.echo.NewContext(r, nil)
	s.echo.Router().Find(http.MethodGet, echo.GetPath(r), probe)
	var methods []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if s.routeKeys[m+" "+probe.Path()] || (m == http.MethodHead || m == http.MethodOptions) && s.routeKeys["GET "+probe.Path()] {
			methods = append(methods, m)
		}
	}
	return methods
}

// bodyless passes a response's status and headers on and drops its body.
type bodyless struct{ http.ResponseWriter }

func (b bodyless) Write(p []byte) (int, error) { return len(p), nil }

// corsHeaders are the request headers a cross-origin client may send, and
// the answer headers it may read.
const (
	corsRequestHeaders = "Accept, Authorization, Content-Type, If-Match, If-None-Match, Prefer, Slug, Idempotency-Key"
	corsExposedHeaders = "ETag, Location, Link, Allow, Accept-Post, Content-Location, Preference-Applied, Vary"
)

// cors lets pages of any origin read what anonymous visitors may read
// (public documents, their annotations, the context) and pages of the
// origins an admin lists (Config.CORSOrigins) write through the API with a
// Bearer token. Cookies never cross origins: no answer allows credentials,
// and checkCSRF refuses a cookie-authenticated write from another origin.
func (s *Server) cors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		origin, path := r.Header.Get("Origin"), echo.GetPath(r)
		if origin == "" || !strings.HasPrefix(path, "/api/") && !strings.HasPrefix(path, "/ns/") && !strings.HasPrefix(path, "/documents/") {
			return next(c)
		}
		h := c.Response().Header()
		h.Add("Vary", "Origin")
		method := r.Method
		preflight := method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
		if preflight {
			method = r.Header.Get("Access-Control-Request-Method")
		}
		writer := slices.Contains(s.cfg.CORSOrigins, origin)
		switch {
		case writer:
			h.Set("Access-Control-Allow-Origin", origin)
		case safeMethod(method):
			h.Set("Access-Control-Allow-Origin", "*")
		default:
			if preflight {
				return c.NoContent(http.StatusForbidden)
			}
			return next(c) // no CORS headers: the browser hides the answer
		}
		if !preflight {
			h.Set("Access-Control-Expose-Headers", corsExposedHeaders)
			return next(c)
		}
		methods := "GET, HEAD, OPTIONS"
		if writer {
			methods = strings.Join(s.allowedMethods(r), ", ")
		}
		h.Set("Access-Control-Allow-Methods", methods)
		h.Set("Access-Control-Allow-Headers", corsRequestHeaders)
		h.Set("Access-Control-Max-Age", "600")
		return c.NoContent(http.StatusNoContent)
	}
}

// What a Prefer header asks of a container (the Web Annotation Protocol's
// 4.2): no annotations, the pages named by their IRIs
// (ldp#PreferMinimalContainer, which wins), or the annotations' IRIs
// instead of their descriptions (oa#PreferContainedIRIs); else ("") the
// descriptions (oa#PreferContainedDescriptions).
const (
	preferMinimal = "minimal"
	preferIRIs    = "iris"
)

func containerPreference(prefer string) string {
	_, include, _ := strings.Cut(prefer, "include=")
	switch {
	case strings.Contains(include, "http://www.w3.org/ns/ldp#PreferMinimalContainer"):
		return preferMinimal
	case strings.Contains(include, "http://www.w3.org/ns/oa#PreferContainedIRIs"):
		return preferIRIs
	}
	return ""
}

// writeContainer answers with a container or one of its pages, named by
// Content-Location, with an ETag of its content that If-None-Match can
// match (304).
func (s *Server) writeContainer(c echo.Context, iri string, v any) error {
	b, mt, err := s.representation(c, v)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	etag := `"c` + hex.EncodeToString(sum[:12]) + `"`
	c.Response().Header().Set("Content-Location", iri)
	if notModified(c, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, mt, b)
}

// writeLD answers with an annotation or a page of them.
func (s *Server) writeLD(c echo.Context, status int, v any) error {
	b, mt, err := s.representation(c, v)
	if err != nil {
		return err
	}
	return c.Blob(status, mt, b)
}

// turtleType is the media type of the Turtle that annotations, containers
// and pages are also served in.
const turtleType = "text/turtle; charset=utf-8"

// representation writes v (JSON-LD) as the request's Accept header asks:
// JSON-LD (application/ld+json with the Web Annotation profile, also for
// application/json and wildcards) or Turtle (text/turtle, or N-Triples,
// which is the Turtle Sverka writes). A read that accepts neither is 406;
// a write answers JSON-LD whatever it accepts.
func (s *Server) representation(c echo.Context, v any) ([]byte, string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, "", err
	}
	best, bestQ, bestExact := "", 0.0, false
	accept := c.Request().Header.Get("Accept")
	if strings.TrimSpace(accept) == "" {
		accept = "*/*"
	}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q, err := strconv.ParseFloat(params["q"], 64)
		if params["q"] == "" {
			q, err = 1, nil
		}
		kind, exact := map[string]string{"application/ld+json": "ld", "application/json": "ld", "text/turtle": "ttl", "application/n-triples": "ttl",
			"application/*": "ld", "*/*": "ld"}[mt], !strings.HasSuffix(mt, "*")
		if kind == "" || err != nil || q <= 0 || q < bestQ || q == bestQ && (bestExact || !exact) {
			continue
		}
		best, bestQ, bestExact = kind, q, exact
	}
	switch {
	case best == "ttl":
		t, err := anno.Turtle(b, s.baseURL(c))
		if err != nil {
			return nil, "", echo.NewHTTPError(http.StatusNotAcceptable, fmt.Sprintf("this cannot be written as Turtle (a context a client gave is not valid JSON-LD: %v); ask for application/ld+json", err))
		}
		return t, turtleType, nil
	case best == "" && safeMethod(c.Request().Method):
		return nil, "", echo.NewHTTPError(http.StatusNotAcceptable, fmt.Sprintf("Accept: %q: annotations are served as %s or %s", accept, anno.MediaType, "text/turtle"))
	}
	return b, anno.MediaType, nil
}
