package suggest

import (
	"context"
	"encoding/json"
	"math"
	"testing"
)

// TestRescoreAfterLearning checks that after the channel learns from
// accepted corrections a checked document is scored again, not checked
// again, where none of the learned edits touch a unit, and that its flags
// are then those a fresh checker with the same channel finds.
func TestRescoreAfterLearning(t *testing.T) {
	c := newChecker(t)
	var units []Unit
	for _, u := range injected(referenceParagraphs(t)[heldOut:], 100, 0.08, 5) {
		units = append(units, Unit{Text: u.text})
	}
	c.CheckAll(context.Background(), units)
	learned := [][2]string{{"Баш", "Ваш"}, {"внал", "знал"}, {"Баш", "Ваш"}, {"тсм", "тем"}}
	start := c.scans.Load()
	for _, learn := range learned {
		before := c.scans.Load()
		c.Channel().Learn(learn[0], learn[1])
		got := c.CheckAll(context.Background(), units)
		t.Logf("after learning %s→%s: %d of %d units checked again", learn[0], learn[1], c.scans.Load()-before, len(units))
		b, err := json.Marshal(c.Channel())
		if err != nil {
			t.Fatal(err)
		}
		ch := NewChannel()
		if err := json.Unmarshal(b, ch); err != nil {
			t.Fatal(err)
		}
		want := New(c.lex, DefaultCounts(), ch).CheckAll(context.Background(), units)
		for i := range units {
			if !sameFlags(got[i], want[i]) {
				t.Fatalf("unit %d after learning %s→%s: got %v, want %v", i, learn[0], learn[1], got[i], want[i])
			}
		}
	}
	// б→в, в→з and с→е touch many units (a word with one of those letters
	// has a reading through it), but not most.
	if checked, all := c.scans.Load()-start, int64(len(units)*len(learned)); checked > all*3/4 {
		t.Errorf("%d of %d units checked again after learning, want at most three quarters", checked, all)
	}
}

// sameFlags reports whether two checks flagged the same spans with the
// same readings, their confidences equal but for rounding.
func sameFlags(a, b []Flag) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Start != b[i].Start || a[i].End != b[i].End || len(a[i].Readings) != len(b[i].Readings) || math.Abs(a[i].Keep-b[i].Keep) > 1e-9 {
			return false
		}
		for j, r := range a[i].Readings {
			if r.Text != b[i].Readings[j].Text || math.Abs(r.Confidence-b[i].Readings[j].Confidence) > 1e-9 {
				return false
			}
		}
	}
	return true
}
