package server

import (
	"html/template"
	"strings"
	"testing"

	"sverka/store"
)

// TestHitsWriteAsTheTemplateDid: the hits of a search page, written
// without html/template, are byte for byte what the template wrote (kept
// here with its pieces cut from []rune), marks, escaping, OCR variants,
// aligned passages and diplomatic readings included.
func TestHitsWriteAsTheTemplateDid(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`{{range .}}{{$lang := .Lang}}
    <li>
      <a href="/documents/{{.DocumentID}}#link-{{.Link}}"><span class="hit-doc" lang="en">{{.Title}}</span>{{if .Date}} · {{.Date}}{{end}} · <span class="hit-link" lang="en">link {{.Link}}</span></a>
      {{if .OCRVariant}}<p class="hit-variant">possible OCR variant: {{range $i, $f := .OCRVariant}}{{if $i}}, {{end}}<q lang="{{$lang}}">{{$f}}</q>{{end}}</p>{{end}}
      <div class="hit-pair">
        <p lang="{{.Lang}}">{{range .Pieces}}{{if .Mark}}<mark>{{.Text}}</mark>{{else}}{{.Text}}{{end}}{{end}}</p>
        {{range .Aligned}}<p lang="{{.Lang}}" class="hit-aligned">{{range .Pieces}}{{if .Mark}}<mark>{{.Text}}</mark>{{else}}{{.Text}}{{end}}{{end}}</p>{{end}}
      </div>
      {{if .Diplomatic}}<p class="hit-ocr"><span lang="en">OCR:</span> <span lang="{{.Lang}}">{{.Diplomatic}}</span></p>{{end}}
    </li>
    {{end}}`))
	type piece struct {
		Text string
		Mark bool
	}
	pieces := func(text string, marks [][2]int) []piece {
		runes := []rune(text)
		var out []piece
		at := 0
		for _, m := range marks {
			if m[0] < at || m[1] > len(runes) {
				continue
			}
			if m[0] > at {
				out = append(out, piece{Text: string(runes[at:m[0]])})
			}
			out = append(out, piece{Text: string(runes[m[0]:m[1]]), Mark: true})
			at = m[1]
		}
		if at < len(runes) {
			out = append(out, piece{Text: string(runes[at:])})
		}
		return out
	}
	type aligned struct {
		Lang   string
		Pieces []piece
	}
	type view struct {
		store.SearchHit
		Pieces  []piece
		Aligned []aligned
	}
	hits := []store.SearchHit{
		{DocumentID: "117313", Title: `Письмо <b>"Ким"</b> & 'сын'`, Date: "1950-10-05", Lang: "ru", Link: 2,
			Text: "Ваш ответ 𝔸 получил, ёж.", Diplomatic: "Баш ответ 𝔸 получил, ёж.", Marks: [][2]int{{0, 3}, {12, 19}, {10, 11}, {21, 23}, {24, 30}},
			OCRVariant: []string{"баш", "<q>"},
			Aligned:    []store.AlignedPassage{{Lang: "en", Text: "Your answer 𝔸 <received> +1", Marks: [][2]int{{0, 4}, {14, 24}}}, {Lang: "de", Text: "", Marks: nil}}},
		{DocumentID: "gen-00001", Title: "Untitled", Lang: "en", Link: 14, Text: "a & b", Marks: [][2]int{{2, 3}, {4, 5}}, Aligned: []store.AlignedPassage{}},
		{DocumentID: "x.y_z", Title: "nul\x00byte", Date: "", Lang: "en", Link: 0, Text: "е\u0301жик", Marks: [][2]int{{0, 2}, {2, 2}}},
	}
	var views []view
	for _, h := range hits {
		v := view{SearchHit: h, Pieces: pieces(h.Text, h.Marks)}
		for _, a := range h.Aligned {
			v.Aligned = append(v.Aligned, aligned{Lang: a.Lang, Pieces: pieces(a.Text, a.Marks)})
		}
		views = append(views, v)
	}
	var want strings.Builder
	if err := tmpl.Execute(&want, views); err != nil {
		t.Fatal(err)
	}
	if got := (&searchPage{Hits: hits}).HitsHTML(); string(got) != want.String() {
		t.Errorf("got\n%s\nwant\n%s", got, want.String())
	}
}
