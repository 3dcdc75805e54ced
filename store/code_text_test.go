package store

import (
	"strings"
	"testing"

	"sverka/anno"
)

// TestCodeTextMatchesAsRunes: a quote checked on the text as the cache
// keeps it is accepted or refused as anno.Matches does on its code points,
// with characters of one to four bytes, at the ends of the text and past
// them.
func TestCodeTextMatchesAsRunes(t *testing.T) {
	text := mixedWidthText(300)
	runes := []rune(text)
	ct := newCodeText(text)
	quote := func(s, e int) string { return string(runes[max(0, min(s, len(runes))):max(0, min(e, len(runes)))]) }
	for start := -1; start <= len(runes)+1; start += 3 {
		for _, n := range []int{0, 1, 4, 40} {
			end := start + n
			for _, c := range []struct{ exact, prefix, suffix string }{
				{quote(start, end), quote(start-5, start), quote(end, end+5)},
				{quote(start, end), "", ""},
				{quote(start, end), "ж" + quote(start-5, start), ""},
				{quote(start, end), "", quote(end, end+70)},
				{quote(start, end) + "a", "", ""},
			} {
				want := anno.Matches(runes, start, end, c.exact, c.prefix, c.suffix)
				if got := ct.matches(start, end, c.exact, c.prefix, c.suffix); got != want {
					t.Fatalf("matches(%d, %d, %q, %q, %q) = %v, want %v", start, end, c.exact, c.prefix, c.suffix, got, want)
				}
			}
		}
	}
}

// mixedWidthText is n characters of one to four bytes in UTF-8, and spaces.
func mixedWidthText(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString([]string{"a", "ж", "€", "𝔄", " "}[i*7%5])
	}
	return b.String()
}
