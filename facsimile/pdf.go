package facsimile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// ErrNoPoppler reports that pdftoppm is not installed.
var ErrNoPoppler = errors.New("pdftoppm is not installed (Debian: poppler-utils)")

// MaxPDFPages is the most pages of a PDF rendered.
const MaxPDFPages = 500

// RenderPDF renders the pages of the PDF at path as PNG files at dpi dots
// per inch (300 for OCR) into dir, and returns their paths in page order.
func RenderPDF(ctx context.Context, path, dir string, dpi int) ([]string, error) {
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		return nil, ErrNoPoppler
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-r", fmt.Sprint(dpi), "-l", fmt.Sprint(MaxPDFPages), "-png", path, filepath.Join(dir, "page"))
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%w: pdftoppm %s: %v: %s", ErrNotImage, filepath.Base(path), err, strings.TrimSpace(stderr.String()))
	}
	pages, err := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%w: %s has no pages", ErrNotImage, filepath.Base(path))
	}
	// pdftoppm pads the page numbers to one width, so names sort in order.
	sort.Strings(pages)
	return pages, nil
}
