package iiif_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"testing"

	"sverka/iiif"
)

// JPEG answers show the region asked for, pixel for pixel within JPEG's
// loss, from greyscale scans (cropped without a copy, at any offset) and
// from colour ones (RGBA, YCbCr as decoded from a JPEG, NRGBA from a PNG).
func TestJPEGAnswerShowsTheRegion(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gray := image.NewGray(image.Rect(0, 0, 600, 400))
	for y := range 400 {
		for x := range 600 {
			gray.SetGray(x, y, color.Gray{uint8(x/3 + y/4)}) // smooth, so JPEG keeps it closely
		}
	}
	rgba := image.NewRGBA(gray.Bounds())
	nrgba := image.NewNRGBA(gray.Bounds())
	for y := range 400 {
		for x := range 600 {
			c := color.RGBA{uint8(x / 3), uint8(y / 2), uint8(128 + r.IntN(4)), 255}
			rgba.SetRGBA(x, y, c)
			nrgba.SetNRGBA(x, y, color.NRGBA(c))
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, rgba, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	ycbcr, err := jpeg.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]image.Image{"gray": gray, "rgba": rgba, "ycbcr": ycbcr, "nrgba": nrgba} {
		t.Run(name, func(t *testing.T) {
			s := iiif.NewService(func(context.Context, string) (image.Image, error) { return src, nil }, iiif.Options{})
			// As it is, and at half its size in grey (scaled, then converted).
			for _, tc := range []struct{ size, quality string }{{"max", "default.jpg"}, {"151,", "gray.jpg"}} {
				b, _, err := s.Image(context.Background(), "p", "13,7,302,204", tc.size, "0", tc.quality)
				if err != nil {
					t.Fatal(err)
				}
				got, err := jpeg.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				w, h := got.Bounds().Dx(), got.Bounds().Dy()
				if f := 302 / w; w*f != 302 || h*f != 204 {
					t.Fatalf("%s: got %d×%d, want 302×204 or 151×102", tc.size, w, h)
				}
				f, diff := 302/w, 0.0
				for y := range h {
					for x := range w {
						g := color.GrayModel.Convert(got.At(x, y)).(color.Gray).Y
						s := color.GrayModel.Convert(src.At(13+f*x, 7+f*y)).(color.Gray).Y
						diff += abs(float64(g) - float64(s))
					}
				}
				if mean := diff / float64(w*h); mean > 4 {
					t.Errorf("%s %s: got a mean difference of %.1f grey levels from the region, want ≤ 4", tc.size, tc.quality, mean)
				}
			}
		})
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
