package ingest

import (
	"errors"
	"fmt"

	"sverka"
	"sverka/derive"
	"sverka/ocr"
	"sverka/wca"
)

// OCR-made documents. The Russian original is the text an OCR engine read
// on the scans (Tesseract, or a tool that wrote hOCR, ALTO or PAGE), laid
// out as ocr.Document.Text does, and the English translation a plain text.
// The raw source has the two texts under the same header lines as a plain
// pair; the Russian base text is derived from it as a scan is (page noise
// dropped, words broken over a page joined), and every word of it that
// survives keeps its box on its page.

// ErrPages means the scans and the recognised pages do not match.
var ErrPages = errors.New("scans and recognised pages do not match")

// OCRPair is a recognised scan and its translation on the way in.
type OCRPair struct {
	// ID names the document; Title is shown.
	ID, Title string
	// Layout is the recognised pages, in order.
	Layout ocr.Document
	// Images are the stored scans, one per page of Layout, numbered from 1.
	Images []sverka.PageImage
	// English is the translation, already through Decode.
	English string
}

// OCR builds a document from a recognised scan and its translation, with
// the scans as its pages and the words' boxes on them.
func OCR(p OCRPair) (*sverka.Document, error) {
	if len(p.Images) != len(p.Layout.Pages) {
		return nil, fmt.Errorf("%d scans, %d recognised pages: %w", len(p.Images), len(p.Layout.Pages), ErrPages)
	}
	var layout ocr.Document
	for i, page := range p.Layout.Pages {
		// Boxes in the layout's units (ALTO in mm10, a layout made on a
		// smaller copy) become pixels of the stored scan.
		layout.Pages = append(layout.Pages, page.Scale(p.Images[i].Width, p.Images[i].Height))
	}
	text, spans := layout.Text()
	d, o, err := pair(PlainPair{ID: p.ID, Title: p.Title, Russian: text, English: p.English}, "ocr",
		func(raw string, sec wca.Section) (derive.Result, error) { return derive.Scan(raw, sec, nil) })
	if err != nil {
		return nil, err
	}
	for i := range spans {
		spans[i].Start += o.ruStart
		spans[i].End += o.ruStart
	}
	d.Pages = p.Images
	for _, s := range ocr.Rebase(spans, o.derived.Origin()) {
		d.WordBoxes = append(d.WordBoxes, sverka.WordBox{Lang: "ru", Start: s.Start, End: s.End, Page: s.Page + 1,
			X: s.Box.X0, Y: s.Box.Y0, W: s.Box.Width(), H: s.Box.Height()})
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("ocr document: %w", err)
	}
	return d, nil
}
