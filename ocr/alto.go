package ocr

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// altoNamespaces are the ALTO versions read: v2, v3 and v4 (v4.0–v4.4 share
// one namespace).
var altoNamespaces = map[string]bool{
	"http://www.loc.gov/standards/alto/ns-v2#": true,
	"http://www.loc.gov/standards/alto/ns-v3#": true,
	"http://www.loc.gov/standards/alto/ns-v4#": true,
}

// ReadALTO reads an ALTO v2–v4 file: Page elements with WIDTH and HEIGHT,
// TextBlock paragraphs, TextLine lines and String words (a HYP element adds
// its hyphen to the word before it). Coordinates stay in the file's
// MeasurementUnit (pixel, mm10 or inch1200); Page.Scale maps them onto the
// image. The image is the file's sourceImageInformation/fileName.
func ReadALTO(r io.Reader) (Document, error) {
	return readXML(r, "alto", readALTO)
}

func readALTO(d *xml.Decoder) (Document, error) {
	var doc Document
	var image, text string
	var line *Line
	para, seenRoot := -1, false
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
			text += string(t)
		case xml.StartElement:
			text = ""
			if !seenRoot {
				if t.Name.Local != "alto" || !altoNamespaces[t.Name.Space] {
					return Document{}, fmt.Errorf("root %s %q is not ALTO v2–v4: %w", t.Name.Local, t.Name.Space, ErrFormat)
				}
				seenRoot = true
			}
			switch t.Name.Local {
			case "Page":
				w, h, err := altoSize(t)
				if err != nil {
					return Document{}, err
				}
				doc.Pages = append(doc.Pages, Page{Image: image, Width: w, Height: h})
				para = -1
			case "TextBlock":
				para++
			case "TextLine":
				if len(doc.Pages) == 0 {
					return Document{}, fmt.Errorf("TextLine outside a Page: %w", ErrFormat)
				}
				box, err := altoBox(t)
				if err != nil {
					return Document{}, err
				}
				line = &Line{Box: box, Para: max(para, 0)}
			case "String":
				if line == nil {
					return Document{}, fmt.Errorf("String outside a TextLine: %w", ErrFormat)
				}
				box, err := altoBox(t)
				if err != nil {
					return Document{}, err
				}
				conf := -1.0
				if wc, err := strconv.ParseFloat(attr(t, "WC"), 64); err == nil && wc >= 0 && wc <= 1 {
					conf = wc
				}
				if content := strings.TrimSpace(attr(t, "CONTENT")); content != "" {
					line.Words = append(line.Words, Word{Text: content, Box: box, Conf: conf})
				}
			case "HYP":
				if line != nil && len(line.Words) > 0 {
					line.Words[len(line.Words)-1].Text += attr(t, "CONTENT")
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "fileName":
				image = strings.TrimSpace(text)
			case "TextLine":
				if len(line.Words) > 0 {
					p := &doc.Pages[len(doc.Pages)-1]
					p.Lines = append(p.Lines, *line)
				}
				line = nil
			}
		}
	}
	return doc, nil
}

func altoSize(t xml.StartElement) (int, int, error) {
	w, errW := altoNumber(attr(t, "WIDTH"))
	h, errH := altoNumber(attr(t, "HEIGHT"))
	if errW != nil || errH != nil {
		return 0, 0, fmt.Errorf("page WIDTH %q HEIGHT %q: %w", attr(t, "WIDTH"), attr(t, "HEIGHT"), ErrOutside)
	}
	return int(math.Ceil(w)), int(math.Ceil(h)), nil
}

func altoBox(t xml.StartElement) (Box, error) {
	var v [4]float64
	for i, name := range []string{"HPOS", "VPOS", "WIDTH", "HEIGHT"} {
		f, err := altoNumber(attr(t, name))
		if err != nil {
			return Box{}, fmt.Errorf("%s %s %q: %w", t.Name.Local, name, attr(t, name), ErrFormat)
		}
		v[i] = f
	}
	return Box{int(v[0]), int(v[1]), int(math.Ceil(v[0] + v[2])), int(math.Ceil(v[1] + v[3]))}, nil
}

func altoNumber(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f < 0 || f > maxCoord || math.IsNaN(f) {
		return 0, fmt.Errorf("number %q: %w", s, ErrFormat)
	}
	return f, nil
}
