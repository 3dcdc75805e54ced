package facsimile_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"sverka/facsimile"
	"sverka/internal/scantest"
)

func TestRenderPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(facsimile.ErrNoPoppler)
		}
		t.Skip(facsimile.ErrNoPoppler)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "scan.pdf")
	if err := os.WriteFile(in, scantest.TwoPagePDF(), 0o644); err != nil {
		t.Fatal(err)
	}
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
