package store

import (
	"slices"
	"testing"
)

// TestRuneSlices: passages are cut at code points, as SQL's substr cuts
// them, whatever the order of the ranges and past the end of the text.
func TestRuneSlices(t *testing.T) {
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
	if got := runeSlices(text, ranges); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
