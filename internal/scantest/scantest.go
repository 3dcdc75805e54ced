// Package scantest renders text to a page image, as a typewriter would put it
// on paper, and remembers where each word's ink went, so that tests can check
// OCR boxes against the truth. It uses Debian's DejaVu fonts
// (fonts-dejavu-core).
package scantest

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"
	"os"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"sverka/ocr"
)

// FontPath is the font the pages are set in.
const FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

// ErrNoFont reports that the DejaVu font is not installed.
var ErrNoFont = errors.New("DejaVu fonts are not installed (Debian: fonts-dejavu-core)")

// Options set the page. Zero values mean an A4 page at 300 dpi, 12 pt type,
// one-inch margins, no noise.
type Options struct {
	DPI      float64
	PointSz  float64
	Noise    float64 // share of pixels flipped to a random light grey, 0 to 1
	Seed     uint64
	MaxLines int // stop after this many lines (0: as many as fit)
}

// Word is a rendered word and the box of its ink on the page.
type Word struct {
	Text string
	Box  ocr.Box
}

// Render sets text on one page, wrapping at the margins, paragraphs at
// newlines. It returns the page, the words it placed, and the text that did
// not fit.
func Render(text string, opt Options) (*image.Gray, []Word, string, error) {
	if opt.DPI == 0 {
		opt.DPI = 300
	}
	if opt.PointSz == 0 {
		opt.PointSz = 12
	}
	data, err := os.ReadFile(FontPath)
	if err != nil {
		return nil, nil, "", ErrNoFont
	}
	f, err := opentype.Parse(data)
	if err != nil {
		return nil, nil, "", fmt.Errorf("parse font: %w", err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: opt.PointSz, DPI: opt.DPI, Hinting: font.HintingFull})
	if err != nil {
		return nil, nil, "", fmt.Errorf("font face: %w", err)
	}
	defer face.Close()

	w, h := int(8.27*opt.DPI), int(11.69*opt.DPI)
	margin := int(opt.DPI)
	img := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: image.Black, Face: face}
	lineH := face.Metrics().Height.Ceil() * 3 / 2
	space := font.MeasureString(face, " ").Ceil()

	var words []Word
	x, y, lines := margin, margin+lineH, 1
	paras := strings.Split(text, "\n")
	for pi, para := range paras {
		fields := strings.Fields(para)
		for wi, word := range fields {
			adv := d.MeasureString(word).Ceil()
			if x > margin && x+adv > w-margin {
				x, y, lines = margin, y+lineH, lines+1
			}
			if y > h-margin || opt.MaxLines > 0 && lines > opt.MaxLines {
				rest := strings.Join(fields[wi:], " ")
				if pi+1 < len(paras) {
					rest += "\n" + strings.Join(paras[pi+1:], "\n")
				}
				return noisy(img, opt), words, rest, nil
			}
			d.Dot = fixed.P(x, y)
			b, _ := font.BoundString(face, word)
			d.DrawString(word)
			words = append(words, Word{Text: word, Box: ocr.Box{
				X0: x + b.Min.X.Floor(), Y0: y + b.Min.Y.Floor(),
				X1: x + b.Max.X.Ceil(), Y1: y + b.Max.Y.Ceil(),
			}})
			x += adv + space
		}
		x, y, lines = margin, y+lineH*3/2, lines+1
	}
	return noisy(img, opt), words, "", nil
}

// noisy flips a share of the pixels to random greys from mid grey to white,
// like paper grain and toner dust on a scan.
func noisy(img *image.Gray, opt Options) *image.Gray {
	if opt.Noise <= 0 {
		return img
	}
	r := rand.New(rand.NewPCG(opt.Seed, 0x5ca9))
	n := int(opt.Noise * float64(len(img.Pix)))
	for range n {
		i := r.IntN(len(img.Pix))
		img.Pix[i] = color.Gray{Y: uint8(160 + r.IntN(96))}.Y
	}
	return img
}
