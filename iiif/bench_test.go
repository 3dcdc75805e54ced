package iiif_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"sort"
	"testing"
	"time"

	"sverka/iiif"
	"sverka/internal/scantest"
)

// scanPNG is a rendered, noisy 300-dpi A4 page encoded as PNG, as stored.
func scanPNG(b *testing.B) []byte {
	text, err := os.ReadFile("../internal/scantest/testdata/letter.txt")
	if err != nil {
		b.Fatal(err)
	}
	img, _, _, err := scantest.Render(string(text), scantest.Options{Noise: 0.02, Seed: 3})
	if err != nil {
		b.Skip(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// benchRegions asks for 1000×1000 crops at full size over the page and
// reports the 95th percentile latency. The image cache is always on; with
// answers false no answer is cached, so every request crops and encodes
// (warm image, cold answer); decodeEach decodes the PNG for every request
// (the baseline without caches).
func benchRegions(b *testing.B, answers, decodeEach bool) {
	data := scanPNG(b)
	load := func(context.Context, string) (image.Image, error) { return png.Decode(bytes.NewReader(data)) }
	opt := iiif.Options{}
	if !answers {
		opt.AnswerCache = 1
	}
	if decodeEach {
		opt.ImageCache = 1
	}
	s := iiif.NewService(load, opt)
	ctx := context.Background()
	if _, _, err := s.Image(ctx, "p", "full", "100,", "0", "default.jpg"); err != nil {
		b.Fatal(err)
	}
	regions := make([]string, 0, 12)
	for y := 0; y+1000 <= 3500; y += 800 {
		for x := 0; x+1000 <= 2480; x += 700 {
			regions = append(regions, fmt.Sprintf("%d,%d,1000,1000", x, y))
		}
	}
	if answers {
		for _, r := range regions {
			s.Image(ctx, "p", r, "max", "0", "default.jpg")
		}
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, _, err := s.Image(ctx, "p", regions[i%len(regions)], "max", "0", "default.jpg"); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}

func BenchmarkRegion1000DecodeEach(b *testing.B) { benchRegions(b, false, true) }
func BenchmarkRegion1000WarmImage(b *testing.B)  { benchRegions(b, false, false) }
func BenchmarkRegion1000WarmAnswer(b *testing.B) { benchRegions(b, true, false) }
