// Package exchange writes Sverka's documents in the formats scholars and
// translators use — TEI P5, TMX 1.4b, W3C Web Annotation JSON-LD, CSV,
// Moses-style parallel text — and reads and writes Sverka JSON, the lossless
// backup and exchange format.
//
// Every writer streams: it reads a document's links one at a time from a
// Source and encodes them straight to an io.Writer, so that memory does not
// grow with the number of links or annotations. The package knows the store's
// types but not its database.
package exchange

import (
	"fmt"
	"io"
	"strings"

	"sverka"
	"sverka/anno"
)

// Source is one document being exported. *store.ExportSource is one.
type Source interface {
	// Document is the metadata and base texts with derivation (no
	// segments, no links).
	Document() *sverka.Document
	// Links calls fn with each link in order, with the annotations
	// anchored in it; it may be called again.
	Links(fn func(*sverka.ExportLink) error) error
	// Annotations calls fn with every annotation the viewer may see, in
	// the order they were made; deleted ones too if deleted is set.
	Annotations(deleted bool, fn func(*sverka.Annotation) error) error
	// Replies calls fn with the replies whose parent is seen too.
	Replies(fn func(*sverka.Annotation) error) error
	// ArchiveAnnotations calls fn with every annotation the viewer may
	// see, deleted ones included, numbered within the document, with its
	// history and its people by name (for Sverka JSON).
	ArchiveAnnotations(fn func(*sverka.ArchivedAnnotation) error) error
	// Annotators lists who made or reviewed the annotations seen.
	Annotators() ([]sverka.User, error)
	// SegmentAt is the index of the segment holding a code point.
	SegmentAt(documentID, lang string, offset int) (int, bool)
}

// Documents calls yield with each document to export, in order.
type Documents func(yield func(Source) error) error

// Options are the reader's choices for an export.
type Options struct {
	// Diplomatic gives the original as the OCR has it instead of its
	// corrected reading (CSV keeps both columns either way).
	Diplomatic bool
	// ConfirmedOnly leaves out links no one has confirmed.
	ConfirmedOnly bool
	// Proposed includes corrections that are proposed but not accepted yet
	// (marked as uncertain in TEI).
	Proposed bool
	// BaseURL is the public origin used in IRIs, such as
	// "https://sverka.example.org"; empty gives relative ones.
	BaseURL string
	// Corpus is set when the export is of the whole corpus or of several
	// documents: formats with a single-document form (TEI) then write
	// their corpus form, even for one document.
	Corpus bool
	// W3C turns an annotation into its W3C Web Annotation form: the
	// server's serialization, passed in so that there is only one
	// (server.AnnotationJSON). The w3c format needs it.
	W3C func(*sverka.Annotation) *anno.Annotation
}

// Format is one export format.
type Format struct {
	// Name is the value of ?format= and --format.
	Name string
	// MediaType is the Content-Type of the export.
	MediaType string
	// Ext is the file name extension, without a dot.
	Ext string
	// Write writes the documents.
	Write func(w io.Writer, docs Documents, opt Options) error
}

// Formats lists the export formats by name.
var Formats = map[string]Format{}

// FormatNames lists the format names in the order menus show them.
var FormatNames = []string{"tei", "tmx", "w3c", "csv", "txt", "json"}

// Lookup returns the format called name.
func Lookup(name string) (Format, error) {
	f, ok := Formats[name]
	if !ok {
		return Format{}, fmt.Errorf("unknown export format %q; formats: %s", name, strings.Join(FormatNames, ", "))
	}
	return f, nil
}

// FileName is the name an export of ids in format f is saved under.
func FileName(f Format, ids []string) string {
	base := "sverka-corpus"
	if len(ids) == 1 {
		base = "sverka-" + ids[0]
	}
	return base + "." + f.Ext
}

// skip reports whether a link is left out under opt.
func (opt Options) skip(l *sverka.ExportLink) bool {
	return opt.ConfirmedOnly && l.Status != "confirmed"
}
