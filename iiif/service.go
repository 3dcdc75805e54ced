package iiif

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"

	"golang.org/x/image/draw"

	"sverka/cache"
)

// Loader decodes the image that id names. It returns an error wrapping the
// caller's not-found error when there is none.
type Loader func(ctx context.Context, id string) (image.Image, error)

// Service answers image requests for the images a Loader decodes. Decoded
// images and answers are cached up to the given sizes in bytes, and at most
// Workers images are scaled at once, so memory stays bounded however many
// requests come in.
type Service struct {
	load    Loader
	images  *cache.LRU[string, image.Image]
	answers *cache.LRU[string, []byte]
	slots   chan struct{}
}

// Options size a Service's caches (bytes) and its number of workers.
type Options struct {
	ImageCache, AnswerCache, Workers int
}

// NewService makes a Service over load. Zero options mean 96 MB of decoded
// images (about ten 300-dpi A4 greyscale pages), 32 MB of answers and two
// workers.
func NewService(load Loader, opt Options) *Service {
	if opt.ImageCache == 0 {
		opt.ImageCache = 96 << 20
	}
	if opt.AnswerCache == 0 {
		opt.AnswerCache = 32 << 20
	}
	if opt.Workers == 0 {
		opt.Workers = 2
	}
	return &Service{load: load, slots: make(chan struct{}, opt.Workers),
		images:  cache.New[string](int64(opt.ImageCache), imageBytes),
		answers: cache.New[string](int64(opt.AnswerCache), func(b []byte) int64 { return int64(len(b)) })}
}

// imageBytes is about what a decoded image holds in memory.
func imageBytes(img image.Image) int64 {
	b := img.Bounds()
	switch img.(type) {
	case *image.Gray:
		return int64(b.Dx() * b.Dy())
	case *image.YCbCr:
		return int64(b.Dx() * b.Dy() * 2)
	}
	return int64(b.Dx() * b.Dy() * 4)
}

// Size is the width and height of the image id.
func (s *Service) Size(ctx context.Context, id string) (int, int, error) {
	img, err := s.image(ctx, id)
	if err != nil {
		return 0, 0, err
	}
	b := img.Bounds()
	return b.Dx(), b.Dy(), nil
}

// Image answers an image request on image id: the encoded bytes and their
// media type. Errors wrap ErrBadRequest or the Loader's.
func (s *Service) Image(ctx context.Context, id, region, size, rotation, qualityFormat string) ([]byte, string, error) {
	img, err := s.image(ctx, id)
	if err != nil {
		return nil, "", err
	}
	b := img.Bounds()
	req, err := ParseRequest(region, size, rotation, qualityFormat, b.Dx(), b.Dy())
	if err != nil {
		return nil, "", err
	}
	mediaType := map[string]string{"jpg": "image/jpeg", "png": "image/png"}[req.Format]
	key := id + "/" + req.Canonic
	if out, ok := s.answers.Get(key); ok {
		return out, mediaType, nil
	}
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	case <-ctx.Done():
		return nil, "", ctx.Err()
	}
	out, err := render(img, req)
	if err != nil {
		return nil, "", fmt.Errorf("render %s %s: %w", id, req.Canonic, err)
	}
	s.answers.Put(key, out)
	return out, mediaType, nil
}

func (s *Service) image(ctx context.Context, id string) (image.Image, error) {
	if img, ok := s.images.Get(id); ok {
		return img, nil
	}
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	img, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	s.images.Put(id, img)
	return img, nil
}

// grayOf is m in grey, as color.GrayModel converts. x/image/draw scales
// into RGBA about nine times faster than into Gray (a 300-dpi A4 page to
// 1024 px wide: 43 against 395 ms), so grey answers are scaled so and then
// converted.
func grayOf(m *image.RGBA) *image.Gray {
	g := image.NewGray(m.Rect)
	for y := range m.Rect.Dy() {
		row, out := m.Pix[y*m.Stride:], g.Pix[y*g.Stride:]
		for x := range m.Rect.Dx() {
			r, gr, b := uint32(row[4*x]), uint32(row[4*x+1]), uint32(row[4*x+2])
			out[x] = uint8((19595*r + 38470*gr + 7471*b + 1<<15) >> 16)
		}
	}
	return g
}

// jpegQuality is the quality of the JPEG answers (libjpeg's scale, 1–100).
const jpegQuality = 85

// render crops, scales and encodes one answer.
func render(img image.Image, req Request) ([]byte, error) {
	rg := req.Region.Add(img.Bounds().Min)
	var out image.Image
	_, isGray := img.(*image.Gray)
	sub, canCrop := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if canCrop && req.W == rg.Dx() && req.H == rg.Dy() && (isGray || !req.Gray) {
		out = sub.SubImage(rg) // the crop as it is: no copy
	} else {
		dst := image.NewRGBA(image.Rect(0, 0, req.W, req.H))
		draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, rg, draw.Src, nil)
		out = dst
		if req.Gray || isGray {
			out = grayOf(dst)
		}
	}
	var buf bytes.Buffer
	var err error
	if req.Format == "png" {
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, out)
	} else {
		return encodeJPEG(out)
	}
	return buf.Bytes(), err
}
