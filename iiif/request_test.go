package iiif_test

import (
	"errors"
	"image"
	"testing"

	"sverka/iiif"
)

func TestParseRequest(t *testing.T) {
	const w, h = 2480, 3508
	tests := []struct {
		region, size, rotation, qf string
		want                       image.Rectangle
		ww, wh                     int
		err                        error
	}{
		{"full", "max", "0", "default.jpg", image.Rect(0, 0, w, h), w, h, nil},
		{"100,200,1000,500", "max", "0", "default.jpg", image.Rect(100, 200, 1100, 700), 1000, 500, nil},
		{"2000,3000,1000,1000", "max", "0", "gray.png", image.Rect(2000, 3000, w, h), 480, 508, nil},
		{"square", "500,", "0", "default.jpg", image.Rect(0, 514, w, 514+w), 500, 500, nil},
		{"pct:50,50,50,50", "pct:10", "0", "color.jpg", image.Rect(1240, 1754, w, h), 124, 175, nil},
		{"full", ",351", "0", "default.jpg", image.Rect(0, 0, w, h), 248, 351, nil},
		{"full", "!500,500", "0", "default.jpg", image.Rect(0, 0, w, h), 353, 500, nil},
		{"full", "300,300", "0", "default.jpg", image.Rect(0, 0, w, h), 300, 300, nil},
		{"0,0,10,10", "^20,", "0", "default.jpg", image.Rect(0, 0, 10, 10), 20, 20, nil},
		{"0,0,10,10", "20,", "0", "default.jpg", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"0,0,10,10", "^100,", "0", "default.jpg", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"3000,0,10,10", "max", "0", "default.jpg", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"0,0,0,10", "max", "0", "default.jpg", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"-1,0,10,10", "max", "0", "default.jpg", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"pct:NaN,0,10,10", "max", "0", "default.jpg", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"full", "max", "90", "default.jpg", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"full", "max", "0", "bitonal.jpg", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"full", "max", "0", "default.gif", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"full", "max", "0", "default", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"full", ",", "0", "default.jpg", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"full", "!500,", "0", "default.jpg", image.Rectangle{}, 0, 0, iiif.ErrBadRequest},
		{"full", "^max", "0", "default.jpg", image.Rect(0, 0, w, h), w, h, nil},
	}
	for _, tc := range tests {
		t.Run(tc.region+"/"+tc.size+"/"+tc.rotation+"/"+tc.qf, func(t *testing.T) {
			r, err := iiif.ParseRequest(tc.region, tc.size, tc.rotation, tc.qf, w, h)
			if !errors.Is(err, tc.err) {
				t.Fatalf("got error %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if r.Region != tc.want || r.W != tc.ww || r.H != tc.wh {
				t.Errorf("got %v at %dx%d, want %v at %dx%d", r.Region, r.W, r.H, tc.want, tc.ww, tc.wh)
			}
		})
	}
}
