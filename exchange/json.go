package exchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"sverka/store"
)

// JSONFormat is the name of Sverka JSON in its "format" key.
const JSONFormat = "sverka"

// JSONVersion is the version of Sverka JSON this package writes and reads.
const JSONVersion = 1

func init() {
	Formats["json"] = Format{Name: "json", MediaType: "application/json; charset=utf-8", Ext: "json", Write: WriteJSON}
}

// jsonDocument is a document's metadata in Sverka JSON, in the order written.
type jsonDocument struct {
	ID               string     `json:"id"`
	Title            string     `json:"title"`
	Date             string     `json:"date"`
	Citation         string     `json:"citation"`
	Summary          string     `json:"summary"`
	SourceURL        string     `json:"sourceURL"`
	OriginalLanguage string     `json:"originalLanguage"`
	Credits          string     `json:"credits"`
	SourceFormat     string     `json:"sourceFormat"`
	Public           bool       `json:"public"`
	Revision         int64      `json:"revision"`
	CreatedAt        string     `json:"createdAt"`
	RawSource        string     `json:"rawSource"`
	Texts            []jsonText `json:"texts"`
	Links            []jsonLink `json:"links"`
}

// jsonText is a base text: its derivation from the raw source and its
// segments as [start, end) code-point ranges.
type jsonText struct {
	Lang       string                 `json:"lang"`
	Role       string                 `json:"role"`
	Text       string                 `json:"text"`
	Derivation []store.DerivationStep `json:"derivation"`
	Segments   [][2]int               `json:"segments"`
}

// jsonLink is a link: its segments by language, as indexes into each
// text's segments; its position is its place in the list.
type jsonLink struct {
	Status     string           `json:"status"`
	Confidence float64          `json:"confidence"`
	Segments   map[string][]int `json:"segments"`
}

// jsonFile is the top of a Sverka JSON file.
type jsonFile struct {
	Format    string         `json:"format"`
	Version   int            `json:"version"`
	Documents []jsonDocument `json:"documents"`
}

// WriteJSON writes documents as Sverka JSON: everything, losslessly, one
// link or segment a line, so that the same database always gives the same
// bytes and a diff of two exports reads well. Options do not apply: a
// backup leaves nothing out.
func WriteJSON(w io.Writer, docs Documents, _ Options) error {
	bw := bufio.NewWriter(w)
	jw := &jsonWriter{w: bw}
	jw.raw(`{"format":`)
	jw.value(JSONFormat)
	jw.raw(`,"version":`)
	jw.value(JSONVersion)
	jw.raw(",\"documents\":[")
	n := 0
	err := docs(func(src Source) error {
		if n > 0 {
			jw.raw(",")
		}
		n++
		return jw.document(src)
	})
	if err != nil {
		return err
	}
	jw.raw("\n]}\n")
	if jw.err != nil {
		return fmt.Errorf("write json: %w", jw.err)
	}
	return bw.Flush()
}

// jsonWriter writes JSON by hand around values encoded one at a time; it
// keeps the first error.
type jsonWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	err error
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

// value writes v as compact JSON without HTML escaping.
func (j *jsonWriter) value(v any) {
	if j.err != nil {
		return
	}
	j.buf.Reset()
	enc := json.NewEncoder(&j.buf)
	enc.SetEscapeHTML(false)
	if j.err = enc.Encode(v); j.err != nil {
		return
	}
	b := bytes.TrimSuffix(j.buf.Bytes(), []byte("\n"))
	_, j.err = j.w.Write(b)
}

// key writes ,"name": (or "name": first in an object).
func (j *jsonWriter) key(first bool, name string) {
	if !first {
		j.raw(",")
	}
	j.value(name)
	j.raw(":")
}

func (j *jsonWriter) document(src Source) error {
	d := src.Document()
	j.raw("\n{")
	meta := []struct {
		k string
		v any
	}{
		{"id", d.ID}, {"title", d.Title}, {"date", d.Date}, {"citation", d.Citation}, {"summary", d.Summary},
		{"sourceURL", d.SourceURL}, {"originalLanguage", d.OriginalLanguage}, {"credits", d.Credits},
		{"sourceFormat", d.SourceFormat}, {"public", d.Public}, {"revision", d.Revision},
		{"createdAt", d.CreatedAt.UTC().Format(time.RFC3339Nano)}, {"rawSource", d.RawSource},
	}
	for i, m := range meta {
		j.key(i == 0, m.k)
		j.value(m.v)
	}
	j.raw(",\n\"texts\":[")
	for i, t := range d.Texts {
		if i > 0 {
			j.raw(",")
		}
		j.raw("\n{")
		j.key(true, "lang")
		j.value(t.Lang)
		j.key(false, "role")
		j.value(t.Role)
		j.key(false, "text")
		j.value(t.Text)
		j.raw(",\"derivation\":[")
		for k, s := range t.Steps {
			if k > 0 {
				j.raw(",")
			}
			j.raw("\n")
			j.value(s)
		}
		j.raw("],\n\"segments\":[")
		k := 0
		err := src.Links(func(l *store.ExportLink) error {
			for _, s := range l.Segments {
				if s.Lang != t.Lang {
					continue
				}
				if k > 0 {
					j.raw(",")
				}
				k++
				j.raw("\n")
				j.value([2]int{s.Start, s.End})
			}
			return j.err
		})
		if err != nil {
			return err
		}
		j.raw("]}")
	}
	j.raw("],\n\"links\":[")
	k := 0
	segs := map[string][]int{}
	err := src.Links(func(l *store.ExportLink) error {
		if k > 0 {
			j.raw(",")
		}
		k++
		for _, t := range d.Texts {
			segs[t.Lang] = segs[t.Lang][:0]
		}
		for _, s := range l.Segments {
			segs[s.Lang] = append(segs[s.Lang], s.Index)
		}
		j.raw("\n")
		j.value(jsonLink{Status: l.Status, Confidence: l.Confidence, Segments: segs})
		return j.err
	})
	if err != nil {
		return err
	}
	j.raw("]}")
	return j.err
}

// ErrFormat marks input that is not Sverka JSON this version can read.
var ErrFormat = errors.New("not a Sverka JSON file")

// ReadJSON reads a Sverka JSON file into archives ready for
// store.ImportDocument. Unknown keys are refused, so that a misspelt key is
// an error rather than silently lost data.
func ReadJSON(r io.Reader) ([]*store.Archive, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f jsonFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: more than one JSON value", ErrFormat)
	}
	if f.Format != JSONFormat {
		return nil, fmt.Errorf("%w: format %q (want %q)", ErrFormat, f.Format, JSONFormat)
	}
	if f.Version != JSONVersion {
		return nil, fmt.Errorf("%w: version %d (this Sverka reads version %d)", ErrFormat, f.Version, JSONVersion)
	}
	var out []*store.Archive
	for i, jd := range f.Documents {
		created, err := time.Parse(time.RFC3339Nano, jd.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("%w: document %d: createdAt: %w", ErrFormat, i+1, err)
		}
		d := &store.Document{
			ID: jd.ID, Title: jd.Title, Date: jd.Date, Citation: jd.Citation, Summary: jd.Summary,
			SourceURL: jd.SourceURL, OriginalLanguage: jd.OriginalLanguage, Credits: jd.Credits,
			SourceFormat: jd.SourceFormat, RawSource: jd.RawSource, Public: jd.Public,
			Revision: jd.Revision, CreatedAt: created,
		}
		for _, jt := range jd.Texts {
			t := store.BaseText{Lang: jt.Lang, Role: jt.Role, Text: jt.Text, Steps: jt.Derivation}
			for _, s := range jt.Segments {
				t.Segments = append(t.Segments, store.Segment{Start: s[0], End: s[1]})
			}
			d.Texts = append(d.Texts, t)
		}
		for k, jl := range jd.Links {
			d.Links = append(d.Links, store.Link{Position: k + 1, Status: jl.Status, Confidence: jl.Confidence, Segments: jl.Segments})
		}
		out = append(out, &store.Archive{Document: d})
	}
	return out, nil
}
