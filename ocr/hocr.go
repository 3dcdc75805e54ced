package ocr

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// ReadHOCR reads an hOCR file (HTML or XHTML, as Tesseract, Kraken and
// OCRopus write it): ocr_page elements with a bbox, lines (ocr_line and
// Tesseract's ocr_caption, ocr_header, ocr_textfloat) grouped in ocr_par
// paragraphs, and ocrx_word words. A line without ocrx_word children has its
// words cut from its own box (Word.Estimated).
func ReadHOCR(r io.Reader) (Document, error) {
	b, err := readAll(r)
	if err != nil {
		return Document{}, fmt.Errorf("hocr: %w", err)
	}
	root, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return Document{}, fmt.Errorf("hocr: %w: %v", ErrFormat, err)
	}
	h := hocrReader{}
	if err := h.walk(root); err != nil {
		return Document{}, fmt.Errorf("hocr: %w", err)
	}
	if err := h.doc.check(); err != nil {
		return Document{}, fmt.Errorf("hocr: %w", err)
	}
	return h.doc, nil
}

type hocrReader struct {
	doc  Document
	para int
}

func (h *hocrReader) walk(n *html.Node) error {
	if n.Type == html.ElementNode {
		classes := strings.Fields(htmlAttr(n, "class"))
		switch {
		case hasClass(classes, "ocr_page"):
			return h.page(n)
		case hasClass(classes, "ocr_par"):
			if len(h.doc.Pages) > 0 && len(h.page0().Lines) > 0 {
				h.para++
			}
		case hasClass(classes, "ocr_line", "ocrx_line", "ocr_caption", "ocr_header", "ocr_textfloat"):
			return h.line(n)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := h.walk(c); err != nil {
			return err
		}
	}
	return nil
}

func (h *hocrReader) page0() *Page { return &h.doc.Pages[len(h.doc.Pages)-1] }

func (h *hocrReader) page(n *html.Node) error {
	props := titleProps(htmlAttr(n, "title"))
	box, err := bboxOf(props)
	if err != nil {
		return fmt.Errorf("page %d: %w", len(h.doc.Pages)+1, err)
	}
	img := strings.Trim(strings.Join(props["image"], " "), `"`)
	h.doc.Pages = append(h.doc.Pages, Page{Image: img, Width: box.X1, Height: box.Y1})
	h.para = 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := h.walk(c); err != nil {
			return err
		}
	}
	return nil
}

func (h *hocrReader) line(n *html.Node) error {
	if len(h.doc.Pages) == 0 {
		return fmt.Errorf("line outside an ocr_page: %w", ErrFormat)
	}
	box, err := bboxOf(titleProps(htmlAttr(n, "title")))
	if err != nil {
		return fmt.Errorf("line: %w", err)
	}
	l := Line{Box: box, Para: h.para}
	var werr error
	var find func(*html.Node)
	find = func(c *html.Node) {
		if c.Type == html.ElementNode && hasClass(strings.Fields(htmlAttr(c, "class")), "ocrx_word") {
			props := titleProps(htmlAttr(c, "title"))
			wb, err := bboxOf(props)
			if err != nil && werr == nil {
				werr = fmt.Errorf("word: %w", err)
			}
			text := strings.Join(strings.Fields(textOf(c)), " ")
			if text == "" {
				return
			}
			conf := -1.0
			if v := props["x_wconf"]; len(v) == 1 {
				if f, err := strconv.ParseFloat(v[0], 64); err == nil {
					conf = f / 100
				}
			}
			l.Words = append(l.Words, Word{Text: text, Box: wb, Conf: conf})
			return
		}
		for cc := c.FirstChild; cc != nil; cc = cc.NextSibling {
			find(cc)
		}
	}
	find(n)
	if werr != nil {
		return werr
	}
	if len(l.Words) == 0 {
		l.Words = wordsOf(textOf(n), box)
	}
	if len(l.Words) > 0 {
		p := h.page0()
		p.Lines = append(p.Lines, l)
	}
	return nil
}

// titleProps splits an hOCR title ("bbox 0 0 10 10; x_wconf 96") into its
// properties.
func titleProps(title string) map[string][]string {
	props := map[string][]string{}
	for _, part := range strings.Split(title, ";") {
		f := strings.Fields(part)
		if len(f) > 0 {
			props[f[0]] = f[1:]
		}
	}
	return props
}

func bboxOf(props map[string][]string) (Box, error) {
	v := props["bbox"]
	if len(v) != 4 {
		return Box{}, fmt.Errorf("no bbox: %w", ErrFormat)
	}
	var n [4]int
	for i, s := range v {
		k, err := strconv.Atoi(s)
		if err != nil || k < 0 || k > maxCoord {
			return Box{}, fmt.Errorf("bbox %q: %w", strings.Join(v, " "), ErrFormat)
		}
		n[i] = k
	}
	return Box{n[0], n[1], n[2], n[3]}, nil
}

// maxCoord bounds every coordinate a reader accepts, so arithmetic on boxes
// cannot overflow and no page claims to be larger than any scanner makes.
const maxCoord = 1 << 20

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(classes []string, want ...string) bool {
	for _, c := range classes {
		for _, w := range want {
			if c == w {
				return true
			}
		}
	}
	return false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		for cc := c.FirstChild; cc != nil; cc = cc.NextSibling {
			walk(cc)
		}
	}
	walk(n)
	return b.String()
}
