// Package iiif answers the IIIF Image API 3.0 at compliance level 1 (regions
// by pixels, percent and square; sizes by width, height, both, best fit,
// percent and max, with upscaling on request; jpg and png; default, color
// and gray) from page images, with caches for decoded images and answers,
// and builds IIIF Presentation 3.0 manifests. It knows no HTTP routes and no
// storage: the caller names an image and says how to load it.
package iiif

import (
	"errors"
	"fmt"
	"image"
	"math"
	"strconv"
	"strings"
)

// ErrBadRequest reports a request that breaks the Image API's syntax or asks
// for what the image does not have (a region outside it, an unsupported
// rotation); the answer is 400.
var ErrBadRequest = errors.New("bad IIIF image request")

// MaxArea is the largest answer in pixels, also announced in info.json.
const MaxArea = 16_000_000

// Request is a parsed image request for an image of a known size.
type Request struct {
	Region  image.Rectangle // inside the image
	W, H    int             // size of the answer
	Gray    bool
	Format  string // "jpg" or "png"
	Canonic string // the request's parameters as one cache key
}

func badRequest(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrBadRequest, fmt.Sprintf(format, a...))
}

// ParseRequest reads the four path parameters of an image request
// ({region}/{size}/{rotation}/{quality}.{format}) for an image of w×h pixels.
func ParseRequest(region, size, rotation, qualityFormat string, w, h int) (Request, error) {
	var r Request
	var err error
	if r.Region, err = parseRegion(region, w, h); err != nil {
		return Request{}, err
	}
	if r.W, r.H, err = parseSize(size, r.Region.Dx(), r.Region.Dy()); err != nil {
		return Request{}, err
	}
	if rotation != "0" {
		return Request{}, badRequest("rotation %q: only 0 is supported", rotation)
	}
	quality, format, ok := strings.Cut(qualityFormat, ".")
	switch {
	case !ok:
		return Request{}, badRequest("%q has no format", qualityFormat)
	case quality != "default" && quality != "color" && quality != "gray":
		return Request{}, badRequest("quality %q: default, color or gray", quality)
	case format != "jpg" && format != "png":
		return Request{}, badRequest("format %q: jpg or png", format)
	}
	r.Gray, r.Format = quality == "gray", format
	rg := r.Region
	r.Canonic = fmt.Sprintf("%d,%d,%d,%d/%d,%d/%t.%s", rg.Min.X, rg.Min.Y, rg.Dx(), rg.Dy(), r.W, r.H, r.Gray, r.Format)
	return r, nil
}

func parseRegion(s string, w, h int) (image.Rectangle, error) {
	full := image.Rect(0, 0, w, h)
	switch s {
	case "full":
		return full, nil
	case "square":
		side := min(w, h)
		x, y := (w-side)/2, (h-side)/2
		return image.Rect(x, y, x+side, y+side), nil
	}
	pct := strings.HasPrefix(s, "pct:")
	v, err := numbers(strings.TrimPrefix(s, "pct:"), 4, pct)
	if err != nil {
		return image.Rectangle{}, badRequest("region %q: %v", s, err)
	}
	if pct {
		v = []float64{v[0] * float64(w) / 100, v[1] * float64(h) / 100, v[2] * float64(w) / 100, v[3] * float64(h) / 100}
	}
	if v[2] <= 0 || v[3] <= 0 {
		return image.Rectangle{}, badRequest("region %q has no area", s)
	}
	x0, y0 := int(v[0]), int(v[1])
	rg := image.Rect(x0, y0, x0+max(1, int(v[2]+0.5)), y0+max(1, int(v[3]+0.5))).Intersect(full)
	if rg.Empty() {
		return image.Rectangle{}, badRequest("region %q lies outside the %dx%d image", s, w, h)
	}
	return rg, nil
}

func parseSize(s string, rw, rh int) (int, int, error) {
	up := strings.HasPrefix(s, "^")
	t := strings.TrimPrefix(s, "^")
	var w, h int
	switch {
	case t == "max":
		w, h = rw, rh
		if up && rw*rh > MaxArea {
			f := float64(MaxArea) / float64(rw*rh)
			w, h = int(float64(rw)*math.Sqrt(f)), int(float64(rh)*math.Sqrt(f))
		}
	case strings.HasPrefix(t, "pct:"):
		v, err := numbers(t[4:], 1, true)
		if err != nil || v[0] <= 0 {
			return 0, 0, badRequest("size %q: a positive percentage", s)
		}
		w, h = int(float64(rw)*v[0]/100+0.5), int(float64(rh)*v[0]/100+0.5)
	default:
		fit := strings.HasPrefix(t, "!")
		ws, hs, ok := strings.Cut(strings.TrimPrefix(t, "!"), ",")
		if !ok || ws == "" && hs == "" || fit && (ws == "" || hs == "") {
			return 0, 0, badRequest("size %q: max, w,, ,h, w,h, !w,h or pct:n", s)
		}
		var err error
		if w, err = dimension(ws); err == nil {
			h, err = dimension(hs)
		}
		if err != nil {
			return 0, 0, badRequest("size %q: %v", s, err)
		}
		switch {
		case fit:
			fw, fh := float64(w)/float64(rw), float64(h)/float64(rh)
			f := min(fw, fh)
			w, h = int(float64(rw)*f+0.5), int(float64(rh)*f+0.5)
		case w == 0:
			w = int(float64(rw)*float64(h)/float64(rh) + 0.5)
		case h == 0:
			h = int(float64(rh)*float64(w)/float64(rw) + 0.5)
		}
	}
	w, h = max(w, 1), max(h, 1)
	if !up && (w > rw || h > rh) {
		return 0, 0, badRequest("size %q is larger than the %dx%d region; ask with ^ to upscale", s, rw, rh)
	}
	if w*h > MaxArea || w > 4*rw || h > 4*rh {
		return 0, 0, badRequest("size %q: %dx%d is over the limit of %d pixels or four times the region", s, w, h, MaxArea)
	}
	return w, h, nil
}

// dimension reads a width or height; "" is 0 (take it from the other side).
func dimension(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > 1<<16 {
		return 0, fmt.Errorf("%q is not a positive whole number of pixels", s)
	}
	return n, nil
}

// numbers reads n comma-separated non-negative numbers, whole unless frac.
func numbers(s string, n int, frac bool) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, fmt.Errorf("want %d numbers", n)
	}
	v := make([]float64, n)
	for i, p := range parts {
		var err error
		if frac {
			v[i], err = strconv.ParseFloat(p, 64)
		} else {
			var k int
			k, err = strconv.Atoi(p)
			v[i] = float64(k)
		}
		if err != nil || math.IsNaN(v[i]) || v[i] < 0 || v[i] > 1<<20 {
			return nil, fmt.Errorf("%q is not a non-negative number", p)
		}
	}
	return v, nil
}
