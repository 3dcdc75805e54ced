package server

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"sverka"
)

// Where the authentication of a request is kept in its context.
const (
	userKey   = "sverka.user"
	csrfKey   = "sverka.csrf"
	bearerKey = "sverka.bearer"
)

// Cookie names: the session, and the CSRF secret of visitors not signed in
// (double-submit, so that the sign-in form itself is protected).
const (
	sessionCookie = "sverka_session"
	csrfCookie    = "sverka_csrf"
)

// currentUser is the user making the request, or nil for an anonymous visitor.
func currentUser(c echo.Context) *sverka.User {
	u, _ := c.Get(userKey).(*sverka.User)
	return u
}

// csrfToken is the token that state-changing requests of this browser must
// carry, in the X-CSRF-Token header or the "csrf" form field.
func csrfToken(c echo.Context) string {
	t, _ := c.Get(csrfKey).(string)
	return t
}

// mayEdit reports whether u may change something authored by authorID: its
// author if at least an annotator, or any editor.
func mayEdit(u *sverka.User, authorID int64) bool {
	if u == nil {
		return false
	}
	return u.Role.AtLeast(sverka.RoleEditor) || u.ID == authorID && u.Role.AtLeast(sverka.RoleAnnotator)
}

// allowed checks u against the least role min ("" is anyone).
func allowed(u *sverka.User, min sverka.Role) error {
	if min == anyone {
		return nil
	}
	if u == nil {
		return echo.NewHTTPError(http.StatusUnauthorized, "sign in first")
	}
	if !u.Role.AtLeast(min) {
		return echo.NewHTTPError(http.StatusForbidden, "this needs the "+string(min)+" role; you are "+string(u.Role))
	}
	return nil
}

// anyone is the rule of routes open to every visitor.
const anyone sverka.Role = ""

// authenticate finds who makes the request: a Bearer API token (scripts) or
// a session cookie (browsers). A wrong token is refused outright; a stale
// session cookie is dropped and the visitor goes on anonymously. Visitors
// without a session get a CSRF cookie so that forms such as sign-in can be
// protected too.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
			scheme, token, _ := strings.Cut(h, " ")
			if !strings.EqualFold(scheme, "Bearer") || token == "" {
				return echo.NewHTTPError(http.StatusUnauthorized, "the Authorization header takes a Bearer API token")
			}
			u, err := s.db.FindUserByToken(ctx, strings.TrimSpace(token))
			if errors.Is(err, sverka.ErrNotFound) {
				return echo.NewHTTPError(http.StatusUnauthorized, "unknown or revoked API token")
			}
			if err != nil {
				return err
			}
			c.Set(userKey, u)
			c.Set(bearerKey, true)
			return next(c)
		}
		if ck, err := c.Cookie(sessionCookie); err == nil {
			sess, u, err := s.db.FindSession(ctx, ck.Value)
			switch {
			case err == nil:
				c.Set(userKey, u)
				c.Set(csrfKey, sess.CSRFToken)
				return next(c)
			case errors.Is(err, sverka.ErrNotFound):
				s.clearCookie(c, sessionCookie)
			default:
				return err
			}
		}
		if ck, err := c.Cookie(csrfCookie); err == nil && len(ck.Value) >= 32 {
			c.Set(csrfKey, ck.Value)
		} else {
			token, err := newCSRFSecret()
			if err != nil {
				return err
			}
			s.setCookie(c, csrfCookie, token, 0)
			c.Set(csrfKey, token)
		}
		return next(c)
	}
}

// safeMethod reports whether a request with this method changes nothing.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkCSRF refuses a state-changing request made by a browser unless it is
// same-origin (Sec-Fetch-Site, Origin) and carries the CSRF token of its
// session (or of its anonymous CSRF cookie). Requests authenticated by a
// Bearer token carry no ambient credentials and need neither; nor do
// anonymous requests to routes that need an account, which authorize
// answers with 401 and WWW-Authenticate.
func (s *Server) checkCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if safeMethod(c.Request().Method) || c.Get(bearerKey) == true {
			return next(c)
		}
		if min, ok := access[c.Request().Method+" "+c.Path()]; ok && min != anyone && currentUser(c) == nil {
			return next(c) // nobody signed in: authorize answers 401, and nothing can be forged
		}
		if err := s.crossOrigin.Check(c.Request()); err != nil {
			return echo.NewHTTPError(http.StatusForbidden, "cross-site request refused")
		}
		want := csrfToken(c)
		got := c.Request().Header.Get("X-CSRF-Token")
		if got == "" {
			_ = parseUpload(c.Request()) // not a multipart form: FormValue reads it
			got = c.FormValue("csrf")
		}
		if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			return echo.NewHTTPError(http.StatusForbidden, "missing or wrong CSRF token; reload the page and try again")
		}
		return next(c)
	}
}

// authorize enforces the access table of routes.go: a route listed there
// needs its role; a state-changing route that is not listed is refused, so
// that forgetting a rule fails closed. Safe routes that are not listed are
// open to readers, and to anonymous visitors unless SignInToRead is set.
func (s *Server) authorize(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		method := c.Request().Method
		key := method + " " + c.Path()
		if min, ok := access[key]; ok {
			if err := allowed(currentUser(c), min); err != nil {
				var he *echo.HTTPError
				if errors.As(err, &he) && he.Code == http.StatusUnauthorized {
					c.Response().Header().Set("WWW-Authenticate", `Bearer realm="Sverka"`)
				}
				return err
			}
			return next(c)
		}
		if !s.routeKeys[key] {
			return next(c) // no such route: echo answers 404 or 405
		}
		if !safeMethod(method) {
			s.log.Error("route without an access rule", "route", key)
			return echo.NewHTTPError(http.StatusForbidden, "this route has no access rule")
		}
		if s.cfg.SignInToRead && currentUser(c) == nil {
			if !strings.HasPrefix(c.Path(), "/api/") {
				return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
			}
			return echo.NewHTTPError(http.StatusUnauthorized, "sign in to read")
		}
		return next(c)
	}
}
