package facsimile_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/tiff"

	"sverka/facsimile"
)

func sample() image.Image {
	img := image.NewGray(image.Rect(0, 0, 300, 200))
	for i := range img.Pix {
		img.Pix[i] = uint8(i % 251)
	}
	img.SetGray(10, 10, color.Gray{Y: 7})
	return img
}

func encoded(t *testing.T, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, sample())
	case "jpeg":
		err = jpeg.Encode(&buf, sample(), nil)
	case "tiff":
		err = tiff.Encode(&buf, sample(), nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// countFiles counts the files under dir, temporary ones included.
func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n++
		}
		return nil
	})
	return n
}

func TestPut(t *testing.T) {
	dir := t.TempDir()
	s, err := facsimile.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, format := range []string{"png", "jpeg", "tiff"} {
		t.Run(format, func(t *testing.T) {
			b := encoded(t, format)
			img, err := s.Put(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if img.Format != format || img.Width != 300 || img.Height != 200 || img.Bytes != int64(len(b)) || len(img.Hash) != 64 {
				t.Errorf("got %+v", img)
			}
			again, err := s.Put(bytes.NewReader(b))
			if err != nil || again != img {
				t.Errorf("second put: got %+v, %v; want %+v", again, err, img)
			}
			if n := countFiles(t, dir); n != i+1 {
				t.Errorf("got %d files, want %d (one per distinct image)", n, i+1)
			}
			dec, err := s.Decode(img.Hash)
			if err != nil {
				t.Fatal(err)
			}
			if dec.Bounds().Dx() != 300 {
				t.Errorf("decoded width %d, want 300", dec.Bounds().Dx())
			}
		})
	}
}

// bombPNG is a valid PNG header claiming 20000×20000 pixels.
func bombPNG() []byte {
	var ihdr bytes.Buffer
	ihdr.WriteString("IHDR")
	binary.Write(&ihdr, binary.BigEndian, uint32(20000))
	binary.Write(&ihdr, binary.BigEndian, uint32(20000))
	ihdr.Write([]byte{8, 0, 0, 0, 0})
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(ihdr.Bytes())
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(ihdr.Bytes()))
	return b.Bytes()
}

func TestPutRefuses(t *testing.T) {
	dir := t.TempDir()
	s, err := facsimile.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"text", []byte("не картинка"), facsimile.ErrNotImage},
		{"truncated png", encoded(t, "png")[:20], facsimile.ErrNotImage},
		{"decompression bomb", bombPNG(), facsimile.ErrTooLarge},
		{"huge file", make([]byte, facsimile.MaxFileSize+1), facsimile.ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Put(bytes.NewReader(tc.in)); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	if n := countFiles(t, dir); n != 0 {
		t.Errorf("got %d files after refusals, want none", n)
	}
	for _, h := range []string{"../../etc/passwd", "00", "zz" + string(make([]byte, 62))} {
		if _, err := s.Open(h); !errors.Is(err, facsimile.ErrNotFound) {
			t.Errorf("open %q: got %v, want ErrNotFound", h, err)
		}
	}
}
