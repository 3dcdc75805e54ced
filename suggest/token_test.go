package suggest

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestByteChecks compares the checks that tell Russian letters and spaces
// by their bytes with what the unicode tables say, on every code point
// from U+0000 to U+04FF and on broken UTF-8 around the Cyrillic bytes.
func TestByteChecks(t *testing.T) {
	texts := []string{"", "слово", "Слово", "ёлка", "ЁЛКА", "a b", "сл\u00a0во", "сл\u2028во", "\xd0", "\xd0 ", "\xd1\x91", "\xd1 ё", "\xe0\xb0\xb0", "word", "Word"}
	for r := rune(0); r < 0x500; r++ {
		texts = append(texts, "ж"+string(r), string(r)+"ы", string(r))
	}
	for _, s := range texts {
		if got, want := lower(s), strings.ToLower(s); got != want {
			t.Errorf("lower(%q) = %q, want %q", s, got, want)
		}
		if got, want := hasSpace(s), strings.IndexFunc(s, unicode.IsSpace) >= 0; got != want {
			t.Errorf("hasSpace(%q) = %v, want %v", s, got, want)
		}
		r, size := utf8.DecodeRuneInString(s)
		want := size == len(s) && (r >= 'А' && r <= 'я' || r == 'ё' || r == 'Ё')
		if got := russianLetter(s); got != want {
			t.Errorf("russianLetter(%q) = %v, want %v", s, got, want)
		}
	}
}
