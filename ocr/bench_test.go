package ocr_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"sverka/facsimile"
	"sverka/ocr"
)

// BenchmarkTesseractPage runs Tesseract (rus, hOCR) on a full 300-dpi A4 page
// of typewriter-like text: the baseline the import overhead is measured
// against.
func BenchmarkTesseractPage(b *testing.B) {
	needTesseract(b)
	path, _ := renderScan(b, b.TempDir(), 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := (ocr.Tesseract{Lang: "rus"}).Output(context.Background(), path, "hocr"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportOverhead is what importing a page costs beyond Tesseract:
// storing the scan by its hash, reading Tesseract's hOCR and laying out the
// text with its word spans.
func BenchmarkImportOverhead(b *testing.B) {
	needTesseract(b)
	dir := b.TempDir()
	path, _ := renderScan(b, dir, 0)
	hocr, err := (ocr.Tesseract{Lang: "rus"}).Output(context.Background(), path, "hocr")
	if err != nil {
		b.Fatal(err)
	}
	scan, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		store, err := facsimile.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := store.Put(bytes.NewReader(scan)); err != nil {
			b.Fatal(err)
		}
		doc, err := ocr.ReadHOCR(bytes.NewReader(hocr))
		if err != nil {
			b.Fatal(err)
		}
		if text, spans := doc.Text(); text == "" || len(spans) == 0 {
			b.Fatal("no text")
		}
	}
}
