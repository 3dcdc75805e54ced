package markdown

import (
	"strings"
	"testing"
)

func TestToHTML(t *testing.T) {
	tests := []struct {
		name, src   string
		want        []string
		mustNotHave []string
	}{
		{"emphasis", "*Баш* is **wrong**", []string{"<em>Баш</em>", "<strong>wrong</strong>"}, nil},
		{"script block", "<script>alert(1)</script>", []string{"&lt;script&gt;"}, []string{"<script"}},
		{"inline handler", `see <img src=x onerror="alert(1)"> here`, []string{"&lt;img"}, []string{"<img", "onerror=\""}},
		{"javascript link", "[click](javascript:alert(1))", nil, []string{"javascript:"}},
		{"style", "<style>body{display:none}</style>", nil, []string{"<style"}},
		{"link", "[Wilson](https://digitalarchive.wilsoncenter.org/)", []string{`href="https://digitalarchive.wilsoncenter.org/"`, "nofollow"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ToHTML(tc.src)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %q, want it to contain %q", got, w)
				}
			}
			for _, w := range tc.mustNotHave {
				if strings.Contains(got, w) {
					t.Errorf("got %q, must not contain %q", got, w)
				}
			}
		})
	}
}
