package server

import (
	"context"
	"errors"
	"image"
	"sync"

	"sverka"
	"sverka/ocr"
)

// secondReadings are Tesseract's readings of words of documents' scans,
// the second OCR reading the suggestions weigh (suggest.Unit.Second), by
// page image and box: checking a document again runs no OCR. Without
// Tesseract there are none.
type secondReadings struct {
	mu      sync.Mutex
	read    map[secondKey]string
	missing bool // tesseract is not installed
}

type secondKey struct {
	hash string
	box  sverka.WordBox
}

// maxSecondReadings bounds what the server remembers (a few dozen bytes a
// word): forgotten all at once past it.
const maxSecondReadings = 100000

// secondReader returns, for the unit of lang's text that starts at code
// point offset, what reads a span of it again on the scan: the crop of its
// words' boxes (when they lie on one page) read by Tesseract. It is nil
// when the document has no word boxes. pages holds the decoded page
// images of one check, shared by its units.
func (s *Server) secondReader(ctx context.Context, d *sverka.Document, lang string, offset int, pages *scanPages) func(start, end int) (string, bool) {
	if len(d.WordBoxes) == 0 || len(d.Pages) == 0 {
		return nil
	}
	return func(start, end int) (string, bool) {
		regs := regions(d.WordBoxes, sverka.TextTarget{Lang: lang, Start: offset + start, End: offset + end})
		if len(regs) != 1 {
			return "", false
		}
		for _, box := range regs {
			return s.readSecond(ctx, d.Pages[box.Page-1], box, pages)
		}
		return "", false
	}
}

// readSecond reads the box of a page with Tesseract, or remembers having
// done so.
func (s *Server) readSecond(ctx context.Context, page sverka.PageImage, box sverka.WordBox, pages *scanPages) (string, bool) {
	k := secondKey{page.Hash, box}
	r := &s.second
	r.mu.Lock()
	text, ok := r.read[k]
	missing := r.missing
	r.mu.Unlock()
	if ok || missing {
		return text, ok
	}
	img, err := pages.image(s, page.Hash)
	if err != nil {
		s.log.Warn("second OCR reading: page image", "hash", page.Hash, "err", err)
		return "", false
	}
	// A margin of a quarter of the line's height around the words' ink.
	m := box.H / 4
	crop := image.Rect(box.X-m, box.Y-m, box.X+box.W+m, box.Y+box.H+m).Intersect(img.Bounds())
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok || crop.Empty() {
		return "", false
	}
	text, err = ocr.Tesseract{Lang: "rus"}.ReadLine(ctx, sub.SubImage(crop))
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case errors.Is(err, ocr.ErrNoTesseract):
		r.missing = true
		return "", false
	case err != nil:
		if ctx.Err() == nil {
			s.log.Warn("second OCR reading", "err", err)
		}
		return "", false
	}
	if r.read == nil || len(r.read) >= maxSecondReadings {
		r.read = map[secondKey]string{}
	}
	r.read[k] = text
	return text, true
}

// scanPages are the page images of one document check, decoded once.
type scanPages struct {
	mu     sync.Mutex
	images map[string]image.Image
}

func (p *scanPages) image(s *Server, hash string) (image.Image, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if img, ok := p.images[hash]; ok {
		return img, nil
	}
	store, err := s.db.Images()
	if err != nil {
		return nil, err
	}
	img, err := store.Decode(hash)
	if err != nil {
		return nil, err
	}
	if p.images == nil {
		p.images = map[string]image.Image{}
	}
	p.images[hash] = img
	return img, nil
}
