package exchange

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"sverka"
)

// ErrFormat marks input that is not Sverka JSON this version can read.
var ErrFormat = errors.New("not a Sverka JSON file")

// ReadJSON reads a Sverka JSON file into archives ready for
// store.ImportDocument. Unknown keys are refused, so that a misspelt key is
// an error rather than silently lost data.
func ReadJSON(r io.Reader) ([]*sverka.Archive, error) {
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
	if f.Version < jsonOldestVersion || f.Version > JSONVersion {
		return nil, fmt.Errorf("%w: version %d (this Sverka reads versions %d to %d)", ErrFormat, f.Version, jsonOldestVersion, JSONVersion)
	}
	var out []*sverka.Archive
	for i, jd := range f.Documents {
		created, err := time.Parse(time.RFC3339Nano, jd.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("%w: document %d: createdAt: %w", ErrFormat, i+1, err)
		}
		d := &sverka.Document{
			ID: jd.ID, Title: jd.Title, Date: jd.Date, Citation: jd.Citation, Summary: jd.Summary,
			SourceURL: jd.SourceURL, OriginalLanguage: jd.OriginalLanguage, Credits: jd.Credits,
			SourceFormat: jd.SourceFormat, RawSource: jd.RawSource, Public: jd.Public,
			Revision: jd.Revision, CreatedAt: created,
		}
		for _, jt := range jd.Texts {
			t := sverka.BaseText{Lang: jt.Lang, Role: jt.Role, Text: jt.Text, Steps: jt.Derivation}
			for _, s := range jt.Segments {
				t.Segments = append(t.Segments, sverka.Segment{Start: s[0], End: s[1]})
			}
			d.Texts = append(d.Texts, t)
		}
		for k, jl := range jd.Links {
			d.Links = append(d.Links, sverka.Link{Position: k + 1, Ref: jl.Ref, Status: jl.Status, Confidence: jl.Confidence, Segments: jl.Segments})
		}
		d.Refs = jd.LinkRefs
		d.Pages, d.WordBoxes = jd.Pages, jd.WordBoxes
		arch := &sverka.Archive{Document: d, Complete: true}
		for k := range jd.Annotations {
			ja := &jd.Annotations[k]
			what := fmt.Sprintf("document %d: annotation %d", i+1, k+1)
			a := sverka.ArchivedAnnotation{N: ja.N, ReplyTo: ja.ReplyTo, Motivation: ja.Motivation, Creator: ja.Creator}
			if a.Created, err = parseJSONTime(ja.Created); err != nil {
				return nil, fmt.Errorf("%w: %s: created: %w", ErrFormat, what, err)
			}
			if a.Current, err = ja.state(what); err != nil {
				return nil, fmt.Errorf("%w: %w", ErrFormat, err)
			}
			for m := range ja.Versions {
				jv := &ja.Versions[m]
				vwhat := fmt.Sprintf("%s: version %d", what, m+1)
				v := sverka.ArchivedVersion{Action: jv.Action, By: jv.By}
				if v.At, err = parseJSONTime(jv.At); err != nil {
					return nil, fmt.Errorf("%w: %s: at: %w", ErrFormat, vwhat, err)
				}
				if v.State, err = jv.state(vwhat); err != nil {
					return nil, fmt.Errorf("%w: %w", ErrFormat, err)
				}
				a.Versions = append(a.Versions, v)
			}
			arch.Annotations = append(arch.Annotations, a)
		}
		out = append(out, arch)
	}
	return out, nil
}
