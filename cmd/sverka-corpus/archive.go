package main

import (
	"time"

	"sverka"
	"sverka/corpus"
)

// archive is a generated document ready for exchange.WriteJSON, which
// writes Sverka JSON exactly as an export does: the document as the
// importer derives it, and its notes with their single version.
type archive struct {
	doc   *sverka.Document
	notes []sverka.ArchivedAnnotation
}

// newArchive wraps a derived document and notes on its base texts.
func newArchive(d *sverka.Document, notes map[string][]corpus.Note) *archive {
	a := &archive{doc: d}
	for _, lang := range []string{"ru", "en"} {
		for _, n := range notes[lang] {
			at := d.CreatedAt.Add(time.Duration(len(a.notes)+1) * time.Hour)
			st := sverka.AnnotationState{
				Version: 1, Body: n.Body, Tags: n.Tags, Modified: at,
				Target: sverka.TextTarget{Lang: lang, Start: n.Start, End: n.End, Exact: n.Exact},
			}
			a.notes = append(a.notes, sverka.ArchivedAnnotation{
				N: len(a.notes) + 1, Motivation: "commenting", Creator: n.Creator, Created: at, Current: st,
				Versions: []sverka.ArchivedVersion{{Action: "create", At: at, By: n.Creator, State: st}},
			})
		}
	}
	return a
}

// Document returns the document with its base texts.
func (a *archive) Document() *sverka.Document { return a.doc }

// Links calls fn with each link and its segments.
func (a *archive) Links(fn func(*sverka.ExportLink) error) error {
	for _, l := range a.doc.Links {
		el := &sverka.ExportLink{Position: l.Position, Status: l.Status, Confidence: l.Confidence}
		for _, t := range a.doc.Texts {
			for _, i := range l.Segments[t.Lang] {
				s := t.Segments[i]
				el.Segments = append(el.Segments, sverka.ExportSegment{Lang: t.Lang, Index: i, Start: s.Start, End: s.End, Text: s.Text})
			}
		}
		if err := fn(el); err != nil {
			return err
		}
	}
	return nil
}

// ArchiveAnnotations calls fn with each note.
func (a *archive) ArchiveAnnotations(fn func(*sverka.ArchivedAnnotation) error) error {
	for i := range a.notes {
		if err := fn(&a.notes[i]); err != nil {
			return err
		}
	}
	return nil
}

// Annotations, Replies, Annotators and SegmentAt serve other formats than
// Sverka JSON; a generated archive is only ever written as JSON.
func (a *archive) Annotations(bool, func(*sverka.Annotation) error) error { return nil }
func (a *archive) Replies(func(*sverka.Annotation) error) error           { return nil }
func (a *archive) Annotators() ([]sverka.User, error)                     { return nil, nil }
func (a *archive) SegmentAt(string, string, int) (int, bool)              { return 0, false }
