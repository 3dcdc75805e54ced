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

// Output runs tesseract on one image and returns what it writes to standard
// output in format, "hocr" or "alto".
func (t Tesseract) Output(ctx context.Context, imagePath, format string) ([]byte, error) {
	bin, err := exec.LookPath("tesseract")
	if err != nil {
		return nil, ErrNoTesseract
	}
	lang := t.Lang
	if lang == "" {
		lang = "rus"
	}
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, imagePath, "stdout", "-l", lang, format)
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
