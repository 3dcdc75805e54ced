package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"sverka/store"
)

// contentSecurityPolicy allows scripts, styles and images from Sverka's own
// origin only: no inline script, no eval, no plugins, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Request body limits, per route: imports are large, everything else
// (annotations, alignment edits, forms) is small. A body larger than its
// route's limit fails to read with 413.
const maxBody = 1 << 20 // 1 MiB

// secureHeaders sets the security headers on every answer.
func (s *Server) secureHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if c.Request().TLS != nil || strings.HasPrefix(s.cfg.BaseURL, "https://") {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

// bodyLimits lists the routes allowed more than maxBody.
var bodyLimits = map[string]int64{
	"POST /import": 64 << 20, // a 30 MB pair of plain texts, with room for the form
	// A document's scan: a PDF or page images.
	"POST /api/documents/:id/scans": 64 << 20,
	"POST /documents/:id/scans":     64 << 20,
}

// limitBody caps the size of request bodies at the limit of their route.
// Who may send to a route at all is authorize's business, and a route's
// handler reads the body only once the sender is allowed.
func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Body == nil || r.Body == http.NoBody {
			return next(c)
		}
		limit, ok := bodyLimits[r.Method+" "+c.Path()]
		if !ok {
			limit = maxBody
		}
		if r.ContentLength > limit {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than this route takes (%d MiB)", limit>>20))
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		return next(c)
	}
}

// newCSRFSecret returns 32 random bytes, URL-safe base64 encoded.
func newCSRFSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// setCookie sets an HttpOnly, SameSite=Lax cookie for the whole site,
// Secure unless the server is configured for plain HTTP. A zero maxAge makes
// a cookie that ends with the browser session.
func (s *Server) setCookie(c echo.Context, name, value string, maxAge time.Duration) {
	ck := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode}
	if maxAge > 0 {
		ck.MaxAge = int(maxAge / time.Second)
		ck.Expires = time.Now().Add(maxAge)
	}
	c.SetCookie(ck)
}

// clearCookie tells the browser to forget a cookie.
func (s *Server) clearCookie(c echo.Context, name string) {
	c.SetCookie(&http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// loginLimiter slows down password guessing: failed sign-ins are counted per
// account and per client address, each with its own bucket, in the
// database, so that every server on it counts the same. An empty bucket
// refuses further attempts (even right ones) until it refills; successful
// sign-ins cost nothing.
type loginLimiter struct{ db *store.DB }

// Login limits: 10 failures in a row per account, then one per 30 seconds;
// 30 per address, then one per 10 seconds.
const (
	accountBurst  = 10
	accountRefill = 30 * time.Second
	addrBurst     = 30
	addrRefill    = 10 * time.Second
)

func (l loginLimiter) buckets(account, addr string) []store.LoginBucket {
	return []store.LoginBucket{
		{Key: "account " + strings.ToLower(account), Burst: accountBurst, Refill: accountRefill},
		{Key: "address " + addr, Burst: addrBurst, Refill: addrRefill},
	}
}

// allow reports whether a sign-in may be tried now and, if not, after how
// long (whole seconds, for Retry-After).
func (l loginLimiter) allow(ctx context.Context, account, addr string) (bool, time.Duration, error) {
	wait, err := l.db.LoginWait(ctx, l.buckets(account, addr)...)
	return wait == 0, (wait + time.Second - 1).Truncate(time.Second), err
}

// fail counts a failed sign-in.
func (l loginLimiter) fail(ctx context.Context, account, addr string) error {
	return l.db.LoginFailed(ctx, l.buckets(account, addr)...)
}
