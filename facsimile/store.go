// Package facsimile keeps the page images of documents (scans of the
// original and of the translation) as files named by the SHA-256 of their
// bytes, so an image is written once, never overwritten, and shared by every
// page that shows it. It reads PNG, JPEG and TIFF, and renders PDF pages
// with poppler's pdftoppm.
package facsimile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for the formats a scan comes in
	_ "image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	_ "golang.org/x/image/tiff"
)

// Limits on one image: bytes of the file and pixels once decoded (a 600-dpi
// A3 colour scan is about 70 megapixels).
const (
	MaxFileSize = 64 << 20
	MaxPixels   = 120_000_000
)

// Errors Put and Open wrap.
var (
	ErrNotImage = errors.New("not a PNG, JPEG or TIFF image")
	ErrTooLarge = errors.New("image too large")
	ErrNotFound = errors.New("no such image")
)

// Image is a stored image: its content hash (hex SHA-256, its name), format
// ("png", "jpeg" or "tiff"), size in pixels and in bytes.
type Image struct {
	Hash          string
	Format        string
	Width, Height int
	Bytes         int64
}

// Store keeps images under one directory, next to the database.
type Store struct {
	dir string
}

// Open makes dir if needed and returns the store in it.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open image store: %w", err)
	}
	return &Store{dir: dir}, nil
}

// Put stores the image r holds, unless an identical one is already stored,
// and describes it. Nothing is written for a file that is not an image or is
// too large.
func (s *Store) Put(r io.Reader) (Image, error) {
	img, b, err := read(r)
	if err != nil {
		return Image{}, err
	}
	path := s.path(img.Hash)
	if _, err := os.Stat(path); err == nil {
		return img, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return Image{}, fmt.Errorf("store image: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".put-*")
	if err != nil {
		return Image{}, fmt.Errorf("store image: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return Image{}, fmt.Errorf("store image: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return Image{}, fmt.Errorf("store image: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Image{}, fmt.Errorf("store image: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return Image{}, fmt.Errorf("store image: %w", err)
	}
	return img, nil
}

// Inspect describes the image r holds as Put would, without storing it, and
// refuses what Put would refuse: so that a scan of many files can be
// checked whole before any of its images is written.
func Inspect(r io.Reader) (Image, error) {
	img, _, err := read(r)
	return img, err
}

// read reads an image whole and describes it.
func read(r io.Reader) (Image, []byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return Image{}, nil, fmt.Errorf("read image: %w", err)
	}
	if len(b) > MaxFileSize {
		return Image{}, nil, fmt.Errorf("over %d MB: %w", MaxFileSize>>20, ErrTooLarge)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return Image{}, nil, fmt.Errorf("%w: %v", ErrNotImage, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return Image{}, nil, fmt.Errorf("%dx%d pixels, over %d: %w", cfg.Width, cfg.Height, MaxPixels, ErrTooLarge)
	}
	sum := sha256.Sum256(b)
	return Image{Hash: hex.EncodeToString(sum[:]), Format: format, Width: cfg.Width, Height: cfg.Height, Bytes: int64(len(b))}, b, nil
}

// Has reports whether the image hash is stored.
func (s *Store) Has(hash string) bool {
	if !validHash(hash) {
		return false
	}
	_, err := os.Stat(s.path(hash))
	return err == nil
}

// Open opens the stored image hash for reading.
func (s *Store) Open(hash string) (*os.File, error) {
	if !validHash(hash) {
		return nil, fmt.Errorf("image %q: %w", hash, ErrNotFound)
	}
	f, err := os.Open(s.path(hash))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("image %s: %w", hash, ErrNotFound)
	}
	return f, err
}

// Path is the file of the stored image hash, for programs that read files
// (Tesseract).
func (s *Store) Path(hash string) (string, error) {
	if !s.Has(hash) {
		return "", fmt.Errorf("image %q: %w", hash, ErrNotFound)
	}
	return s.path(hash), nil
}

// Decode reads and decodes the stored image hash.
func (s *Store) Decode(hash string) (image.Image, error) {
	f, err := s.Open(hash)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decode image %s: %w", hash, err)
	}
	return img, nil
}

// CopyTo copies every image of s that dst lacks into dst (a hard link where
// both are on one file system) and says how many it copied. Images are named
// by their content, so an image dst already has is the same and is kept.
func (s *Store) CopyTo(dst *Store) (int, error) {
	copied := 0
	err := filepath.WalkDir(s.dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !validHash(e.Name()) || dst.Has(e.Name()) {
			return err
		}
		to := dst.path(e.Name())
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if os.Link(path, to) != nil {
			if err := copyFile(path, to); err != nil {
				return err
			}
		}
		copied++
		return nil
	})
	if err != nil {
		return copied, fmt.Errorf("copy images: %w", err)
	}
	return copied, nil
}

// copyFile writes a copy of from at to, which appears only once complete.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(to), ".copy-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), to)
}

// path spreads the files over 256 directories by their first two digits.
func (s *Store) path(hash string) string {
	return filepath.Join(s.dir, hash[:2], hash)
}

func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}
