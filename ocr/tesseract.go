package ocr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// ErrNoTesseract reports that the tesseract program is not installed.
var ErrNoTesseract = errors.New("tesseract is not installed (Debian: tesseract-ocr, tesseract-ocr-rus, tesseract-ocr-eng)")

// Tesseract runs the tesseract program (Tesseract 4 or 5) on page images.
// Lang is Tesseract's language list, "rus" or "rus+eng"; empty means "rus".
type Tesseract struct {
	Lang string
}

// Available reports whether tesseract is installed with the language packs
// t needs: ErrNoTesseract if it is not, an error naming the Debian package
// of a missing pack.
func (t Tesseract) Available(ctx context.Context) error {
	bin, err := exec.LookPath("tesseract")
	if err != nil {
		return ErrNoTesseract
	}
	out, err := exec.CommandContext(ctx, bin, "--list-langs").Output()
	if err != nil {
		return fmt.Errorf("tesseract --list-langs: %w", err)
	}
	have := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		have[l] = true
	}
	for _, l := range strings.Split(t.lang(), "+") {
		if !have[l] {
			return fmt.Errorf("tesseract has no %q language pack (Debian: tesseract-ocr-%s)", l, l)
		}
	}
	return nil
}

func (t Tesseract) lang() string {
	if t.Lang == "" {
		return "rus"
	}
	return t.Lang
}

// Output runs tesseract on one image and returns what it writes to standard
// output in format, "hocr" or "alto".
func (t Tesseract) Output(ctx context.Context, imagePath, format string) ([]byte, error) {
	bin, err := exec.LookPath("tesseract")
	if err != nil {
		return nil, ErrNoTesseract
	}
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, imagePath, "stdout", "-l", t.lang(), format)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("tesseract %s: %w: %s", filepath.Base(imagePath), err, strings.TrimSpace(stderr.String()))
	}
	return out.Bytes(), nil
}

// Recognize runs tesseract on one page image and reads its hOCR. The page's
// Image is the image's file name.
func (t Tesseract) Recognize(ctx context.Context, imagePath string) (Page, error) {
	out, err := t.Output(ctx, imagePath, "hocr")
	if err != nil {
		return Page{}, err
	}
	doc, err := ReadHOCR(bytes.NewReader(out))
	if err != nil {
		return Page{}, fmt.Errorf("tesseract %s: %w", filepath.Base(imagePath), err)
	}
	if len(doc.Pages) != 1 {
		return Page{}, fmt.Errorf("tesseract %s: %d pages in its hOCR: %w", filepath.Base(imagePath), len(doc.Pages), ErrFormat)
	}
	p := doc.Pages[0]
	p.Image = filepath.Base(imagePath)
	return p, nil
}
