package facsimile_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sverka/facsimile"
)

// twoPagePDF writes a PDF of two A4 pages, the first with a black box at
// the top left, the second blank, with a correct cross-reference table.
func twoPagePDF(t *testing.T, path string) {
	t.Helper()
	content := "0 0 0 rg 72 700 144 72 re f"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRenderPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(facsimile.ErrNoPoppler)
		}
		t.Skip(facsimile.ErrNoPoppler)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "scan.pdf")
	twoPagePDF(t, in)
	pages, err := facsimile.RenderPDF(context.Background(), in, dir, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("got %d pages, want 2", len(pages))
	}
	s, err := facsimile.Open(filepath.Join(dir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(pages[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := s.Put(f)
	if err != nil {
		t.Fatal(err)
	}
	// A4 (595×842 pt) at 100 dpi is 827×1170 pixels, rounded up.
	if img.Width != 827 || img.Height != 1170 {
		t.Errorf("page 1 is %dx%d, want 827x1170", img.Width, img.Height)
	}
	dec, err := s.Decode(img.Hash)
	if err != nil {
		t.Fatal(err)
	}
	// The box runs from 1 to 3 inches across and about 1 to 2 inches down.
	if r, _, _, _ := dec.At(200, 150).RGBA(); r > 0x1000 {
		t.Errorf("inside the box: got red %#x, want black", r)
	}
	if r, _, _, _ := dec.At(400, 600).RGBA(); r < 0xf000 {
		t.Errorf("outside the box: got red %#x, want white", r)
	}

	bad := filepath.Join(dir, "bad.pdf")
	os.WriteFile(bad, []byte("%PDF-1.4 nothing"), 0o644)
	if _, err := facsimile.RenderPDF(context.Background(), bad, t.TempDir(), 100); !errors.Is(err, facsimile.ErrNotImage) {
		t.Errorf("broken PDF: got %v, want ErrNotImage", err)
	}
}
