package sverka

import (
	"encoding/hex"
	"fmt"
	"unicode/utf8"
)

// PageImage is one scanned page of a document, numbered from 1 across all
// its scans (the original's pages, then a translation's): the language of
// the text it is a scan of, the stored image's content hash (hex SHA-256,
// its name in the image store), its format ("png", "jpeg" or "tiff") and
// size in pixels. Archives written before translations had scans give no
// language: their pages are the original's.
type PageImage struct {
	Number int    `json:"number"`
	Lang   string `json:"lang,omitempty"`
	Hash   string `json:"hash"`
	Format string `json:"format"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// WordBox ties the code points [Start, End) of a base text to the box of
// their word on page Page (a PageImage's Number): X, Y, W, H in its pixels.
type WordBox struct {
	Lang  string `json:"lang"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Page  int    `json:"page"`
	X     int    `json:"x"`
	Y     int    `json:"y"`
	W     int    `json:"w"`
	H     int    `json:"h"`
}

// ValidateScan checks that pages are numbered 1, 2, … with a hash and a
// size, and that every word box lies in its page and in its text.
func (d *Document) ValidateScan() error {
	for i, p := range d.Pages {
		if p.Number != i+1 {
			return Invalid("pages", "page %d is numbered %d", i+1, p.Number)
		}
		if b, err := hex.DecodeString(p.Hash); err != nil || len(b) != 32 {
			return Invalid("pages", "page %d: %q is not a SHA-256 hash", p.Number, p.Hash)
		}
		if p.Width <= 0 || p.Height <= 0 || p.Format != "png" && p.Format != "jpeg" && p.Format != "tiff" {
			return Invalid("pages", "page %d: a %s image of %dx%d pixels", p.Number, p.Format, p.Width, p.Height)
		}
	}
	for _, p := range d.Pages {
		if p.Lang != "" && d.Text(p.Lang) == nil {
			return Invalid("pages", "page %d is a scan of the %q text, which the document does not have", p.Number, p.Lang)
		}
	}
	prev := map[string]int{}
	for i, w := range d.WordBoxes {
		t := d.Text(w.Lang)
		if t == nil || w.Start < prev[w.Lang] || w.End <= w.Start || w.End > utf8.RuneCountInString(t.Text) {
			return Invalid("wordBoxes", "word box %d [%d,%d) is out of order or outside the %s text", i+1, w.Start, w.End, w.Lang)
		}
		prev[w.Lang] = w.End
		if w.Page < 1 || w.Page > len(d.Pages) {
			return Invalid("wordBoxes", "word box %d is on page %d of %d", i+1, w.Page, len(d.Pages))
		}
		p := d.Pages[w.Page-1]
		if d.PageLang(p) != w.Lang {
			return Invalid("wordBoxes", "word box %d of the %s text is on page %d, a scan of the %s text", i+1, w.Lang, w.Page, d.PageLang(p))
		}
		if w.X < 0 || w.Y < 0 || w.W <= 0 || w.H <= 0 || w.X+w.W > p.Width || w.Y+w.H > p.Height {
			return Invalid("wordBoxes", "word box %d (%d,%d,%d,%d) lies outside its %dx%d page", i+1, w.X, w.Y, w.W, w.H, p.Width, p.Height)
		}
	}
	return nil
}

// CheckOCR says whether the scan can be read for the boxes of the words of
// the lang text: the document needs that text and a scan of it, and unless
// replace (an editor asked to read it again) the text must not have its
// boxes already (ErrConflict).
func (d *Document) CheckOCR(lang string, replace bool) error {
	if d.Text(lang) == nil {
		return Invalid("lang", "document %s has no %q text", d.ID, lang)
	}
	if len(d.PagesOf(lang)) == 0 {
		return Invalid("scan", "document %s has no scan of its %s text to read: attach one first", d.ID, lang)
	}
	for _, w := range d.WordBoxes {
		if w.Lang == lang && !replace {
			return fmt.Errorf("the %s text of document %s has its words' boxes already (ask to replace them to read the scan again): %w", lang, d.ID, ErrConflict)
		}
	}
	return nil
}

// PageLang is the language of the text page p is a scan of: its own, or
// the original's for a page that names none.
func (d *Document) PageLang(p PageImage) string {
	if p.Lang != "" {
		return p.Lang
	}
	for _, t := range d.Texts {
		if t.Role == "original" {
			return t.Lang
		}
	}
	return ""
}

// PagesOf lists the pages that are a scan of the lang text, in order.
func (d *Document) PagesOf(lang string) []PageImage {
	var out []PageImage
	for _, p := range d.Pages {
		if d.PageLang(p) == lang {
			out = append(out, p)
		}
	}
	return out
}
