package server

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"sverka"
)

// The whole document as "GET /api/documents/:id" answers it, written
// without reflection: byte for byte what encoding/json makes of
// newAPIDocument (TestDocumentJSONAsEncodingJSON), but straight from the
// document into the gzip writer a few kilobytes at a time, with no
// apiDocument and no whole JSON in between. A document of the 10k archive
// is about 50 KB of JSON; encoding/json took as long as gzipping it.

// jsonFlushAt is how much JSON writeDocumentJSON gathers before handing
// it on.
const jsonFlushAt = 16 << 10

// jsonWriter gathers JSON in buf and hands it to w once past jsonFlushAt.
type jsonWriter struct {
	w   io.Writer
	buf []byte
	err error
}

func (j *jsonWriter) flush() {
	if j.err == nil && len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
	}
	j.buf = j.buf[:0]
}

func (j *jsonWriter) flushIfFull() {
	if len(j.buf) >= jsonFlushAt {
		j.flush()
	}
}

// writeDocumentJSON writes d as newAPIDocument(d) encodes: the domain's
// fields in encoding/json's order (the document's own, then the fields
// apiDocument puts over its texts and links), those served apart left out.
func writeDocumentJSON(w io.Writer, d *sverka.Document) error {
	j := &jsonWriter{w: w, buf: make([]byte, 0, jsonFlushAt+4<<10)}
	for _, f := range []struct{ name, value string }{
		{`{"id":`, d.ID}, {`,"title":`, d.Title}, {`,"date":`, d.Date}, {`,"citation":`, d.Citation},
		{`,"summary":`, d.Summary}, {`,"sourceURL":`, d.SourceURL}, {`,"originalLanguage":`, d.OriginalLanguage},
		{`,"credits":`, d.Credits}, {`,"sourceFormat":`, d.SourceFormat},
	} {
		j.buf = appendJSONString(append(j.buf, f.name...), f.value)
	}
	j.buf = strconv.AppendInt(append(j.buf, `,"revision":`...), d.Revision, 10)
	created, err := d.CreatedAt.MarshalJSON()
	if err != nil {
		return err
	}
	j.buf = append(append(j.buf, `,"createdAt":`...), created...)
	if len(d.Refs) > 0 {
		refs, err := json.Marshal(d.Refs)
		if err != nil {
			return err
		}
		j.buf = append(append(j.buf, `,"refs":`...), refs...)
	}
	j.buf = append(j.buf, `,"texts":[`...)
	for i := range d.Texts {
		if i > 0 {
			j.buf = append(j.buf, ',')
		}
		writeTextJSON(j, &d.Texts[i])
	}
	j.buf = append(j.buf, `],"links":[`...)
	if err := writeLinksJSON(j, d); err != nil {
		return err
	}
	j.buf = append(j.buf, "]}"...)
	j.flush()
	return j.err
}

// writeTextJSON writes a text as apiText encodes.
func writeTextJSON(j *jsonWriter, t *sverka.BaseText) {
	j.buf = appendJSONString(append(j.buf, `{"lang":`...), t.Lang)
	j.buf = appendJSONString(append(j.buf, `,"role":`...), t.Role)
	j.buf = strconv.AppendInt(append(j.buf, `,"length":`...), int64(utf8.RuneCountInString(t.Text)), 10)
	j.buf = appendJSONString(append(j.buf, `,"text":`...), t.Text)
	j.flushIfFull()
	j.buf = append(j.buf, `,"segments":[`...)
	for i, s := range t.Segments {
		if i > 0 {
			j.buf = append(j.buf, ',')
		}
		j.buf = strconv.AppendInt(append(j.buf, `{"id":`...), s.ID, 10)
		j.buf = strconv.AppendInt(append(j.buf, `,"number":`...), int64(i+1), 10)
		j.buf = strconv.AppendInt(append(j.buf, `,"start":`...), int64(s.Start), 10)
		j.buf = strconv.AppendInt(append(j.buf, `,"end":`...), int64(s.End), 10)
		j.buf = appendJSONString(append(j.buf, `,"text":`...), s.Text)
		j.buf = append(j.buf, '}')
		j.flushIfFull()
	}
	j.buf = append(j.buf, "]}"...)
}

// writeLinksJSON writes d's links as apiLink encodes: segments by
// language, in the order of the languages (a JSON object of a map), each
// language's as the last text of that language has them.
func writeLinksJSON(j *jsonWriter, d *sverka.Document) error {
	textOf := map[string]*sverka.BaseText{}
	var langs []string
	for i := range d.Texts {
		if textOf[d.Texts[i].Lang] == nil {
			langs = append(langs, d.Texts[i].Lang)
		}
		textOf[d.Texts[i].Lang] = &d.Texts[i]
	}
	slices.Sort(langs)
	for i, l := range d.Links {
		if i > 0 {
			j.buf = append(j.buf, ',')
		}
		j.buf = strconv.AppendInt(append(j.buf, `{"id":`...), l.ID, 10)
		j.buf = strconv.AppendInt(append(j.buf, `,"position":`...), int64(l.Position), 10)
		j.buf = strconv.AppendInt(append(j.buf, `,"ref":`...), int64(l.Ref), 10)
		j.buf = appendJSONString(append(j.buf, `,"status":`...), l.Status)
		var err error
		if j.buf, err = appendJSONFloat(append(j.buf, `,"confidence":`...), l.Confidence); err != nil {
			return err
		}
		j.buf = append(j.buf, `,"segments":{`...)
		for k, lang := range langs {
			if k > 0 {
				j.buf = append(j.buf, ',')
			}
			j.buf = append(appendJSONString(j.buf, lang), ":["...)
			t := textOf[lang]
			for n, s := range l.Segments[lang] {
				if n > 0 {
					j.buf = append(j.buf, ',')
				}
				j.buf = strconv.AppendInt(j.buf, t.Segments[s].ID, 10)
			}
			j.buf = append(j.buf, ']')
		}
		j.buf = append(j.buf, "}}"...)
		j.flushIfFull()
	}
	return nil
}

// errJSONFloat is a number JSON cannot carry.
var errJSONFloat = errors.New("json: a number is NaN or infinite")

// appendJSONFloat appends f as encoding/json writes a float64: in %f form
// unless very small or very large, then %e with a two-digit exponent
// written short (1e-07 as 1e-7).
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, errJSONFloat
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b, nil
}

// jsonPlain are the bytes appendJSONString copies as they are: ASCII but
// the control characters, '"', '\\', '<', '>' and '&'.
var jsonPlain = func() (plain [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		plain[c] = !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return plain
}()

// appendJSONString appends s quoted as encoding/json quotes a string:
// '"', '\\' and the control characters escaped (\b \f \n \r \t short),
// '<', '>', '&', U+2028 and U+2029 as \u escapes, bytes that are not
// UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2 // a two-byte code point (Cyrillic), none of them escaped
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}
