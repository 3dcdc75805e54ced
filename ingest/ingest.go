// Package ingest turns source files into Sverka documents: it parses them,
// derives each language's base text, splits sentences and aligns them. The
// seed letter and every imported document go through the same code.
package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"sverka"
	"sverka/align"
	"sverka/derive"
	"sverka/segment"
	"sverka/wca"
)

// Text is one language of a document on its way in: the base text and how it
// was derived from the raw source.
type Text struct {
	Lang  string
	Role  string // "original" or "translation"
	Text  string
	Steps []derive.Step
}

// WCA builds a document from a page in the Wilson Center Digital Archive
// format. edits are the editorial decisions no general rule can make (a line
// the OCR put out of order, say); they are applied and recorded as
// derivation steps with their editor and reason.
func WCA(raw string, edits []derive.Edit) (*sverka.Document, error) {
	p, err := wca.Parse(raw)
	if err != nil {
		return nil, err
	}
	if p.ArchiveID == "" {
		return nil, fmt.Errorf("page %q: no archive number in the citation URL", p.Title)
	}
	orig, err := derive.Scan(raw, p.Original, edits)
	if err != nil {
		return nil, fmt.Errorf("derive the %s text: %w", p.Original.Lang, err)
	}
	tr, err := derive.Translation(raw, p.Translation)
	if err != nil {
		return nil, fmt.Errorf("derive the %s text: %w", p.Translation.Lang, err)
	}
	d := &sverka.Document{
		ID: p.ArchiveID, Title: p.Title, Date: p.Date, Citation: p.Citation, Summary: p.Summary,
		SourceURL: p.SourceURL, OriginalLanguage: p.OriginalLanguage, Credits: p.Credits,
		SourceFormat: "wca", RawSource: raw, Public: true,
	}
	build(d,
		Text{Lang: p.Original.Lang, Role: "original", Text: orig.Text, Steps: orig.Steps},
		Text{Lang: p.Translation.Lang, Role: "translation", Text: tr.Text, Steps: tr.Steps})
	return d, nil
}

// build segments the original and the translation, aligns them and fills in
// d's texts and automatic links.
func build(d *sverka.Document, original, translation Text) {
	texts := [2]Text{original, translation}
	a := align.AlignTexts(align.Input{Text: original.Text, Lang: original.Lang},
		align.Input{Text: translation.Text, Lang: translation.Lang}, dictionary())
	for i, t := range texts {
		bt := sverka.BaseText{Lang: t.Lang, Role: t.Role, Text: t.Text}
		for _, s := range t.Steps {
			bt.Steps = append(bt.Steps, sverka.DerivationStep{
				Op: s.Op, SourceStart: s.SourceStart, SourceEnd: s.SourceEnd, SourceText: s.Text,
				Replacement: s.Replacement, Rule: s.Rule, Editor: s.Editor, Note: s.Note,
			})
		}
		for _, sp := range [2][]segment.Span{a.RU, a.EN}[i] {
			bt.Segments = append(bt.Segments, sverka.Segment{Start: sp.Start, End: sp.End})
		}
		d.Texts = append(d.Texts, bt)
	}
	d.Links = storeLinks(texts, a.Links)
}

// alignSpans aligns the sentences segs of the original and the translation,
// with the paragraphs of each text as soft anchors and the words of dict,
// and returns automatic
// links whose segment indexes count from the first of segs.
func alignSpans(texts [2]Text, segs [2][]segment.Span, dict *align.Dictionary) []sverka.Link {
	var sentences [2][]align.Sentence
	for i, t := range texts {
		runes := []rune(t.Text)
		paras := segment.Paragraphs(t.Text)
		p := 0
		for _, sp := range segs[i] {
			for p < len(paras)-1 && sp.Start >= paras[p].End {
				p++
			}
			sentences[i] = append(sentences[i], align.Sentence{Text: string(runes[sp.Start:sp.End]), Paragraph: p})
		}
	}
	return storeLinks(texts, align.Align(sentences[0], sentences[1], dict))
}

// storeLinks turns the aligner's links into automatic links.
func storeLinks(texts [2]Text, links []align.Link) []sverka.Link {
	var out []sverka.Link
	for _, l := range links {
		out = append(out, sverka.Link{
			Status:     "auto",
			Confidence: math.Round(l.Confidence*1000) / 1000,
			Segments:   map[string][]int{texts[0].Lang: l.RU, texts[1].Lang: l.EN},
		})
	}
	return out
}

// ReadEdits reads editorial edits from JSON: an array of objects with "op"
// ("move"), "text", "after", "editor" and "reason".
func ReadEdits(r io.Reader) ([]derive.Edit, error) {
	var edits []struct {
		Op, Text, After, Editor, Reason string
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&edits); err != nil {
		return nil, fmt.Errorf("read edits: %w", err)
	}
	out := make([]derive.Edit, 0, len(edits))
	for i, e := range edits {
		if e.Editor == "" || e.Reason == "" {
			return nil, fmt.Errorf("read edits: edit %d needs an editor and a reason", i+1)
		}
		out = append(out, derive.Edit{Op: e.Op, Text: e.Text, After: e.After, Editor: e.Editor, Reason: e.Reason})
	}
	return out, nil
}

// EditsPath names the file of editorial edits that goes with a source file:
// "page.txt" has its edits in "page.edits.json".
func EditsPath(path string) string {
	if i := strings.LastIndex(path, "."); i > strings.LastIndex(path, "/") {
		path = path[:i]
	}
	return path + ".edits.json"
}

// WCAFile reads a Wilson Center page and, if present, its edits file.
func WCAFile(path string, created time.Time) (*sverka.Document, error) {
	raw, err := ReadSource(path)
	if err != nil {
		return nil, err
	}
	var edits []derive.Edit
	f, err := os.Open(EditsPath(path))
	switch {
	case err == nil:
		edits, err = ReadEdits(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EditsPath(path), err)
		}
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	d, err := WCA(raw, edits)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	d.CreatedAt = created
	return d, nil
}
