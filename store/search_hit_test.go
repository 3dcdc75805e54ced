package store

import (
	"slices"
	"strings"
	"testing"
)

// TestCodeTextSlice: passages are cut at code points, as SQL's substr cuts
// them, whatever the order of the ranges and past the end of the text.
func TestCodeTextSlice(t *testing.T) {
	text := "Ёж шёл. Hedgehog went. Ёж"
	ranges := [][2]int{{8, 22}, {0, 7}, {23, 25}, {23, 40}, {3, 3}, {30, 35}}
	want := []string{"Hedgehog went.", "Ёж шёл.", "Ёж", "Ёж", "", ""}
	for i, r := range ranges {
		if rs := []rune(text); r[0] < len(rs) {
			if got := string(rs[r[0]:min(r[1], len(rs))]); got != want[i] {
				t.Fatalf("the test's own want %d: %q is not %q", i, want[i], got)
			}
		}
	}
	ct := newCodeText(text)
	var got []string
	for _, r := range ranges {
		got = append(got, ct.slice(r[0], r[1]))
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestCodeTextSliceLongText: in a text of many marks, with characters of
// one to four bytes, every cut equals the code points' own slice.
func TestCodeTextSliceLongText(t *testing.T) {
	var b strings.Builder
	for i := range 1500 {
		b.WriteString([]string{"a", "ж", "€", "𝔄", " "}[i*7%5])
	}
	text := b.String()
	runes := []rune(text)
	ct := newCodeText(text)
	for start := -1; start <= len(runes)+2; start += 7 {
		for _, n := range []int{0, 1, 5, 63, 64, 65, 200} {
			end := start + n
			want := ""
			if s, e := max(start, 0), min(end, len(runes)); s < e {
				want = string(runes[s:e])
			}
			if got := ct.slice(start, end); got != want {
				t.Fatalf("slice(%d, %d) = %q, want %q", start, end, got, want)
			}
		}
	}
}
