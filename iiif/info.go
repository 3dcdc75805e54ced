package iiif

import "encoding/json"

// Info is an image's info.json (Image API 3.0), for the image service at id
// (an absolute URL without a trailing slash) on an image of w×h pixels.
func Info(id string, w, h int) ([]byte, error) {
	var sizes []map[string]int
	for f := 1; f <= 32 && (f == 1 || w/f >= 64); f *= 2 {
		sizes = append([]map[string]int{{"width": (w + f - 1) / f, "height": (h + f - 1) / f}}, sizes...)
	}
	return json.Marshal(map[string]any{
		"@context":       "http://iiif.io/api/image/3/context.json",
		"id":             id,
		"type":           "ImageService3",
		"protocol":       "http://iiif.io/api/image",
		"profile":        "level1",
		"width":          w,
		"height":         h,
		"maxArea":        MaxArea,
		"sizes":          sizes,
		"tiles":          []map[string]any{{"width": 512, "scaleFactors": []int{1, 2, 4, 8}}},
		"extraQualities": []string{"color", "gray"},
		"extraFormats":   []string{"png"},
		"extraFeatures":  []string{"regionByPct", "sizeByPct", "sizeByConfinedWh", "sizeUpscaling"},
	})
}
