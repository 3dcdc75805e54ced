package ocr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
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
// output in format, "hocr" or "alto" (or, with no format, plain text), with
// any further options given before it ("--psm", "7").
func (t Tesseract) Output(ctx context.Context, imagePath string, format ...string) ([]byte, error) {
	bin, err := exec.LookPath("tesseract")
	if err != nil {
		return nil, ErrNoTesseract
	}
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, append([]string{imagePath, "stdout", "-l", t.lang()}, format...)...)
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

// ReadLine runs tesseract on an image of one line of text (a word's crop of
// a page, say) and returns what it reads there, spaces trimmed.
func (t Tesseract) ReadLine(ctx context.Context, img image.Image) (string, error) {
	f, err := os.CreateTemp("", "sverka-line-*.png")
	if err != nil {
		return "", fmt.Errorf("read line: %w", err)
	}
	defer os.Remove(f.Name())
	err = png.Encode(f, img)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("read line: %w", err)
	}
	out, err := t.Output(ctx, f.Name(), "--psm", "7")
	if err != nil {
		return "", err
	}
	return strings.Join(strings.Fields(string(out)), " "), nil
}
