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
}

// Format is one export format.
type Format struct {
	// Name is the value of ?format= and --format.
	Name string
	// Label names the format in menus.
	Label string
	// MediaType is the Content-Type of the export.
	MediaType string
	// Ext is the file name extension, without a dot.
	Ext string
	// Write writes the documents.
	Write func(w io.Writer, docs Documents, opt Options) error
}

// Formats lists the export formats in the order menus show them. It is the
// one list: the download menu, the API's ?format= and the command line's
// --format all read it.
var Formats = []Format{
	{Name: "tei", Label: "TEI P5 XML", MediaType: "application/tei+xml; charset=utf-8", Ext: "xml", Write: WriteTEI},
	{Name: "tmx", Label: "TMX 1.4b (translation memory)", MediaType: "application/x-tmx+xml; charset=utf-8", Ext: "tmx", Write: WriteTMX},
	{Name: "w3c", Label: "W3C Web Annotations (JSON-LD)", MediaType: anno.MediaType, Ext: "jsonld", Write: WriteW3C},
	{Name: "csv", Label: "CSV (spreadsheet)", MediaType: "text/csv; charset=utf-8; header=present", Ext: "csv", Write: WriteCSV},
	{Name: "txt", Label: "Parallel plain text (Moses, zipped)", MediaType: "application/zip", Ext: "zip", Write: WriteText},
	{Name: "json", Label: "Sverka JSON (everything, for backup)", MediaType: "application/json; charset=utf-8", Ext: "json", Write: WriteJSON},
}

// FormatNames lists the names of Formats, in order.
func FormatNames() []string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = f.Name
	}
	return names
}

// Lookup returns the format called name.
func Lookup(name string) (Format, error) {
	for _, f := range Formats {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("unknown export format %q; formats: %s", name, strings.Join(FormatNames(), ", "))
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
