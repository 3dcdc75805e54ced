package ocr_test

import (
	"context"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"sverka/internal/scantest"
	"sverka/ocr"
)

// needTesseract skips the test when tesseract is missing, or fails it in CI.
func needTesseract(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("tesseract"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(ocr.ErrNoTesseract)
		}
		t.Skip(ocr.ErrNoTesseract)
	}
}

// renderScan sets the test letter on a noisy 300-dpi A4 page and writes it as
// a PNG in dir.
func renderScan(t testing.TB, dir string, maxLines int) (string, []scantest.Word) {
	t.Helper()
	text, err := os.ReadFile("../internal/scantest/testdata/letter.txt")
	if err != nil {
		t.Fatal(err)
	}
	return writeScan(t, dir, string(text), scantest.Options{Noise: 0.02, Seed: 7, MaxLines: maxLines})
}

// writeScan sets text on a page and writes it as scan.png in dir.
func writeScan(t testing.TB, dir, text string, opt scantest.Options) (string, []scantest.Word) {
	t.Helper()
	img, words, _, err := scantest.Render(text, opt)
	if errors.Is(err, scantest.ErrNoFont) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "scan.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path, words
}

// The boxes Tesseract gives the words of a rendered scan cover the ink the
// renderer put down: every long word that the renderer placed once and
// Tesseract read once has IoU ≥ 0.5, and most long words are read.
func TestTesseractWordBoxes(t *testing.T) {
	needTesseract(t)
	path, truth := renderScan(t, t.TempDir(), 12)
	page, err := ocr.Tesseract{Lang: "rus"}.Recognize(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if page.Image != "scan.png" || page.Width != 2481 || page.Height != 3507 {
		t.Errorf("page %q %dx%d, want scan.png 2481x3507", page.Image, page.Width, page.Height)
	}
	read := map[string][]ocr.Box{}
	for _, l := range page.Lines {
		for _, w := range l.Words {
			read[w.Text] = append(read[w.Text], w.Box)
		}
	}
	placed := map[string]int{}
	for _, w := range truth {
		placed[w.Text]++
	}
	chosen, found := 0, 0
	for _, w := range truth {
		if utf8.RuneCountInString(w.Text) < 6 || placed[w.Text] != 1 {
			continue
		}
		chosen++
		boxes := read[w.Text]
		if len(boxes) != 1 {
			continue
		}
		found++
		if iou := boxes[0].IoU(w.Box); iou < 0.5 {
			t.Errorf("%q: Tesseract box %v, drawn at %v: IoU %.2f, want ≥ 0.5", w.Text, boxes[0], w.Box, iou)
		}
	}
	if chosen < 20 || found < chosen*8/10 {
		t.Errorf("Tesseract read %d of %d chosen words, want at least 20 chosen and 80%% read", found, chosen)
	}
	t.Logf("%d of %d chosen words read, each with IoU ≥ 0.5", found, chosen)
}

// A word set hyphenated across two lines of a scan and read by Tesseract
// gets a box on each line, over the ink of each part (IoU ≥ 0.5).
func TestTesseractHyphenatedWord(t *testing.T) {
	needTesseract(t)
	path, drawn := writeScan(t, t.TempDir(), "Редакция просит прислать в адрес библио-\nтеки института последние номера журнала.", scantest.Options{DPI: 200, Seed: 2})
	page, err := ocr.Tesseract{Lang: "rus"}.Recognize(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	text := "Редакция просит прислать в адрес библиотеки института последние номера журнала."
	start := utf8.RuneCountInString("Редакция просит прислать в адрес ")
	parts := map[string]ocr.Box{}
	for _, w := range drawn {
		parts[w.Text] = w.Box
	}
	want := map[[2]int]ocr.Box{{start, start + 6}: parts["библио-"], {start + 6, start + 10}: parts["теки"]}
	for _, s := range ocr.Match(text, ocr.Document{Pages: []ocr.Page{page}}).Spans {
		if box, ok := want[[2]int{s.Start, s.End}]; ok {
			if iou := s.Box.IoU(box); iou < 0.5 {
				t.Errorf("[%d,%d): box %v, drawn at %v: IoU %.2f, want ≥ 0.5", s.Start, s.End, s.Box, box, iou)
			}
			delete(want, [2]int{s.Start, s.End})
		}
	}
	if len(want) > 0 {
		t.Errorf("parts of библиотеки without a box: %v", want)
	}
}
