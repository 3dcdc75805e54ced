package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/anno"
	"sverka/store"
)

type userListPage struct {
	page
	Users []sverka.User
	Roles []sverka.Role
	// Form is what was typed into "Add an account", kept when it is
	// refused, with what was wrong beside each field.
	Form userForm
}

// userForm is the "Add an account" form: its values and, by field name
// ("name", "role", "password" or "form"), what was wrong with them.
type userForm struct {
	Name, Role string
	Errors     map[string]string
}

type accountPage struct {
	page
	Tokens []store.Token
	// NewToken is shown once, right after it is made.
	NewToken string
	// PasswordError says why a change of password was refused;
	// PasswordChanged says that it was made.
	PasswordError   string
	PasswordChanged bool
}

// userID reads the :uid parameter.
func userID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("uid"), 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("malformed user id %q", c.Param("uid"))
	}
	return id, nil
}

// handleUserList handles "GET /users" and "GET /api/users": the accounts,
// for admins.
func (s *Server) handleUserList(c echo.Context) error {
	users, err := s.db.FindUsers(c.Request().Context())
	if err != nil {
		return err
	}
	return s.answer(c, map[string]any{"users": users}, "user_list", func() pageData {
		return &userListPage{Users: users, Roles: sverka.Roles, Form: userForm{Role: string(sverka.RoleReader)}}
	})
}

// newUserInput is a new account as the form and the API send it.
type newUserInput struct {
	Name     string      `json:"name" form:"name"`
	Role     sverka.Role `json:"role" form:"role"`
	Password string      `json:"password" form:"password"`
}

// createUser adds the account in; one with no password is refused here,
// as the store would make one that signs in with tokens only.
func (s *Server) createUser(c echo.Context, in newUserInput) (*sverka.User, error) {
	if in.Password == "" {
		return nil, sverka.Invalid("password", "A new account needs a password of at least 8 characters.")
	}
	return s.db.CreateUserBy(c.Request().Context(), currentUser(c).ID, in.Name, in.Role, in.Password)
}

// handleUserCreate handles "POST /api/users" ({name, role, password}) and
// "POST /users" (the form of the same fields): an admin adds an account.
// A refused account is shown again in the form, with what was typed (but
// the password) and the reason beside its field.
func (s *Server) handleUserCreate(c echo.Context) error {
	var in newUserInput
	if err := bindInput(c, &in); err != nil {
		return err
	}
	u, err := s.createUser(c, in)
	if isAPI(c) {
		if err != nil {
			return err
		}
		c.Response().Header().Set("ETag", userTag.etag(strconv.FormatInt(u.ID, 10), u.Version))
		return c.JSON(http.StatusCreated, u)
	}
	form := userForm{Name: in.Name, Role: string(in.Role), Errors: map[string]string{}}
	status := http.StatusBadRequest
	var ve *sverka.ValidationError
	switch {
	case err == nil:
		return c.Redirect(http.StatusSeeOther, "/users")
	case errors.Is(err, sverka.ErrConflict):
		status = conflictStatus(err)
		form.Errors["name"] = "The name “" + strings.TrimSpace(form.Name) + "” is taken; choose another."
	case errors.As(err, &ve) && (ve.Field == "name" || ve.Field == "role" || ve.Field == "password"):
		form.Errors[ve.Field] = ve.Message
	case errors.As(err, &ve):
		form.Errors["form"] = ve.Error()
	default:
		return err
	}
	users, err := s.db.FindUsers(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, status, "user_list", &userListPage{Users: users, Roles: sverka.Roles, Form: form})
}

// handleAccount handles "GET /account" and "GET /api/tokens": one's own
// API tokens (and, on the page, the form to change one's password).
func (s *Server) handleAccount(c echo.Context) error {
	tokens, err := s.db.FindTokens(c.Request().Context(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return s.answer(c, map[string]any{"tokens": tokens}, "user_account", func() pageData { return &accountPage{Tokens: tokens} })
}

// handleTokenCreate handles "POST /api/tokens" ({label}) and "POST
// /account/tokens" (the form's label): a new API token, answered once and
// never shown again (the page shows it above the list).
func (s *Server) handleTokenCreate(c echo.Context) error {
	var in struct {
		Label string `json:"label" form:"label"`
	}
	if err := bindInput(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := currentUser(c)
	token, err := s.db.CreateToken(ctx, u.ID, in.Label)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if isAPI(c) {
		return c.JSON(http.StatusCreated, map[string]string{"token": token, "label": in.Label})
	}
	tokens, err := s.db.FindTokens(ctx, u.ID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusCreated, "user_account", &accountPage{Tokens: tokens, NewToken: token})
}

// handleAccountPassword handles "POST /account/password": one changes one's
// own password, giving the current one and the new one twice. A wrong
// current password is a 400 that changes nothing and counts against the
// sign-in rate limit; on success every other session of the user ends and
// this one stays. The passwords are never logged or shown again.
func (s *Server) handleAccountPassword(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	c.Response().Header().Set("Cache-Control", "no-store")
	answer := func(status int, page accountPage) error {
		tokens, err := s.db.FindTokens(ctx, u.ID)
		if err != nil {
			return err
		}
		page.Tokens = tokens
		return s.render(c, status, "user_account", &page)
	}
	addr := c.RealIP()
	ok, wait, err := s.logins.allow(ctx, u.Name, addr)
	if err != nil {
		return err
	}
	if !ok {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())))
		return answer(http.StatusTooManyRequests, accountPage{PasswordError: "Too many wrong passwords. Wait a little and try again."})
	}
	current, next := c.FormValue("current"), c.FormValue("new")
	if next != c.FormValue("again") {
		return answer(http.StatusBadRequest, accountPage{PasswordError: "The two new passwords differ; type the same new password twice. Nothing was changed."})
	}
	keep := ""
	if ck, err := c.Cookie(sessionCookie); err == nil {
		keep = ck.Value
	}
	err = s.db.ChangePassword(ctx, u.ID, current, next, keep)
	var invalid *sverka.ValidationError
	switch {
	case errors.Is(err, sverka.ErrCredentials):
		if err := s.logins.fail(ctx, u.Name, addr); err != nil {
			return err
		}
		s.log.Info("password change refused: wrong current password", "user", u.Name, "addr", addr)
		return answer(http.StatusBadRequest, accountPage{PasswordError: "Your current password is not right. Nothing was changed."})
	case errors.As(err, &invalid):
		return answer(http.StatusBadRequest, accountPage{PasswordError: "The new password is refused: " + invalid.Message + ". Nothing was changed."})
	case err != nil:
		return err
	}
	s.log.Info("password changed", "user", u.Name)
	return answer(http.StatusOK, accountPage{PasswordChanged: true})
}

// tokenID reads the :tid parameter.
func tokenID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("tid"), 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("malformed token id %q", c.Param("tid"))
	}
	return id, nil
}

// handleTokenDelete handles "DELETE /api/tokens/:tid" (204) and "POST
// /account/tokens/:tid/delete" (the page's button, back to the page):
// revokes one of one's own tokens; someone else's is 404.
func (s *Server) handleTokenDelete(c echo.Context) error {
	id, err := tokenID(c)
	if err != nil {
		return err
	}
	if err := s.db.DeleteToken(c.Request().Context(), currentUser(c).ID, id); err != nil {
		return err
	}
	if isAPI(c) {
		return c.NoContent(http.StatusNoContent)
	}
	return c.Redirect(http.StatusSeeOther, "/account")
}

// handleUserAgent handles "GET /users/:uid": the user as annotations name
// them, an agent (id, type, name), for whoever may read an annotation of
// theirs; to anyone else there is no such user (404).
func (s *Server) handleUserAgent(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("uid"), 10, 64)
	if err != nil || id <= 0 {
		return echo.NewHTTPError(http.StatusNotFound, "users are numbered: /users/{number}")
	}
	list, _, err := s.db.FindAnnotations(c.Request().Context(), store.AnnotationFilter{CreatorID: id, ViewerID: viewerID(c), Limit: 1})
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("no user %d wrote an annotation you may read", id))
	}
	out := anno.UserAgent(s.baseURL(c), id, list[0].CreatorName)
	return s.writeLD(c, http.StatusOK, map[string]any{"@context": anno.ContextIRI, "id": out.ID, "type": out.Type, "name": out.Name})
}

// handleAPIMe handles "GET /api/me": who the request is made by (null for an
// anonymous visitor).
func (s *Server) handleAPIMe(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]any{"user": currentUser(c)})
}

// userUpdate is a change of an account as the API and the page's forms
// send it: the fields given change, at the version named.
type userUpdate struct {
	Role     *sverka.Role `json:"role" form:"role"`
	Disabled *bool        `json:"disabled" form:"disabled"`
	Password *string      `json:"password" form:"password"`
	Version  int64        `json:"version" form:"version"`
}

// handleUserUpdate handles "PATCH /api/users/:uid" ({role, disabled,
// password, version}) and "POST /users/:uid" (the page's forms: role or
// disabled, and version): an admin changes an account. The version (or an
// If-Match header with the account's ETag) must be current; a stale one
// gets 412 with the account as it is now (conflict.go). The page then
// shows the accounts again.
func (s *Server) handleUserUpdate(c echo.Context) error {
	id, err := userID(c)
	if err != nil {
		return err
	}
	var in userUpdate
	if err := bindInput(c, &in); err != nil {
		return err
	}
	uid := strconv.FormatInt(id, 10)
	v, sent, err := userTag.ifMatch(c, uid)
	switch {
	case err != nil:
		return err
	case sent:
		in.Version = v // "*" (0) names no version: an account changes only at the one its admin saw
	case in.Version < 0:
		return badRequest("version: a version is a number from 1")
	}
	if in.Version == 0 {
		return echo.NewHTTPError(http.StatusPreconditionRequired, "send the version of the user you are changing (its ETag in If-Match, or version); reload the page")
	}
	ctx := c.Request().Context()
	u, err := s.db.UpdateUser(ctx, currentUser(c).ID, id, store.UserUpdate{Role: in.Role, Disabled: in.Disabled, Password: in.Password, Version: in.Version})
	if err != nil {
		return stale(err, func() (string, any, error) {
			cur, err := s.db.FindUserByID(ctx, id)
			if err != nil {
				return "", nil, err
			}
			return userTag.etag(uid, cur.Version), cur, nil
		})
	}
	c.Response().Header().Set("ETag", userTag.etag(uid, u.Version))
	return answerDone(c, u, "/users")
}
