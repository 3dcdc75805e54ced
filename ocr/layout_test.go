package ocr_test

import (
	"testing"
	"unicode/utf8"

	"sverka/derive"
	"sverka/ocr"
	"sverka/wca"
)

func line(para int, words ...string) ocr.Line {
	l := ocr.Line{Para: para}
	for i, w := range words {
		l.Words = append(l.Words, ocr.Word{Text: w, Box: ocr.Box{X0: 10 + 100*i, Y0: 10 * para, X1: 90 + 100*i, Y1: 10*para + 8}})
	}
	return l
}

// Words keep their boxes through the derivation: noise dropped, a word
// hyphenated across a page break joined, each part with its own box.
func TestRebaseThroughDerivation(t *testing.T) {
	doc := ocr.Document{Pages: []ocr.Page{
		{Width: 1000, Height: 1000, Lines: []ocr.Line{line(0, "Письмо"), line(1, "о", "разде-")}},
		{Width: 1000, Height: 1000, Lines: []ocr.Line{line(0, "Wilson", "Center", "Digital", "Archive"), line(1, "ленном", "мире.")}},
	}}
	raw, spans := doc.Text()
	res, err := derive.Scan(raw, wca.Section{Lang: "ru", Start: 0, End: utf8.RuneCountInString(raw)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Text != "Письмо\n\nо разделенном мире." {
		t.Fatalf("derived %q", res.Text)
	}
	base := []rune(res.Text)
	got := ocr.Rebase(spans, res.Origin())
	want := []struct {
		text string
		page int
		x0   int
	}{{"Письмо", 0, 10}, {"о", 0, 10}, {"разде", 0, 110}, {"ленном", 1, 10}, {"мире.", 1, 110}}
	if len(got) != len(want) {
		t.Fatalf("got %d spans %v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if text := string(base[g.Start:g.End]); text != w.text || g.Page != w.page || g.Box.X0 != w.x0 {
			t.Errorf("span %d: got %q on page %d at x %d, want %q on page %d at x %d", i, text, g.Page, g.Box.X0, w.text, w.page, w.x0)
		}
	}
}
