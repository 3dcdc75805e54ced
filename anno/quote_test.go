package anno

import (
	"fmt"
	"strings"
	"testing"
)

func TestReanchor(t *testing.T) {
	tests := []struct {
		name, text            string
		old                   int
		exact, prefix, suffix string
		start                 int
		ok                    bool
	}{
		{"still there", "Баш ответ получил.", 0, "Баш", "", " ответ", 0, true},
		{"moved", "Вчера. Баш ответ получил.", 0, "Баш", "", " ответ", 7, true},
		{"best context wins", "Баш ответ. Баш привет.", 0, "Баш", "", " привет", 11, true},
		{"tie is refused", "Баш. Баш.", 20, "Баш", "", "", 0, false},
		{"gone", "Ваш ответ получил.", 0, "Баш", "", "", 0, false},
		{"insertion point moved", "abc", 9, "", "", "", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _, ok := Reanchor([]rune(tc.text), tc.old, tc.exact, tc.prefix, tc.suffix)
			if ok != tc.ok || ok && s != tc.start {
				t.Errorf("got %d, %v; want %d, %v", s, ok, tc.start, tc.ok)
			}
		})
	}
}

// BenchmarkReanchor re-anchors a quote that moved in a text of 5,000
// sentences (about 200,000 code points), the size of a long document.
func BenchmarkReanchor(b *testing.B) {
	var sb strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&sb, "Предложение номер %d о мире и войне. ", i)
	}
	text := []rune("Вставка. " + sb.String())
	exact := "Предложение номер 4321 о мире"
	for b.Loop() {
		if _, _, ok := Reanchor(text, 3, exact, "", " и войне"); !ok {
			b.Fatal("not found")
		}
	}
}
