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
			b, _, err := s.Image(context.Background(), "p", "13,7,301,203", "max", "0", "default.jpg")
			if err != nil {
				t.Fatal(err)
			}
			got, err := jpeg.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got.Bounds().Size() != image.Pt(301, 203) {
				t.Fatalf("got %v, want 301×203", got.Bounds().Size())
			}
			diff := 0.0
			for y := range 203 {
				for x := range 301 {
					g0, _, _, _ := got.At(x, y).RGBA()
					s0, _, _, _ := src.At(13+x, 7+y).RGBA()
					diff += abs(float64(g0>>8) - float64(s0>>8))
				}
			}
			if mean := diff / (301 * 203); mean > 4 {
				t.Errorf("got a mean difference of %.1f grey levels from the region, want ≤ 4", mean)
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
