package sverka

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateScan(t *testing.T) {
	hash := strings.Repeat("0f", 32)
	base := func() *Document {
		return &Document{ID: "d", Title: "D", Texts: []BaseText{{Lang: "ru", Role: "original", Text: "Да нет."}},
			Pages:     []PageImage{{Number: 1, Hash: hash, Format: "png", Width: 100, Height: 50}},
			WordBoxes: []WordBox{{Lang: "ru", Start: 0, End: 2, Page: 1, X: 0, Y: 0, W: 10, H: 10}, {Lang: "ru", Start: 3, End: 7, Page: 1, X: 90, Y: 40, W: 10, H: 10}}}
	}
	tests := []struct {
		name   string
		change func(d *Document)
		field  string
	}{
		{"valid", func(*Document) {}, ""},
		{"page numbered 2", func(d *Document) { d.Pages[0].Number = 2 }, "pages"},
		{"not a hash", func(d *Document) { d.Pages[0].Hash = "../etc/passwd" }, "pages"},
		{"gif", func(d *Document) { d.Pages[0].Format = "gif" }, "pages"},
		{"box off the page", func(d *Document) { d.WordBoxes[1].X = 91 }, "wordBoxes"},
		{"box on page 2", func(d *Document) { d.WordBoxes[1].Page = 2 }, "wordBoxes"},
		{"box past the text", func(d *Document) { d.WordBoxes[1].End = 8 }, "wordBoxes"},
		{"boxes out of order", func(d *Document) { d.WordBoxes[0], d.WordBoxes[1] = d.WordBoxes[1], d.WordBoxes[0] }, "wordBoxes"},
		{"box in a text that is not there", func(d *Document) { d.WordBoxes[0].Lang = "en" }, "wordBoxes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := base()
			tc.change(d)
			err := d.ValidateScan()
			var ve *ValidationError
			if tc.field == "" && err != nil || tc.field != "" && (!errors.As(err, &ve) || ve.Field != tc.field) {
				t.Errorf("got %v, want an error on %q", err, tc.field)
			}
		})
	}
}
