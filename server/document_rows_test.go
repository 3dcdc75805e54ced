package server

import (
	"html/template"
	"strings"
	"testing"
)

// TestRowsEscapeAsTemplates: the reading view's rows, written without
// html/template, escape a sentence's text and attribute values as
// html/template does, in text and in quoted attributes alike.
func TestRowsEscapeAsTemplates(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))
	for _, s := range []string{`<script>alert("x")</script>`, `a & b 'c' +1 > 0`, "nul\x00byte", "Сверка — «ёж»", `"><img src=x onerror=alert(1)>`} {
		var want strings.Builder
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		got.WriteString(`<p title="`)
		escapeHTML(&got, s)
		got.WriteString(`">`)
		escapeHTML(&got, s)
		got.WriteString(`</p>`)
		if got.String() != want.String() {
			t.Errorf("got %s, want %s", got.String(), want.String())
		}
	}
}
