package ocr

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// pageNamespacePrefix starts every PAGE content namespace; the readable
// versions are listed in pageVersions.
const pageNamespacePrefix = "http://schema.primaresearch.org/PAGE/gts/pagecontent/"

var pageVersions = map[string]bool{"2013-07-15": true, "2019-07-15": true}

// ReadPAGE reads a PAGE XML file (2013-07-15 or 2019-07-15, as Transkribus,
// eScriptorium and OCR-D write it): Page with imageFilename, imageWidth and
// imageHeight; TextRegion paragraphs; TextLine lines and Word words, each
// with Coords points and a TextEquiv/Unicode text. Lines without Word
// elements have their words cut from the line's box (Word.Estimated). Lines
// come in document order.
func ReadPAGE(r io.Reader) (Document, error) {
	return readXML(r, "page xml", readPAGE)
}

// pageNode is an open Page, TextRegion, TextLine or Word element.
type pageNode struct {
	name string
	box  Box
	text string // its first TextEquiv's Unicode
	done bool   // text was read
}

func readPAGE(d *xml.Decoder) (Document, error) {
	var doc Document
	var stack []*pageNode
	var line *Line
	var chars string
	inUnicode, para, seenRoot := false, -1, false
	top := func() *pageNode {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1]
	}
	for {
		tok, err := nextToken(d)
		if err == io.EOF {
			break
		}
		if err != nil {
			return Document{}, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if inUnicode {
				chars += string(t)
			}
		case xml.StartElement:
			if !seenRoot {
				v, ok := strings.CutPrefix(t.Name.Space, pageNamespacePrefix)
				if t.Name.Local != "PcGts" || !ok || !pageVersions[v] {
					return Document{}, fmt.Errorf("root %s %q is not PAGE 2013 or 2019: %w", t.Name.Local, t.Name.Space, ErrFormat)
				}
				seenRoot = true
			}
			switch t.Name.Local {
			case "Page":
				w, err1 := strconv.Atoi(attr(t, "imageWidth"))
				h, err2 := strconv.Atoi(attr(t, "imageHeight"))
				if err1 != nil || err2 != nil || w > maxCoord || h > maxCoord {
					return Document{}, fmt.Errorf("page imageWidth %q imageHeight %q: %w", attr(t, "imageWidth"), attr(t, "imageHeight"), ErrOutside)
				}
				doc.Pages = append(doc.Pages, Page{Image: attr(t, "imageFilename"), Width: w, Height: h})
				para = -1
			case "TextRegion":
				para++
				stack = append(stack, &pageNode{name: "TextRegion"})
			case "TextLine":
				if len(doc.Pages) == 0 {
					return Document{}, fmt.Errorf("TextLine outside a Page: %w", ErrFormat)
				}
				if line != nil {
					return Document{}, fmt.Errorf("TextLine inside a TextLine: %w", ErrFormat)
				}
				line = &Line{Para: max(para, 0)}
				stack = append(stack, &pageNode{name: "TextLine"})
			case "Word":
				if line == nil {
					return Document{}, fmt.Errorf("Word outside a TextLine: %w", ErrFormat)
				}
				stack = append(stack, &pageNode{name: "Word"})
			case "Glyph":
				stack = append(stack, &pageNode{name: "Glyph"})
			case "Coords":
				if n := top(); n != nil {
					box, err := pointsBox(attr(t, "points"))
					if err != nil {
						return Document{}, fmt.Errorf("%s: %w", n.name, err)
					}
					n.box = box
				}
			case "Unicode":
				inUnicode, chars = true, ""
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "Unicode":
				inUnicode = false
				if n := top(); n != nil && !n.done {
					n.text, n.done = chars, true
				}
			case "Word":
				n := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if text := strings.Join(strings.Fields(n.text), " "); text != "" {
					line.Words = append(line.Words, Word{Text: text, Box: n.box, Conf: -1})
				}
			case "TextLine":
				n := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				line.Box = n.box
				if len(line.Words) == 0 {
					line.Words = wordsOf(n.text, n.box)
				}
				if len(line.Words) > 0 {
					p := &doc.Pages[len(doc.Pages)-1]
					p.Lines = append(p.Lines, *line)
				}
				line = nil
			case "TextRegion", "Glyph":
				stack = stack[:len(stack)-1]
			}
		}
	}
	return doc, nil
}

// pointsBox is the bounding box of a PAGE points list "x1,y1 x2,y2 …".
func pointsBox(points string) (Box, error) {
	var b Box
	first := true
	for _, pt := range strings.Fields(points) {
		xs, ys, ok := strings.Cut(pt, ",")
		x, errX := strconv.Atoi(xs)
		y, errY := strconv.Atoi(ys)
		if !ok || errX != nil || errY != nil || x < 0 || y < 0 || x > maxCoord || y > maxCoord {
			return Box{}, fmt.Errorf("point %q: %w", pt, ErrFormat)
		}
		if first {
			b, first = Box{x, y, x + 1, y + 1}, false
			continue
		}
		b = Box{min(b.X0, x), min(b.Y0, y), max(b.X1, x+1), max(b.Y1, y+1)}
	}
	if first {
		return Box{}, fmt.Errorf("no points: %w", ErrFormat)
	}
	return b, nil
}
