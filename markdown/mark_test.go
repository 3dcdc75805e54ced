package markdown

import "testing"

func TestMark(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"a word in text", "Stalin *hesitated* here", "<p>Stalin <em><mark>hesitated</mark></em> here</p>\n"},
		{"not inside a tag or a link", "[hesitated](https://example.org/hesitated)", `<p><a href="https://example.org/hesitated" rel="nofollow noopener" target="_blank"><mark>hesitated</mark></a></p>` + "\n"},
		{"raw HTML stays text", "<b>hesitated</b>", "<p>&lt;b&gt;<mark>hesitated</mark>&lt;/b&gt;</p>\n"},
		{"whole words only", "unhesitated", "<p>unhesitated</p>\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Mark(ToHTML(tc.src), map[string]bool{"hesitated": true}); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
