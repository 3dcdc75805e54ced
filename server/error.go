package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"sverka"
)

type errorPage struct {
	page
	Status  int
	Title   string
	Message string
}

// handleError is the one place that turns errors into responses: typed store
// errors map to status codes (conflicts through conflictStatus; a stale
// change answers with the current resource and its ETag), only 5xx are logged as errors (a client that
// went away is a 499, logged as such and answered with nothing), /api
// answers in JSON and everything else as an HTML page.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if clientClosed(c, err) {
		// Nobody is left to read an answer, and the server did not fail.
		c.Response().Status = statusClientClosed
		s.log.Info("client closed the request", "method", c.Request().Method, "path", c.Request().URL.Path, "status", statusClientClosed)
		return
	}
	status, msg := http.StatusInternalServerError, "internal error"
	var he *echo.HTTPError
	var ve *sverka.ValidationError
	var stale *staleError
	body := apiError{}
	switch {
	case errors.As(err, &stale):
		status, msg, body.Current = conflictStatus(err), err.Error(), stale.current
		c.Response().Header().Set("ETag", stale.etag)
	case errors.As(err, &he):
		status = he.Code
		if m, ok := he.Message.(string); ok {
			msg = m
		} else {
			msg = http.StatusText(status)
		}
	case errors.Is(err, sverka.ErrNotFound):
		status, msg = http.StatusNotFound, err.Error()
	case errors.Is(err, sverka.ErrConflict):
		status, msg = conflictStatus(err), err.Error()
	case errors.As(err, &ve):
		status, msg = http.StatusBadRequest, ve.Error()
	}
	if status >= 500 {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if isAPI(c) {
		body.Error = msg
		err = c.JSON(status, body)
	} else {
		err = s.render(c, status, "error", &errorPage{Status: status, Title: http.StatusText(status), Message: msg})
	}
	if err != nil {
		s.log.Error("write error response", "err", err)
	}
}

// statusClientClosed is the status a request that its client gave up
// before the answer was ready is logged with (nginx's 499): no server
// error, and nothing is sent.
const statusClientClosed = 499

// clientClosed reports whether err is the request's own context ended by
// its client going away (net/http cancels it when the connection closes).
func clientClosed(c echo.Context, err error) bool {
	return errors.Is(err, context.Canceled) && errors.Is(c.Request().Context().Err(), context.Canceled)
}

// logRequests logs each request once, after it is served.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		s.log.Debug("request", "method", c.Request().Method, "path", c.Request().URL.Path,
			"status", c.Response().Status, "duration", time.Since(start))
		return nil
	}
}

// logPanic logs a handler's panic, with its stack, through the server's
// structured log; the request then gets a 500 like any other failure.
func (s *Server) logPanic(c echo.Context, err error, stack []byte) error {
	s.log.Error("handler panicked", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err, "stack", string(stack))
	return fmt.Errorf("panic: %w", err)
}

// badRequest is a 400 with a message saying what to fix.
func badRequest(format string, args ...any) error {
	return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf(format, args...))
}
