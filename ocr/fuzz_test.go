package ocr_test

import (
	"bytes"
	"os"
	"testing"

	"sverka/ocr"
)

// fuzzReader checks that a reader never panics and that whatever it accepts
// keeps every word inside its page and lays out to text that holds each word.
func fuzzReader(f *testing.F, read reader, seeds ...string) {
	for _, s := range seeds {
		b, err := os.ReadFile("testdata/" + s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		doc, err := read(bytes.NewReader(in))
		if err != nil {
			return
		}
		text, spans := doc.Text()
		runes := []rune(text)
		for _, s := range spans {
			p := doc.Pages[s.Page]
			if s.Box.X0 < 0 || s.Box.Y0 < 0 || s.Box.X1 > p.Width || s.Box.Y1 > p.Height || s.Box.Empty() {
				t.Fatalf("box %v outside its %dx%d page", s.Box, p.Width, p.Height)
			}
			if s.Start >= s.End || s.End > len(runes) {
				t.Fatalf("span %d..%d in a text of %d code points", s.Start, s.End, len(runes))
			}
		}
	})
}

func FuzzReadHOCR(f *testing.F) { fuzzReader(f, ocr.ReadHOCR, "tesseract.hocr", "hand.hocr") }

func FuzzReadALTO(f *testing.F) {
	fuzzReader(f, ocr.ReadALTO, "tesseract.alto.xml", "alto-v2-mm10.xml", "alto-v4.xml")
}

func FuzzReadPAGE(f *testing.F) { fuzzReader(f, ocr.ReadPAGE, "page2013.xml", "page2019.xml") }
