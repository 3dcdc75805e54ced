package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"sverka/store"
)

// userKey is where the authenticated user of a request is kept in its context.
const userKey = "sverka.user"

// currentUser is the user making the request, or nil for an anonymous visitor.
func currentUser(c echo.Context) *store.User {
	u, _ := c.Get(userKey).(*store.User)
	return u
}

// require lets a request through only for a signed-in user whose role is at
// least min: 401 for anonymous visitors, 403 for too small a role.
func (s *Server) require(min store.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := currentUser(c)
			if u == nil {
				return echo.NewHTTPError(http.StatusUnauthorized, "sign in first")
			}
			if !u.Role.AtLeast(min) {
				return echo.NewHTTPError(http.StatusForbidden, "this needs the "+string(min)+" role; you are "+string(u.Role))
			}
			return next(c)
		}
	}
}
