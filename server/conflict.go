package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"sverka"
)

// One conflict answer for every versioned resource.
//
// Annotations, documents (their revision) and accounts carry a version, and
// their entity tags have one shape, "<kind><id>-v<version>": "a12-v3",
// "d117313-v5", "u4-v2". A change names the version it was made against
// (If-Match, or the version field of a form or an alignment edit); when
// that is no longer the current one the store answers sverka.ErrStale, and
// the answer is 412 Precondition Failed with the resource as it is now, and
// its ETag, in one shape:
//
//	{"error": "why", "current": <the resource as GET answers it>}
//
// Any other clash with the current state (sverka.ErrConflict: a name taken,
// the last admin, an overlapping correction, an edit that can no longer be
// undone) is 409 Conflict. conflictStatus is the one mapping.

// tagKind is the letter an entity tag of one kind of resource starts with.
type tagKind string

// The kinds of versioned resource.
const (
	annotationTag tagKind = "a"
	documentTag   tagKind = "d"
	userTag       tagKind = "u"
)

// etag is the entity tag of version of the resource id.
func (k tagKind) etag(id string, version int64) string {
	return `"` + string(k) + id + "-v" + strconv.FormatInt(version, 10) + `"`
}

// ifMatch reads the version the request's If-Match header names for the
// resource id: "*" is 0 (whatever version is current); an entity tag of
// another resource or kind, or of no version at all, is -1, which no
// version matches (so the change is stale). sent reports whether the
// header was there; a header sent empty is refused.
func (k tagKind) ifMatch(c echo.Context, id string) (version int64, sent bool, err error) {
	values, sent := c.Request().Header["If-Match"]
	if !sent {
		return 0, false, nil
	}
	h := strings.TrimSpace(strings.Join(values, ","))
	switch h {
	case "":
		return 0, true, badRequest("If-Match is empty: send the ETag of the version you change, or leave the header out")
	case "*":
		return 0, true, nil
	}
	rest, ok := strings.CutPrefix(strings.TrimPrefix(h, "W/"), `"`+string(k)+id+"-v")
	if !ok || !strings.HasSuffix(rest, `"`) {
		return -1, true, nil
	}
	v, err := strconv.ParseInt(strings.TrimSuffix(rest, `"`), 10, 64)
	if err != nil || v < 1 {
		return -1, true, nil // versions start at 1; 0 would mean "any"
	}
	return v, true, nil
}

// ifNoneMatchHits reports whether an If-None-Match header names etag (or
// is "*"), weak or strong: a change made on that condition must not happen
// (RFC 9110 13.1.2), a GET answers 304.
func ifNoneMatchHits(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// notModified tags the answer with etag and reports whether the request's
// If-None-Match names it, so that the client's copy is current (304).
func notModified(c echo.Context, etag string) bool {
	c.Response().Header().Set("ETag", etag)
	return ifNoneMatchHits(c.Request().Header.Get("If-None-Match"), etag)
}

// conflictStatus is the one mapping of the store's conflicts to HTTP: 412
// for a change made against a stale version, 409 for any other conflict,
// and 0 for an error that is no conflict.
func conflictStatus(err error) int {
	switch {
	case errors.Is(err, sverka.ErrStale):
		return http.StatusPreconditionFailed
	case errors.Is(err, sverka.ErrConflict):
		return http.StatusConflict
	}
	return 0
}

// staleError is a refused change (sverka.ErrStale) with the resource as it
// is now and its entity tag, which the 412 answer carries.
type staleError struct {
	err     error
	etag    string
	current any
}

func (e *staleError) Error() string { return e.err.Error() }

func (e *staleError) Unwrap() error { return e.err }

// stale gives a lost race (sverka.ErrStale) what current reads: the
// resource's entity tag and its representation. Other errors pass as they
// are, and so does the lost race when the resource cannot be read.
func stale(err error, current func() (etag string, body any, err error)) error {
	if !errors.Is(err, sverka.ErrStale) {
		return err
	}
	etag, body, cerr := current()
	if cerr != nil {
		return err
	}
	return &staleError{err: err, etag: etag, current: body}
}

// apiError is the body of every error answer under /api; Current is the
// resource as it is now when a change was stale.
type apiError struct {
	Error   string `json:"error"`
	Current any    `json:"current,omitempty"`
}
