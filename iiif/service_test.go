package iiif_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"sync/atomic"
	"testing"

	"sverka/iiif"
)

// page is a white 2480×3508 page with a black 200×100 block at 1000,1500.
func page() *image.Gray {
	img := image.NewGray(image.Rect(0, 0, 2480, 3508))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 1500; y < 1600; y++ {
		for x := 1000; x < 1200; x++ {
			img.SetGray(x, y, color.Gray{})
		}
	}
	return img
}

func newService(loads *atomic.Int32) *iiif.Service {
	img := page()
	return iiif.NewService(func(_ context.Context, id string) (image.Image, error) {
		if id != "p1" {
			return nil, fs.ErrNotExist
		}
		loads.Add(1)
		return img, nil
	}, iiif.Options{})
}

func mean(img image.Image) float64 {
	b := img.Bounds()
	sum := 0.0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			sum += float64(color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
		}
	}
	return sum / float64(b.Dx()*b.Dy())
}

func TestServiceImage(t *testing.T) {
	var loads atomic.Int32
	s := newService(&loads)
	ctx := context.Background()
	tests := []struct {
		region, size, qf string
		w, h             int
		dark             bool // the crop is (nearly) all the black block
	}{
		{"1000,1500,200,100", "max", "default.jpg", 200, 100, true},
		{"1000,1500,200,100", "100,", "gray.png", 100, 50, true},
		{"0,0,1000,1000", "max", "default.jpg", 1000, 1000, false},
		{"full", "!400,400", "default.png", 283, 400, false},
	}
	for _, tc := range tests {
		t.Run(tc.region+"/"+tc.size+"/"+tc.qf, func(t *testing.T) {
			b, mediaType, err := s.Image(ctx, "p1", tc.region, tc.size, "0", tc.qf)
			if err != nil {
				t.Fatal(err)
			}
			var img image.Image
			if mediaType == "image/png" {
				img, err = png.Decode(bytes.NewReader(b))
			} else {
				img, err = jpeg.Decode(bytes.NewReader(b))
			}
			if err != nil {
				t.Fatalf("decode %s: %v", mediaType, err)
			}
			if got := img.Bounds().Size(); got != image.Pt(tc.w, tc.h) {
				t.Errorf("got %v, want %dx%d", got, tc.w, tc.h)
			}
			if m := mean(img); tc.dark != (m < 30) {
				t.Errorf("got mean grey %.0f, want dark %v", m, tc.dark)
			}
		})
	}
	if n := loads.Load(); n != 1 {
		t.Errorf("image loaded %d times, want once (cached)", n)
	}
	if _, _, err := s.Image(ctx, "p1", "full", "max", "45", "default.jpg"); !errors.Is(err, iiif.ErrBadRequest) {
		t.Errorf("rotation 45: got %v, want ErrBadRequest", err)
	}
	if _, _, err := s.Image(ctx, "p2", "full", "max", "0", "default.jpg"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("unknown image: got %v, want the loader's error", err)
	}
}

func TestInfo(t *testing.T) {
	b, err := iiif.Info("https://sverka.test/iiif/7-1", 2480, 3508)
	if err != nil {
		t.Fatal(err)
	}
	var info struct {
		ID      string `json:"id"`
		Type    string `json:"type"`
		Profile string `json:"profile"`
		Width   int    `json:"width"`
		Height  int    `json:"height"`
		Sizes   []struct{ Width, Height int }
	}
	if err := json.Unmarshal(b, &info); err != nil {
		t.Fatal(err)
	}
	if info.ID != "https://sverka.test/iiif/7-1" || info.Type != "ImageService3" || info.Profile != "level1" || info.Width != 2480 || info.Height != 3508 {
		t.Errorf("got %+v", info)
	}
	last := info.Sizes[len(info.Sizes)-1]
	if last.Width != 2480 || info.Sizes[0].Width >= last.Width {
		t.Errorf("got sizes %v, want ascending to the full size", info.Sizes)
	}
	// Every size the info.json offers is one the service answers.
	var loads atomic.Int32
	s := newService(&loads)
	for _, sz := range info.Sizes {
		if _, _, err := s.Image(context.Background(), "p1", "full", jsonSize(sz.Width, sz.Height), "0", "default.jpg"); err != nil {
			t.Errorf("size %dx%d: %v", sz.Width, sz.Height, err)
		}
	}
}

func jsonSize(w, h int) string {
	b, _ := json.Marshal([]int{w, h})
	return string(b[1 : len(b)-1])
}
