package stemming

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unsafe"

	"sverka/internal/loadtest"
)

func TestKey(t *testing.T) {
	k := New(nil, nil)
	tests := []struct{ a, b string }{
		{"войны", "войне"},
		{"войну", "Война"},
		{"ещё", "еще"},
		{"Ёлка", "елки"},
		{"divisions", "division"},
		{"Korean", "korean"},
	}
	for _, tc := range tests {
		if k.Key(tc.a) != k.Key(tc.b) {
			t.Errorf("Key(%q) = %q, Key(%q) = %q, want the same", tc.a, k.Key(tc.a), tc.b, k.Key(tc.b))
		}
	}
	if k.Key("Китай") == k.Key("Корея") {
		t.Errorf("different words got one key %q", k.Key("Китай"))
	}
}

func TestTokensAreCodePoints(t *testing.T) {
	k := New(nil, nil)
	toks := k.Tokens("Баш ответ, 38-ю: «мир»")
	want := []Token{{0, 3, k.Key("Баш"), false}, {4, 9, k.Key("ответ"), false}, {11, 13, "38", false}, {14, 15, k.Key("ю"), false}, {18, 21, k.Key("мир"), false}}
	if len(toks) != len(want) {
		t.Fatalf("got %v, want %v", toks, want)
	}
	for i := range want {
		if toks[i] != want[i] {
			t.Errorf("token %d: got %v, want %v", i, toks[i], want[i])
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "Баш ответ получил.", "a\u0301b", "\xff\xfe", "ёЁ 1950 г."} {
		f.Add(s)
	}
	k := New(nil, nil)
	f.Fuzz(func(t *testing.T, s string) {
		n := len([]rune(s))
		prev := 0
		for _, tok := range k.Tokens(s) {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > n {
				t.Fatalf("token %v out of order or range in %q", tok, s)
			}
			prev = tok.End
		}
	})
}

// TestKeyCacheKeepsFormsInUse: a Keyer that has seen more forms than it
// may remember forgets the ones not used lately, never all at once, so a
// server keying a stream of new forms does not have to key the common
// ones again in a burst.
func TestKeyCacheKeepsFormsInUse(t *testing.T) {
	k := New(nil, nil)
	k.Key("война")
	for i := range maxCached + 1000 {
		k.Key(strconv.Itoa(i)) // numbers: no stemming, cheap to key
		if i%1000 == 0 {
			k.Key("война")
		}
		_, recent := k.recent.find("война")
		_, older := k.older.find("война")
		if !recent && !older {
			t.Fatalf("after %d new forms, a form looked up every 1,000 is forgotten", i+1)
		}
		if n := k.recent.size() + k.older.size(); n > maxCached {
			t.Fatalf("after %d new forms, %d are remembered, want at most %d", i+1, n, maxCached)
		}
	}
}

// TestKeyCacheKeepsNoText: keying the words of a long text (Spans gives
// them as pieces of it) leaves the text to the garbage collector; the
// cache once kept every text a new word came from, 100 MB more live heap
// after 400 requests to a 10,000-document archive.
func TestKeyCacheKeepsNoText(t *testing.T) {
	k := New(nil, nil)
	text := strings.Repeat("слово ", 1000) + "новое"
	for s := range Spans(text) {
		k.Key(s.Word)
	}
	start := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	for i := range k.recent.forms.Len() {
		w := k.recent.forms.At(i)
		if p := uintptr(unsafe.Pointer(unsafe.StringData(w))); p >= start && p < start+uintptr(len(text)) {
			t.Errorf("the cache keeps %q as a piece of the text it came from", w)
		}
	}
}

// TestKeyCacheCompact: the forms a Keyer remembers (up to maxCached, half a
// million) are packed, about 40 bytes a form, not a map of strings (70
// bytes a form here, 130 for the forms of the Russian lexicon: 70 MB when
// full).
func TestKeyCacheCompact(t *testing.T) {
	const n = 100_000
	words := make([]string, n)
	for i := range words {
		words[i] = fmt.Sprintf("слов%c%c%c%c", 'а'+rune(i%32), 'а'+rune(i/32%32), 'а'+rune(i/1024%32), 'а'+rune(i/32768))
	}
	k := New(nil, nil)
	before := loadtest.LiveHeap()
	for _, w := range words {
		k.Key(w)
	}
	perForm := float64(loadtest.LiveHeap()-before) / n
	runtime.KeepAlive(k)
	if perForm > 50 {
		t.Errorf("the key cache takes %.0f bytes a form, want at most 50", perForm)
	}
}

// TestIsWordRune: the shortcuts for ASCII and Cyrillic say what unicode's
// tables say, for every code point.
func TestIsWordRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if got := isWordRune(r); got != want {
			t.Fatalf("isWordRune(%U) = %v, want %v", r, got, want)
		}
	}
}
