package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/store"
)

// idempotentRoutes are the routes that honour an Idempotency-Key header:
// those that create or decide something, so that a client that sends a
// request again after losing the connection does not do it twice. A new
// API token's answer holds its secret, which is never stored, so that
// route is not here; imports skip what is already present by themselves.
var idempotentRoutes = map[string]bool{
	"POST /api/documents/:id/annotations":                                true,
	"POST /api/documents/:id/annotations/":                               true,
	"POST /api/documents/:id/annotations/:aid/review":                    true,
	"POST /api/documents/:id/annotations/:aid/versions/:version/restore": true,
	"POST /api/documents/:id/alignment":                                  true,
	"POST /api/users":                                                    true,
}

// maxStoredAnswer is the largest answer kept for a retry; a larger one
// frees its key instead.
const maxStoredAnswer = 1 << 20

// keptHeaders are the headers of an answer that a retry gets again.
var keptHeaders = []string{echo.HeaderContentType, echo.HeaderLocation, "ETag"}

// idempotent answers a request sent again with the same Idempotency-Key
// (per user, for a day) with the first answer, marked with the header
// Idempotent-Replayed, instead of running it again. The same key with a
// different request is 422, and while the first is still running, 409.
// A server error, or a client gone before its answer, frees the key, so
// that the request may be tried again.
func (s *Server) idempotent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		key, u := r.Header.Get("Idempotency-Key"), currentUser(c)
		if key == "" || u == nil || !idempotentRoutes[r.Method+" "+c.Path()] {
			return next(c)
		}
		if len(key) > 255 || !printableASCII(key) {
			return badRequest("Idempotency-Key: 1 to 255 printable ASCII characters, new for each new request")
		}
		body, err := io.ReadAll(r.Body)
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge, "the request body is too large")
		}
		if err != nil {
			return badRequest("read the request: %v", err)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.New()
		for _, part := range []string{r.Method, r.URL.Path, r.Header.Get(echo.HeaderContentType), r.Header.Get("If-Match")} {
			sum.Write([]byte(part + "\n"))
		}
		sum.Write(body)
		k := store.IdempotencyKey{UserID: u.ID, Key: key, RequestHash: hex.EncodeToString(sum.Sum(nil))}
		// Whatever becomes of the client, its key must be settled.
		ctx := context.WithoutCancel(r.Context())
		stored, claimed, err := s.db.ClaimIdempotencyKey(ctx, k)
		var invalid *sverka.ValidationError
		if errors.As(err, &invalid) {
			return echo.NewHTTPError(http.StatusUnprocessableEntity, invalid.Error())
		}
		if err != nil {
			return err
		}
		if !claimed {
			for name, v := range stored.Header {
				c.Response().Header().Set(name, v)
			}
			c.Response().Header().Set("Idempotent-Replayed", "true")
			return c.Blob(stored.Status, stored.Header[echo.HeaderContentType], stored.Body)
		}
		rec := &answerRecorder{ResponseWriter: c.Response().Writer}
		c.Response().Writer = rec
		if err := next(c); err != nil {
			c.Error(err)
		}
		c.Response().Writer = rec.ResponseWriter
		status := c.Response().Status
		if status >= 500 || status == statusClientClosed || rec.overflow {
			err = s.db.ReleaseIdempotencyKey(ctx, k)
		} else {
			answer := store.StoredAnswer{Status: status, Header: map[string]string{}, Body: rec.body.Bytes()}
			for _, name := range keptHeaders {
				if v := c.Response().Header().Get(name); v != "" {
					answer.Header[name] = v
				}
			}
			err = s.db.SaveIdempotentAnswer(ctx, k, answer)
		}
		if err != nil {
			s.log.Error("settle idempotency key", "err", err)
		}
		return nil
	}
}

// printableASCII reports whether s is non-empty printable ASCII.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return s != ""
}

// answerRecorder passes an answer on and keeps a copy of its body, up to
// maxStoredAnswer.
type answerRecorder struct {
	http.ResponseWriter
	body     bytes.Buffer
	overflow bool
}

func (w *answerRecorder) Write(b []byte) (int, error) {
	if !w.overflow && w.body.Len()+len(b) <= maxStoredAnswer {
		w.body.Write(b)
	} else {
		w.overflow = true
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *answerRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }
