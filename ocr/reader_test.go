package ocr_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"sverka/ocr"
)

type reader func(io.Reader) (ocr.Document, error)

func readFile(t *testing.T, read reader, name string) ocr.Document {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := read(f)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return doc
}

func TestReaders(t *testing.T) {
	tests := []struct {
		name     string
		read     reader
		file     string
		image    string
		w, h     int
		text     string
		word     int // index of a word whose box is checked
		box      ocr.Box
		estimate bool
	}{
		{"tesseract hocr", ocr.ReadHOCR, "tesseract.hocr", "page.png", 2481, 3507,
			"Москва, 14 марта 1951 года.\n‚ Уважаемый товарищ редактор!\n\nНаправляю", 2, ocr.Box{612, 361, 767, 398}, false},
		{"tesseract alto v3", ocr.ReadALTO, "tesseract.alto.xml", "page.png", 2481, 3507,
			"Москва, 14 марта 1951 года.\n‚ Уважаемый товарищ редактор!\n\nНаправляю", 2, ocr.Box{612, 361, 767, 398}, false},
		{"html hocr", ocr.ReadHOCR, "hand.hocr", "p1.jpg", 800, 600,
			"Привет мир & люди\n\nвторой абзац", 3, ocr.Box{185, 100, 310, 140}, true},
		{"alto v2 mm10", ocr.ReadALTO, "alto-v2-mm10.xml", "scan-0001.tif", 2100, 2970,
			"Совершенно секретно\n\nразде-\nленное", 1, ocr.Box{620, 200, 951, 260}, false},
		{"alto v4", ocr.ReadALTO, "alto-v4.xml", "scan-0001.png", 2100, 2970,
			"Совершенно секретно\n\nразде-\nленное", 0, ocr.Box{200, 200, 600, 260}, false},
		{"page 2019", ocr.ReadPAGE, "page2019.xml", "folio-1.png", 1000, 1400,
			"Дорогой товарищ,\n\nпишу Вам из Москвы", 1, ocr.Box{320, 102, 591, 159}, false},
		{"page 2013 line without words", ocr.ReadPAGE, "page2013.xml", "folio-1.png", 1000, 1400,
			"Дорогой товарищ,\n\nпишу Вам из Москвы", 3, ocr.Box{322, 400, 456, 471}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := readFile(t, tc.read, tc.file)
			p := doc.Pages[0]
			if p.Image != tc.image || p.Width != tc.w || p.Height != tc.h {
				t.Errorf("page %q %dx%d, want %q %dx%d", p.Image, p.Width, p.Height, tc.image, tc.w, tc.h)
			}
			text, spans := doc.Text()
			if !strings.HasPrefix(text, tc.text) {
				t.Errorf("text %q, want it to start %q", text, tc.text)
			}
			s := spans[tc.word]
			word := string([]rune(text)[s.Start:s.End])
			if s.Box != tc.box {
				t.Errorf("word %d %q box %v, want %v", tc.word, word, s.Box, tc.box)
			}
			var w ocr.Word
			n := 0
			for _, l := range p.Lines {
				for _, lw := range l.Words {
					if n == tc.word {
						w = lw
					}
					n++
				}
			}
			if w.Text != word || w.Estimated != tc.estimate {
				t.Errorf("word %d is %q estimated %v, want %q estimated %v", tc.word, w.Text, w.Estimated, word, tc.estimate)
			}
		})
	}
}

// The hOCR and ALTO that Tesseract wrote for one page agree word for word.
func TestTesseractHOCRAndALTOAgree(t *testing.T) {
	h := readFile(t, ocr.ReadHOCR, "tesseract.hocr")
	a := readFile(t, ocr.ReadALTO, "tesseract.alto.xml")
	ht, hs := h.Text()
	at, as := a.Text()
	if ht != at {
		t.Fatalf("hocr text %q, alto text %q", ht, at)
	}
	for i := range hs {
		if hs[i] != as[i] {
			t.Errorf("span %d: hocr %v, alto %v", i, hs[i], as[i])
		}
	}
}

func TestScale(t *testing.T) {
	doc := readFile(t, ocr.ReadALTO, "alto-v2-mm10.xml")
	// An A4 page in mm10 scanned at 300 dpi is 2480×3508 pixels.
	p := doc.Pages[0].Scale(2480, 3508)
	got := p.Lines[0].Words[0].Box
	want := ocr.Box{X0: 236, Y0: 236, X1: 709, Y1: 308}
	if got != want {
		t.Errorf("scaled box %v, want %v", got, want)
	}
}

func TestHostileFilesRefused(t *testing.T) {
	bomb := `<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>` +
		`<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page WIDTH="10" HEIGHT="10"><TextLine HPOS="0" VPOS="0" WIDTH="5" HEIGHT="5"><String CONTENT="&b;" HPOS="0" VPOS="0" WIDTH="5" HEIGHT="5"/></TextLine></Page></Layout></alto>`
	external := `<?xml version="1.0"?><!DOCTYPE PcGts [<!ENTITY x SYSTEM "file:///etc/passwd">]>` +
		`<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page imageFilename="a.png" imageWidth="10" imageHeight="10"><TextRegion><TextLine><Coords points="0,0 5,5"/><TextEquiv><Unicode>&x;</Unicode></TextEquiv></TextLine></TextRegion></Page></PcGts>`
	htmlEntity := `<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><div class="ocr_page" title="bbox 0 0 10 10"><span class="ocr_line" title="bbox 0 0 5 5">&x;</span></div>`
	subset := `<?xml version="1.0"?><!DOCTYPE alto [<!ATTLIST alto x CDATA "y">]><alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"/>`
	outsideALTO := `<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page WIDTH="100" HEIGHT="100"><TextBlock><TextLine HPOS="0" VPOS="0" WIDTH="50" HEIGHT="10"><String CONTENT="за" HPOS="90" VPOS="0" WIDTH="20" HEIGHT="10"/></TextLine></TextBlock></Page></Layout></alto>`
	outsidePAGE := `<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15"><Page imageFilename="a.png" imageWidth="100" imageHeight="100"><TextRegion><TextLine><Coords points="0,0 50,150"/><TextEquiv><Unicode>край</Unicode></TextEquiv></TextLine></TextRegion></Page></PcGts>`
	outsideHOCR := `<div class="ocr_page" title="bbox 0 0 100 100"><span class="ocr_line" title="bbox 0 0 50 10"><span class="ocrx_word" title="bbox 60 0 120 10">поле</span></span></div>`
	noSize := `<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page ID="p"></Page></Layout></alto>`
	wrongNS := `<alto xmlns="http://www.loc.gov/standards/alto/ns-v9#"><Layout/></alto>`
	page2010 := `<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2010-03-19"><Page imageWidth="1" imageHeight="1"/></PcGts>`
	latin1 := `<?xml version="1.0" encoding="ISO-8859-1"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"/>`
	noPage := `<html><body><p>not hOCR</p></body></html>`
	huge := bytes.Repeat([]byte(" "), ocr.MaxFileSize+1)

	tests := []struct {
		name string
		read reader
		in   []byte
		want error
	}{
		{"entity expansion", ocr.ReadALTO, []byte(bomb), ocr.ErrHostile},
		{"external entity", ocr.ReadPAGE, []byte(external), ocr.ErrHostile},
		{"external entity in hOCR", ocr.ReadHOCR, []byte(htmlEntity), ocr.ErrHostile},
		{"internal subset", ocr.ReadALTO, []byte(subset), ocr.ErrHostile},
		{"huge ALTO", ocr.ReadALTO, huge, ocr.ErrTooLarge},
		{"huge hOCR", ocr.ReadHOCR, huge, ocr.ErrTooLarge},
		{"word outside ALTO page", ocr.ReadALTO, []byte(outsideALTO), ocr.ErrOutside},
		{"line outside PAGE page", ocr.ReadPAGE, []byte(outsidePAGE), ocr.ErrOutside},
		{"word outside hOCR page", ocr.ReadHOCR, []byte(outsideHOCR), ocr.ErrOutside},
		{"page without size", ocr.ReadALTO, []byte(noSize), ocr.ErrOutside},
		{"unknown ALTO version", ocr.ReadALTO, []byte(wrongNS), ocr.ErrFormat},
		{"PAGE 2010", ocr.ReadPAGE, []byte(page2010), ocr.ErrFormat},
		{"not UTF-8", ocr.ReadALTO, []byte(latin1), ocr.ErrFormat},
		{"hOCR without a page", ocr.ReadHOCR, []byte(noPage), ocr.ErrFormat},
		{"ALTO read as PAGE", ocr.ReadPAGE, []byte(outsideALTO), ocr.ErrFormat},
		{"truncated", ocr.ReadALTO, []byte(outsideALTO[:60]), ocr.ErrFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := tc.read(bytes.NewReader(tc.in))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if len(doc.Pages) != 0 {
				t.Errorf("got %d pages with the error, want none", len(doc.Pages))
			}
		})
	}
}

func TestIoU(t *testing.T) {
	tests := []struct {
		a, b ocr.Box
		want float64
	}{
		{ocr.Box{0, 0, 10, 10}, ocr.Box{0, 0, 10, 10}, 1},
		{ocr.Box{0, 0, 10, 10}, ocr.Box{5, 0, 15, 10}, 1.0 / 3},
		{ocr.Box{0, 0, 10, 10}, ocr.Box{10, 0, 20, 10}, 0},
	}
	for _, tc := range tests {
		if got := tc.a.IoU(tc.b); got != tc.want {
			t.Errorf("IoU(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
