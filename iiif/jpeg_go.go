//go:build !libjpeg

package iiif

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
)

// encodeJPEG encodes img as a baseline JPEG with Go's image/jpeg, so that
// building needs only Go and gcc; the libjpeg build tag swaps in
// libjpeg-turbo (jpeg_turbo.go), several times faster.
func encodeJPEG(img image.Image) ([]byte, error) {
	if img.Bounds().Empty() {
		return nil, errors.New("encode jpeg: an empty image")
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return nil, errors.New("encode jpeg: " + err.Error())
	}
	return buf.Bytes(), nil
}
