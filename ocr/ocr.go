// Package ocr reads the layout that OCR and HTR tools write (hOCR, ALTO v2–v4,
// PAGE 2013/2019), runs Tesseract, and lays a recognised page out as plain
// text whose every word keeps its box on the page image.
//
// All readers speak one model: a Document has Pages, a Page has Lines in
// reading order, a Line has Words, and every Line and Word has a Box in the
// pixels of the page image the file names. The readers refuse what a scholar
// could not mean and an attacker could: entity declarations (expansion bombs,
// external entities), files over MaxFileSize, pages without a size, boxes
// outside their page. Nothing is half-read: a reader returns a whole Document
// or an error.
package ocr

import (
	"errors"
	"fmt"
)

// MaxFileSize is the largest layout file a reader accepts (bytes). Tesseract
// writes about 0.3 MB of hOCR for a dense A4 page, so 32 MB is a book.
const MaxFileSize = 32 << 20

// Errors a reader wraps, so callers can answer with a 4xx.
var (
	// ErrTooLarge reports a file over MaxFileSize.
	ErrTooLarge = errors.New("layout file too large")
	// ErrHostile reports XML that declares entities or a document type with
	// an internal subset, which no OCR format needs.
	ErrHostile = errors.New("layout file declares entities")
	// ErrFormat reports a file that is not the format it was read as, or is
	// malformed.
	ErrFormat = errors.New("malformed layout file")
	// ErrOutside reports a box outside its page or a page without a size.
	ErrOutside = errors.New("box outside its page")
)

// Box is a rectangle in page image pixels: X0,Y0 is the top left corner, X1,Y1
// the bottom right one, exclusive.
type Box struct {
	X0, Y0, X1, Y1 int
}

// Width is the box's width in pixels.
func (b Box) Width() int { return b.X1 - b.X0 }

// Height is the box's height in pixels.
func (b Box) Height() int { return b.Y1 - b.Y0 }

// Empty reports whether the box has no area.
func (b Box) Empty() bool { return b.X1 <= b.X0 || b.Y1 <= b.Y0 }

// Union is the smallest box holding b and c; an empty box is ignored.
func (b Box) Union(c Box) Box {
	if b.Empty() {
		return c
	}
	if c.Empty() {
		return b
	}
	return Box{min(b.X0, c.X0), min(b.Y0, c.Y0), max(b.X1, c.X1), max(b.Y1, c.Y1)}
}

// IoU is the area of the intersection of b and c over the area of their union.
func (b Box) IoU(c Box) float64 {
	in := Box{max(b.X0, c.X0), max(b.Y0, c.Y0), min(b.X1, c.X1), min(b.Y1, c.Y1)}
	if in.Empty() {
		return 0
	}
	i := in.Width() * in.Height()
	u := b.Width()*b.Height() + c.Width()*c.Height() - i
	return float64(i) / float64(u)
}

// String is the box as IIIF writes a region: "x,y,w,h".
func (b Box) String() string {
	return fmt.Sprintf("%d,%d,%d,%d", b.X0, b.Y0, b.Width(), b.Height())
}

// Word is one recognised word and where it stands. Conf is the recogniser's
// confidence from 0 to 1, or -1 when the file gives none. Estimated is true
// when the file gave only the line's box and the word's box was cut from it in
// proportion to its letters.
type Word struct {
	Text      string
	Box       Box
	Conf      float64
	Estimated bool
}

// Line is a line of words in reading order. Para numbers the paragraph or
// text block the line belongs to, counting from 0 on each page.
type Line struct {
	Box   Box
	Para  int
	Words []Word
}

// Page is one page image and its lines. Image is the image file name as the
// layout file gives it (may be empty for hOCR without one). Width and Height
// are the page's size in pixels of that image.
type Page struct {
	Image         string
	Width, Height int
	Lines         []Line
}

// Document is the pages of one layout file, or of several joined in order.
type Document struct {
	Pages []Page
}

// check refuses a document without pages, and each page's faults.
func (d Document) check() error {
	if len(d.Pages) == 0 {
		return fmt.Errorf("no page: %w", ErrFormat)
	}
	for _, p := range d.Pages {
		if err := p.check(); err != nil {
			return err
		}
	}
	return nil
}

// check refuses a page without a size and any box outside the page or empty.
func (p Page) check() error {
	if p.Width <= 0 || p.Height <= 0 {
		return fmt.Errorf("page %q has no size: %w", p.Image, ErrOutside)
	}
	in := func(b Box) bool {
		return b.X0 >= 0 && b.Y0 >= 0 && b.X1 <= p.Width && b.Y1 <= p.Height && !b.Empty()
	}
	for _, l := range p.Lines {
		for _, w := range l.Words {
			if !in(w.Box) {
				return fmt.Errorf("word %q at %v on a %dx%d page: %w", w.Text, w.Box, p.Width, p.Height, ErrOutside)
			}
		}
	}
	return nil
}

// Scale maps the page's boxes onto an image of w×h pixels, for layout files
// whose page size is not the image's (ALTO in mm10 or inch1200, or a layout
// made on a downscaled copy).
func (p Page) Scale(w, h int) Page {
	if w == p.Width && h == p.Height || p.Width <= 0 || p.Height <= 0 {
		return p
	}
	sb := func(b Box) Box {
		return Box{b.X0 * w / p.Width, b.Y0 * h / p.Height, ceilDiv(b.X1*w, p.Width), ceilDiv(b.Y1*h, p.Height)}
	}
	q := Page{Image: p.Image, Width: w, Height: h, Lines: make([]Line, len(p.Lines))}
	for i, l := range p.Lines {
		nl := Line{Box: sb(l.Box), Para: l.Para, Words: make([]Word, len(l.Words))}
		for j, wd := range l.Words {
			wd.Box = sb(wd.Box)
			nl.Words[j] = wd
		}
		q.Lines[i] = nl
	}
	return q
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
