package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"sverka"
)

// readJSONBody reads a request body meant to be JSON. A Content-Type that
// says it is something else is refused (415); with absentOK, a request
// without one is read as JSON (scripts that post annotations with plain
// curl). Text that is not UTF-8, or escapes a lone UTF-16 surrogate, is
// refused: encoding/json would silently turn it into U+FFFD, and what is
// stored would not be what was sent.
func readJSONBody(c echo.Context, absentOK bool) ([]byte, error) {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if ct == "" && !absentOK || ct != "" && !jsonMediaType(ct) {
		return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, "send JSON (Content-Type: application/json or application/ld+json)")
	}
	b, err := io.ReadAll(c.Request().Body)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes; a note's body may have at most %d", tooLarge.Limit, sverka.MaxBodyBytes))
	}
	if err != nil {
		return nil, badRequest("could not read the request body: %v", err)
	}
	if err := checkJSONText(b); err != nil {
		return nil, badRequest("%v", err)
	}
	return b, nil
}

// jsonMediaType reports whether a Content-Type names JSON: application/json,
// application/ld+json or another +json type.
func jsonMediaType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == echo.MIMEApplicationJSON || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// checkJSONText refuses JSON text that is not UTF-8 or whose \u escapes
// leave a UTF-16 surrogate unpaired. Backslashes occur only in strings in
// valid JSON, so escapes can be read without parsing the rest.
func checkJSONText(b []byte) error {
	if !utf8.Valid(b) {
		return errors.New("the body is not UTF-8 text")
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		if i+1 < len(b) && b[i+1] == 'u' {
			r, ok := hex4(b, i+2)
			switch {
			case ok && r >= 0xD800 && r < 0xDC00: // high: a low one must follow
				lo, ok := hex4(b, i+8)
				if i+7 >= len(b) || b[i+6] != '\\' || b[i+7] != 'u' || !ok || lo < 0xDC00 || lo > 0xDFFF {
					return fmt.Errorf("the body escapes a lone UTF-16 surrogate (\\u%04x); send the character itself or a surrogate pair", r)
				}
				i += 11
				continue
			case ok && r >= 0xDC00 && r <= 0xDFFF:
				return fmt.Errorf("the body escapes a lone UTF-16 surrogate (\\u%04x); send the character itself or a surrogate pair", r)
			}
		}
		i++ // skip the escaped character
	}
	return nil
}

// hex4 reads four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i < 0 || i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// bindInput reads what a change sends into v, one way for the change made
// from a page and through the API: under /api a JSON body (bindJSON), and
// elsewhere the fields of a form, named by v's form tags (the same names
// as its json tags).
func bindInput(c echo.Context, v any) error {
	if isAPI(c) {
		return bindJSON(c, v)
	}
	err := (&echo.DefaultBinder{}).BindBody(c, v)
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code == http.StatusBadRequest {
		return badRequest("a field of the form holds what it does not take (%v)", he.Message)
	}
	return err
}

// bindJSON decodes a JSON request body (Content-Type: application/json)
// into v. Unknown keys are refused rather than ignored, so that a typo
// ("rol") is an error, not a request that silently does something else.
func bindJSON(c echo.Context, v any) error {
	b, err := readJSONBody(c, false)
	if err != nil {
		return err
	}
	return decodeJSON(b, v)
}

// decodeJSON decodes exactly one JSON value, without unknown keys, into v.
func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return badRequest("the body is empty; send a JSON object")
		case errors.As(err, &te) && te.Field == "":
			return badRequest("malformed JSON body: send a JSON object, not a JSON %s", te.Value)
		case errors.As(err, &te):
			return badRequest("malformed JSON body: %s takes a JSON %s, not a JSON %s", te.Field, jsonKind(te.Type.Kind().String()), te.Value)
		}
		return badRequest("malformed JSON body: %v", err)
	}
	if dec.More() {
		return badRequest("malformed JSON body: more than one JSON value")
	}
	return nil
}

// jsonKind names the JSON type a Go kind is decoded from.
func jsonKind(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "number"
	case kind == "bool":
		return "boolean"
	case kind == "slice", kind == "array":
		return "array"
	case kind == "map", kind == "struct":
		return "object"
	}
	return kind
}
