package iiif

import (
	"encoding/json"
	"fmt"
)

// Manifest describes a document for Manifest: its IIIF id (the manifest's
// own absolute URL), label by language, and one Canvas per page image.
type Manifest struct {
	ID       string
	Label    map[string][]string
	Summary  map[string][]string
	Rights   string // a Creative Commons or RightsStatements.org URL, or ""
	Canvases []Canvas
}

// Canvas is one page: its id (an absolute URL), label, size in pixels, the
// IIIF image service that serves it, and the annotations on it.
type Canvas struct {
	ID            string
	Label         string
	Width, Height int
	Service       string // the image service id, without /info.json
	Annotations   []Annotation
}

// Annotation is a W3C annotation that targets a region of its canvas: a
// text body (a note, a correction's reading) in a language, or in none
// when Language is "".
type Annotation struct {
	ID         string
	Motivation string
	Text       string
	Language   string
	X, Y, W, H int
}

// JSON is the IIIF Presentation 3.0 manifest: each canvas painted with its
// image from its image service, and its annotations in an AnnotationPage
// whose targets are "canvas#xywh=…" regions.
func (m Manifest) JSON() ([]byte, error) {
	items := make([]map[string]any, len(m.Canvases))
	for i, c := range m.Canvases {
		items[i] = c.json()
	}
	out := map[string]any{
		"@context": "http://iiif.io/api/presentation/3/context.json",
		"id":       m.ID,
		"type":     "Manifest",
		"label":    m.Label,
		"items":    items,
	}
	if len(m.Summary) > 0 {
		out["summary"] = m.Summary
	}
	if m.Rights != "" {
		out["rights"] = m.Rights
	}
	return json.MarshalIndent(out, "", "  ")
}

func (c Canvas) json() map[string]any {
	painting := map[string]any{
		"id":         c.ID + "/painting",
		"type":       "Annotation",
		"motivation": "painting",
		"target":     c.ID,
		"body": map[string]any{
			"id":     c.Service + "/full/max/0/default.jpg",
			"type":   "Image",
			"format": "image/jpeg",
			"width":  c.Width,
			"height": c.Height,
			"service": []map[string]any{{
				"id": c.Service, "type": "ImageService3", "profile": "level1",
			}},
		},
	}
	out := map[string]any{
		"id":     c.ID,
		"type":   "Canvas",
		"label":  map[string][]string{"none": {c.Label}},
		"width":  c.Width,
		"height": c.Height,
		"items": []map[string]any{{
			"id": c.ID + "/page", "type": "AnnotationPage", "items": []any{painting},
		}},
	}
	if len(c.Annotations) > 0 {
		annos := make([]any, len(c.Annotations))
		for i, a := range c.Annotations {
			body := map[string]any{"type": "TextualBody", "value": a.Text, "format": "text/plain"}
			if a.Language != "" {
				body["language"] = a.Language
			}
			annos[i] = map[string]any{
				"id":         a.ID,
				"type":       "Annotation",
				"motivation": a.Motivation,
				"body":       body,
				"target":     fmt.Sprintf("%s#xywh=%d,%d,%d,%d", c.ID, a.X, a.Y, a.W, a.H),
			}
		}
		out["annotations"] = []map[string]any{{
			"id": c.ID + "/annotations", "type": "AnnotationPage", "items": annos,
		}}
	}
	return out
}
