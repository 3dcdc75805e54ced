package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sverka/ingest"
	"sverka/internal/scantest"
	"sverka/ocr"
	"sverka/store"
)

// writeScan renders the scantest letter (the first lines) to dir/name.
func writeScan(t *testing.T, dir, name string, lines int, seed uint64) string {
	t.Helper()
	text, err := os.ReadFile("../../internal/scantest/testdata/letter.txt")
	if err != nil {
		t.Fatal(err)
	}
	img, _, _, err := scantest.Render(string(text), scantest.Options{Noise: 0.01, Seed: seed, MaxLines: lines})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// scannedDocument opens db and reads document id's pages and word boxes.
func scannedDocument(t *testing.T, db, id string) (pages, words int, text string) {
	t.Helper()
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.FindDocumentByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Pages {
		if _, err := os.Stat(filepath.Join(db+".images", p.Hash[:2], p.Hash)); err != nil {
			t.Errorf("page %d: its image is not in the store: %v", p.Number, err)
		}
	}
	return len(d.Pages), len(d.WordBoxes), d.Texts[0].Text
}

// TestOCRCommand imports a scan read by the real Tesseract, then the hOCR
// Tesseract wrote earlier with its page image, and refuses a layout file
// whose image is missing, storing nothing.
func TestOCRCommand(t *testing.T) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tesseract is not installed; .ci/run must install tesseract-ocr and tesseract-ocr-rus")
		}
		t.Skip("tesseract is not installed")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "sverka.db")
	noenv := func(string) string { return "" }
	ctx := context.Background()
	en := filepath.Join(dir, "en.txt")
	os.WriteFile(en, []byte("Moscow, 14 March 1951.\n\nDear comrade editor!\n\nI am sending you the manuscript of an article on the work of the regional library over the past year."), 0o644)

	scan := writeScan(t, dir, "letter-1951.png", 4, 2)
	var out bytes.Buffer
	if err := run(ctx, []string{"ocr", "--db", db, "--title", "Письмо", "--translation", en, scan}, noenv, nil, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != "letter-1951" {
		t.Errorf("printed %q, want the document id letter-1951", got)
	}
	pages, words, text := scannedDocument(t, db, "letter-1951")
	if pages != 1 || words < 15 || !strings.Contains(text, "Уважаемый товарищ редактор!") {
		t.Errorf("got %d pages, %d word boxes, text %q", pages, words, text)
	}

	// An hOCR file and the image it names.
	layoutDir := t.TempDir()
	hocr := copyFile(t, "../../ocr/testdata/tesseract.hocr", layoutDir, "tesseract.hocr")
	out.Reset()
	err := run(ctx, []string{"ocr", "--db", db, "--id", "from-hocr", "--translation", en, hocr}, noenv, nil, &out, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "page.png is missing") {
		t.Fatalf("hOCR without its image: got %v, want an error naming page.png", err)
	}
	writeScan(t, layoutDir, "page.png", 5, 1)
	if err := run(ctx, []string{"ocr", "--db", db, "--id", "from-hocr", "--translation", en, hocr}, noenv, nil, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if pages, words, _ := scannedDocument(t, db, "from-hocr"); pages != 1 || words < 30 {
		t.Errorf("from hOCR: got %d pages, %d word boxes", pages, words)
	}
	if ids := documentIDs(t, db); strings.Join(ids, " ") != "117313 from-hocr letter-1951" {
		t.Errorf("got documents %v", ids)
	}

	// The Sverka JSON archive carries the scans by hash: another database
	// takes it once the images are beside it, with the same pages and boxes.
	export := filepath.Join(dir, "letter.json")
	if err := run(ctx, []string{"export", "--db", db, "--output", export, "letter-1951"}, noenv, nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	out.Reset()
	if err := run(ctx, []string{"import", "--db", other, export}, noenv, nil, &out, &bytes.Buffer{}); err == nil || !strings.Contains(out.String(), "is not in the image store") {
		t.Fatalf("archive without its images: got %v, %q; want a refusal naming the image store", err, out.String())
	}
	if err := os.CopyFS(other+".images", os.DirFS(db+".images")); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"import", "--db", other, export}, noenv, nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	p1, w1, t1 := scannedDocument(t, db, "letter-1951")
	p2, w2, t2 := scannedDocument(t, other, "letter-1951")
	if p1 != p2 || w1 != w2 || t1 != t2 {
		t.Errorf("after the round trip: %d pages, %d boxes; want %d, %d and the same text", p2, w2, p1, w1)
	}
}

// BenchmarkOCRPage reads a full 300-dpi A4 page with Tesseract and imports
// it, timing the two apart in each iteration: tesseract-s is Tesseract's
// seconds per page, overhead-% what the import adds (storing the scan,
// reading the hOCR, deriving, segmenting, aligning, writing SQLite) as a
// share of Tesseract's time.
func BenchmarkOCRPage(b *testing.B) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		b.Skip("tesseract is not installed")
	}
	dir := b.TempDir()
	text, err := os.ReadFile("../../internal/scantest/testdata/letter.txt")
	if err != nil {
		b.Fatal(err)
	}
	// A full page of running text: the letter over and over, as much as fits.
	page := strings.Repeat(strings.ReplaceAll(string(text), "\n", " ")+" ", 5)
	img, _, _, err := scantest.Render(page, scantest.Options{Noise: 0.02, Seed: 5})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	scan := filepath.Join(dir, "page.png")
	os.WriteFile(scan, buf.Bytes(), 0o644)
	english := strings.Repeat("Moscow, 14 March 1951. Dear comrade editor! I am sending you the manuscript of an article.\n\n", 12)
	ctx := context.Background()
	var tess, rest time.Duration
	words := 0
	for i := 0; i < b.N; i++ {
		db, err := store.Open(ctx, filepath.Join(b.TempDir(), "sverka.db"))
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		pages, err := readScan(ctx, scan, dir, ocr.Tesseract{Lang: "rus"})
		if err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		if err := storeScan(ctx, db, ingest.OCRPair{ID: fmt.Sprintf("page-%d", i), English: english}, pages); err != nil {
			b.Fatal(err)
		}
		tess, rest = tess+mid.Sub(start), rest+time.Since(mid)
		for _, l := range pages[0].layout.Lines {
			words += len(l.Words)
		}
		db.Close()
	}
	b.ReportMetric(tess.Seconds()/float64(b.N), "tesseract-s")
	b.ReportMetric(100*rest.Seconds()/tess.Seconds(), "overhead-%")
	b.ReportMetric(float64(words)/float64(b.N), "words")
}
