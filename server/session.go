package server

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"sverka"
)

// sessionTTL is how long a sign-in lasts.
const sessionTTL = 14 * 24 * time.Hour

// page is what every page shows besides its content: who is signed in and
// the CSRF token its forms and scripts send back. Every page struct embeds
// it; render fills it in.
type page struct {
	User *sverka.User
	CSRF string
	// Path is the page's own path and query, where signing in comes back
	// to; empty on the sign-in page and on answers to a POST.
	Path string
}

// IsEditor reports whether the signed-in user is at least an editor.
func (p page) IsEditor() bool { return p.User != nil && p.User.Role.AtLeast(sverka.RoleEditor) }

// IsAdmin reports whether the signed-in user is an admin.
func (p page) IsAdmin() bool { return p.User != nil && p.User.Role.AtLeast(sverka.RoleAdmin) }

// pageData is a page struct: it embeds page, whose fields the layout shows.
// Only a pointer to such a struct has setPage, so passing anything else to
// render does not compile.
type pageData interface{ setPage(page) }

// setPage fills the embedded page.
func (p *page) setPage(v page) { *p = v }

// fillPage fills data's embedded page for the request: the user, the CSRF
// token, and the path signing in comes back to.
func fillPage(c echo.Context, data pageData) {
	p := page{User: currentUser(c), CSRF: csrfToken(c)}
	if r := c.Request(); r.Method == http.MethodGet && r.URL.Path != "/login" {
		p.Path = redirectPath(r.URL.RequestURI())
	}
	data.setPage(p)
}

type loginPage struct {
	page
	Name  string
	Next  string
	Error string
}

// redirectPath returns next if it is a path on this site, else "/": the
// redirect after sign-in never leaves the site. Browsers drop tabs and line
// breaks from a Location and read a backslash as a slash, so "/\t/host" and
// "/\\host" mean "//host", another site: any control character, space or
// backslash makes next unsafe, and what is left must parse as a bare path.
// Every redirect to a "next" the client sent goes through here.
func redirectPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}

// handleLoginForm handles "GET /login".
func (s *Server) handleLoginForm(c echo.Context) error {
	return s.render(c, http.StatusOK, "login", &loginPage{Next: redirectPath(c.QueryParam("next"))})
}

// handleLogin handles "POST /login": name and password from a form. A wrong
// password and an unknown name get the same answer after the same work;
// repeated failures are rate-limited per account and per address.
func (s *Server) handleLogin(c echo.Context) error {
	name := strings.TrimSpace(c.FormValue("name"))
	password := c.FormValue("password")
	next := redirectPath(c.FormValue("next"))
	addr := c.RealIP()
	ok, wait, err := s.logins.allow(c.Request().Context(), name, addr)
	if err != nil {
		return err
	}
	if !ok {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())))
		return s.render(c, http.StatusTooManyRequests, "login", &loginPage{Name: name, Next: next,
			Error: "Too many failed sign-ins. Wait a little and try again."})
	}
	u, err := s.db.Authenticate(c.Request().Context(), name, password)
	if errors.Is(err, sverka.ErrCredentials) {
		if err := s.logins.fail(c.Request().Context(), name, addr); err != nil {
			return err
		}
		s.log.Info("sign-in failed", "addr", addr)
		return s.render(c, http.StatusUnauthorized, "login", &loginPage{Name: name, Next: next, Error: "Wrong name or password."})
	}
	if err != nil {
		return err
	}
	sess, err := s.db.CreateSession(c.Request().Context(), u.ID, sessionTTL)
	if err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, sess.Token, sessionTTL)
	s.log.Info("signed in", "user", u.Name)
	return c.Redirect(http.StatusSeeOther, next)
}

// handleLogout handles "POST /logout": the session ends on the server too.
func (s *Server) handleLogout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		if err := s.db.DeleteSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	s.clearCookie(c, sessionCookie)
	return c.Redirect(http.StatusSeeOther, "/")
}
