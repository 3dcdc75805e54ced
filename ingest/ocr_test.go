package ingest

import (
	"errors"
	"os"
	"strings"
	"testing"

	"sverka"
	"sverka/ocr"
)

func layoutOf(t *testing.T, read func(f *os.File) (ocr.Document, error), name string) ocr.Document {
	t.Helper()
	f, err := os.Open("../ocr/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := read(f)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func page(n, w, h int) sverka.PageImage {
	return sverka.PageImage{Number: n, Hash: strings.Repeat("ab", 32), Format: "png", Width: w, Height: h}
}

func TestOCR(t *testing.T) {
	layout := layoutOf(t, func(f *os.File) (ocr.Document, error) { return ocr.ReadHOCR(f) }, "tesseract.hocr")
	d, err := OCR(OCRPair{ID: "scan-1", Title: "Письмо", Layout: layout, Images: []sverka.PageImage{page(1, 2481, 3507)},
		English: "Moscow, 14 March 1951.\n\nDear comrade editor!\n\nI am sending you the manuscript."})
	if err != nil {
		t.Fatal(err)
	}
	checkDocument(t, d)
	ru := []rune(d.Text("ru").Text)
	if !strings.HasPrefix(string(ru), "Москва, 14 марта 1951 года.") {
		t.Errorf("Russian base text %q", string(ru))
	}
	if d.SourceFormat != "ocr" || len(d.Pages) != 1 {
		t.Errorf("format %q, %d pages; want ocr, 1", d.SourceFormat, len(d.Pages))
	}
	// Every word box covers a word Tesseract read there, with that word's box.
	read := map[ocr.Box]string{}
	for _, l := range layout.Pages[0].Lines {
		for _, w := range l.Words {
			read[w.Box] = w.Text
		}
	}
	found := false
	for _, b := range d.WordBoxes {
		word := string(ru[b.Start:b.End])
		box := ocr.Box{X0: b.X, Y0: b.Y, X1: b.X + b.W, Y1: b.Y + b.H}
		if !strings.Contains(read[box], word) {
			t.Errorf("box %v holds %q in the base text, Tesseract read %q there", box, word, read[box])
		}
		if word == "марта" && box == (ocr.Box{X0: 612, Y0: 361, X1: 767, Y1: 398}) {
			found = true
		}
	}
	if !found || len(d.WordBoxes) < 30 {
		t.Errorf("got %d word boxes, want 30 or more with марта at 612,361", len(d.WordBoxes))
	}
}

func TestOCRScalesAndRefuses(t *testing.T) {
	layout := layoutOf(t, func(f *os.File) (ocr.Document, error) { return ocr.ReadALTO(f) }, "alto-v2-mm10.xml")
	d, err := OCR(OCRPair{ID: "mm", Layout: layout, Images: []sverka.PageImage{page(1, 2480, 3508)}, English: "Top secret. Divided."})
	if err != nil {
		t.Fatal(err)
	}
	if b := d.WordBoxes[0]; b.X != 236 || b.Y != 236 {
		t.Errorf("first word at %d,%d, want 236,236 (mm10 scaled to 300 dpi)", b.X, b.Y)
	}
	_, err = OCR(OCRPair{ID: "two", Layout: layout, Images: []sverka.PageImage{page(1, 10, 10), page(2, 10, 10)}, English: "x."})
	if !errors.Is(err, ErrPages) {
		t.Errorf("two scans for one page: got %v, want ErrPages", err)
	}
	blank := ocr.Document{Pages: []ocr.Page{{Width: 10, Height: 10}}}
	_, err = OCR(OCRPair{ID: "blank", Layout: blank, Images: []sverka.PageImage{page(1, 10, 10)}, English: "x."})
	if !errors.Is(err, ErrNoText) {
		t.Errorf("blank scan: got %v, want ErrNoText", err)
	}
}
