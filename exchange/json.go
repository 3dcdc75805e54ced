package exchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"sverka"
)

// Sverka JSON is one object: {"format":"sverka","version":2,"documents":[…]}.
// Each document holds its metadata (id, title, date, citation, summary,
// sourceURL, originalLanguage, credits, sourceFormat, public, revision,
// createdAt), its rawSource verbatim, and:
//
//   - texts: per language its role, the base text, the derivation steps
//     that made it from the raw source, and its segments as [start, end)
//     code-point ranges;
//   - links: ref (the link's stable number, the N of #link-N), status,
//     confidence and, per language, indexes into that text's segments; a
//     link's position is its place in the list (files written before links
//     had numbers have no ref: their links are numbered by position);
//   - linkRefs, when there are any: the link numbers the links do not
//     account for by their own words (a number merged into another link,
//     one whose links once held more words), each with the code-point span
//     per language of every word links with that number ever held, so
//     that an old #link-N still finds its words after an import;
//   - pages and wordBoxes, for a document with scans: each page's number,
//     image hash (hex SHA-256: the image itself stays in the image store
//     beside the database and must be there when the archive is imported),
//     format and size; each word box's lang, start and end (code points of
//     that base text) and page, x, y, w, h (pixels);
//   - annotations (version 2): every annotation of the document the
//     exporting user may see — notes, corrections, cross-references and
//     replies, deleted ones too — in the order they were made. "n"
//     numbers them from 1 within the document, and a reply's "replyTo" is
//     the n of its parent, so no database's row ids are written. People
//     are named, never numbered: "creator", a correction's "reviewer" and
//     a version's "by" ("" or absent for the system) are user names; no
//     password, hash or token is ever written. The current state follows:
//     version, target (lang, start, end in code points, exact, prefix,
//     suffix; empty for a reply), orphaned, body (Markdown of a note or
//     reply, the new reading of a correction, the comment of a
//     cross-reference), tags, link (the far end of a cross-reference: a
//     documentID with lang, start, end and exact for a passage, a
//     documentID alone for a whole document, or url and/or citation for an
//     outside source), status (proposed, accepted or rejected for a
//     correction), reviewer, reviewedAt, private, modified and deleted
//     (set when deleted). "versions" is the history, oldest first: each
//     version's action (create, update, accept, delete, restore, …), at,
//     by and the same state fields as they were after it.
//
// Times are RFC 3339 in UTC. Private annotations are only written when
// the exporting user is their author.

// JSONFormat is the name of Sverka JSON in its "format" key.
const JSONFormat = "sverka"

// JSONVersion is the version of Sverka JSON this package writes. Version 2
// added annotations; files of version 1 (without them) are read too.
const JSONVersion = 2

// jsonOldestVersion is the oldest version ReadJSON reads.
const jsonOldestVersion = 1

// jsonDocument is a document's metadata in Sverka JSON, in the order written.
type jsonDocument struct {
	ID               string             `json:"id"`
	Title            string             `json:"title"`
	Date             string             `json:"date"`
	Citation         string             `json:"citation"`
	Summary          string             `json:"summary"`
	SourceURL        string             `json:"sourceURL"`
	OriginalLanguage string             `json:"originalLanguage"`
	Credits          string             `json:"credits"`
	SourceFormat     string             `json:"sourceFormat"`
	Public           bool               `json:"public"`
	Revision         int64              `json:"revision"`
	CreatedAt        string             `json:"createdAt"`
	RawSource        string             `json:"rawSource"`
	Texts            []jsonText         `json:"texts"`
	Links            []jsonLink         `json:"links"`
	LinkRefs         []sverka.LinkRef   `json:"linkRefs,omitempty"`
	Pages            []sverka.PageImage `json:"pages,omitempty"`
	WordBoxes        []sverka.WordBox   `json:"wordBoxes,omitempty"`
	Annotations      []jsonAnnotation   `json:"annotations"`
}

// jsonAnnotation is an annotation: its number within the document, what
// never changes, its current state and its history.
type jsonAnnotation struct {
	N          int    `json:"n"`
	Motivation string `json:"motivation"`
	ReplyTo    int    `json:"replyTo,omitempty"`
	Creator    string `json:"creator"`
	Created    string `json:"created"`
	jsonAnnotationState
	Versions []jsonVersion `json:"versions,omitempty"`
}

// jsonAnnotationState is what can change from one version to the next.
type jsonAnnotationState struct {
	Version    int                    `json:"version"`
	Target     sverka.TextTarget      `json:"target"`
	Orphaned   bool                   `json:"orphaned,omitempty"`
	Body       string                 `json:"body"`
	Tags       []string               `json:"tags"`
	Link       *sverka.CrossReference `json:"link,omitempty"`
	Status     string                 `json:"status,omitempty"`
	Reviewer   string                 `json:"reviewer,omitempty"`
	ReviewedAt string                 `json:"reviewedAt,omitempty"`
	Private    bool                   `json:"private,omitempty"`
	Modified   string                 `json:"modified"`
	Deleted    string                 `json:"deleted,omitempty"`
	// Outside marks an annotation of something outside the archive's
	// texts; W3C is what its Web Annotation client sent that Sverka keeps
	// without using (see sverka.Annotation).
	Outside bool            `json:"outside,omitempty"`
	W3C     json.RawMessage `json:"w3c,omitempty"`
}

// jsonVersion is one version in an annotation's history.
type jsonVersion struct {
	Action string `json:"action"`
	At     string `json:"at"`
	By     string `json:"by,omitempty"`
	jsonAnnotationState
}

// jsonTime writes a time as RFC 3339 in UTC; the zero time is "".
func jsonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// parseJSONTime reads what jsonTime wrote.
func parseJSONTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

func jsonState(s *sverka.AnnotationState) jsonAnnotationState {
	return jsonAnnotationState{
		Version: s.Version, Target: s.Target, Orphaned: s.Orphaned, Body: s.Body, Tags: s.Tags, Link: s.Link,
		Status: s.Status, Reviewer: s.Reviewer, ReviewedAt: jsonTime(s.ReviewedAt), Private: s.Private,
		Modified: jsonTime(s.Modified), Deleted: jsonTime(s.Deleted), Outside: s.Outside, W3C: s.W3C,
	}
}

// state reads a state back; what names the annotation (and version) in errors.
func (j *jsonAnnotationState) state(what string) (sverka.AnnotationState, error) {
	s := sverka.AnnotationState{Version: j.Version, Target: j.Target, Orphaned: j.Orphaned, Body: j.Body, Tags: j.Tags,
		Link: j.Link, Status: j.Status, Reviewer: j.Reviewer, Private: j.Private, Outside: j.Outside, W3C: j.W3C}
	if s.Tags == nil {
		s.Tags = []string{}
	}
	var err error
	for _, t := range []struct {
		name string
		in   string
		out  *time.Time
	}{{"reviewedAt", j.ReviewedAt, &s.ReviewedAt}, {"modified", j.Modified, &s.Modified}, {"deleted", j.Deleted, &s.Deleted}} {
		if *t.out, err = parseJSONTime(t.in); err != nil {
			return s, fmt.Errorf("%s: %s: %w", what, t.name, err)
		}
	}
	return s, nil
}

// jsonText is a base text: its derivation from the raw source and its
// segments as [start, end) code-point ranges.
type jsonText struct {
	Lang       string                  `json:"lang"`
	Role       string                  `json:"role"`
	Text       string                  `json:"text"`
	Derivation []sverka.DerivationStep `json:"derivation"`
	Segments   [][2]int                `json:"segments"`
}

// jsonLink is a link: its segments by language, as indexes into each
// text's segments; its position is its place in the list.
type jsonLink struct {
	Ref        int              `json:"ref,omitempty"`
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

// scan writes a document's pages (its scans, by their image hash) and word
// boxes, one a line, when it has any.
func (j *jsonWriter) scan(d *sverka.Document) {
	if len(d.Pages) == 0 {
		return
	}
	j.raw(",\n\"pages\":")
	lines(j, d.Pages)
	j.raw(",\n\"wordBoxes\":")
	lines(j, d.WordBoxes)
}

// lines writes values as a JSON array, one value a line.
func lines[T any](j *jsonWriter, values []T) {
	j.raw("[")
	for i, v := range values {
		if i > 0 {
			j.raw(",")
		}
		j.raw("\n")
		j.value(v)
	}
	j.raw("]")
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
		err := src.Links(func(l *sverka.ExportLink) error {
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
	err := src.Links(func(l *sverka.ExportLink) error {
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
		j.value(jsonLink{Ref: l.Ref, Status: l.Status, Confidence: l.Confidence, Segments: segs})
		return j.err
	})
	if err != nil {
		return err
	}
	j.raw("]")
	if len(d.Refs) > 0 {
		j.raw(",\n\"linkRefs\":")
		lines(j, d.Refs)
	}
	j.scan(d)
	j.raw(",\n\"annotations\":[")
	k = 0
	err = src.ArchiveAnnotations(func(a *sverka.ArchivedAnnotation) error {
		if k > 0 {
			j.raw(",")
		}
		k++
		j.annotation(a)
		return j.err
	})
	if err != nil {
		return err
	}
	j.raw("]}")
	return j.err
}

// annotation writes an annotation on one line and each of its versions on
// a line of its own.
func (j *jsonWriter) annotation(a *sverka.ArchivedAnnotation) {
	j.raw("\n")
	ja := jsonAnnotation{N: a.N, Motivation: a.Motivation, ReplyTo: a.ReplyTo, Creator: a.Creator, Created: jsonTime(a.Created),
		jsonAnnotationState: jsonState(&a.Current)}
	if j.err != nil {
		return
	}
	j.buf.Reset()
	enc := json.NewEncoder(&j.buf)
	enc.SetEscapeHTML(false)
	if j.err = enc.Encode(ja); j.err != nil {
		return
	}
	b := bytes.TrimSuffix(j.buf.Bytes(), []byte("}\n"))
	if _, j.err = j.w.Write(b); j.err != nil {
		return
	}
	j.raw(`,"versions":[`)
	for i := range a.Versions {
		if i > 0 {
			j.raw(",")
		}
		v := &a.Versions[i]
		j.raw("\n")
		j.value(jsonVersion{Action: v.Action, At: jsonTime(v.At), By: v.By, jsonAnnotationState: jsonState(&v.State)})
	}
	j.raw("]}")
}
