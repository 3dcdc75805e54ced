package suggest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	aligner "sverka/align"
)

// TestEditVotesAgainLittle edits units of a 2,000-sentence document one
// at a time, as a scholar does, and checks the document again each time:
// the flags are those of a vote taken afresh, to the last bit, and an
// edit that keeps the number of words lets only the units it concerns
// vote again (every unit did before the vote was remembered).
func TestEditVotesAgainLittle(t *testing.T) {
	if _, err := aligner.Debian(); err != nil {
		needEnv(t, err)
	}
	units := sentenceUnits(t)
	c := newChecker(t)
	ctx := context.Background()
	c.CheckAll(ctx, units)
	word := func(i int) string { // the first Russian word of unit i
		for _, f := range strings.Fields(units[i].Text) {
			if isCyrillic(f) && isLetter([]rune(f)[0]) {
				return strings.TrimRight(f, ".,;:!?»)")
			}
		}
		t.Fatalf("unit %d has no Russian word", i)
		return ""
	}
	edits := []struct {
		name    string
		unit    int
		edit    func(string) string
		keeping bool // the number of words
	}{
		{"a word misread", 700, func(s string) string { return strings.Replace(s, word(700), "Баш", 1) }, true},
		{"the word read again", 700, func(s string) string { return strings.Replace(s, "Баш", "Ваш", 1) }, true},
		{"a sentence added", 10, func(s string) string { return s + " Он внал." }, false},
		{"a unit emptied", 1999, func(string) string { return "" }, false},
		{"two units changed", 42, func(s string) string {
			units[43].Text = strings.Replace(units[43].Text, word(43), "Ваш", 1)
			return strings.Replace(s, word(42), "внал", 1)
		}, true},
	}
	for _, e := range edits {
		units[e.unit].Text = e.edit(units[e.unit].Text)
		before := c.voted.Load()
		got := c.CheckAll(ctx, units)
		voted := c.voted.Load() - before
		rs := make([]checked, len(units))
		for i := range units {
			rs[i] = c.checked(units[i])
		}
		if want := c.newVote(ctx, units, rs).flags; !reflect.DeepEqual(got, want) {
			for i := range got {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("%s: unit %d: got %v, want %v", e.name, i, got[i], want[i])
				}
			}
		}
		t.Logf("%s: %d of %d units voted again", e.name, voted, len(units))
		if e.keeping && voted > int64(len(units))/20 {
			t.Errorf("%s: %d of %d units voted again, want at most %d", e.name, voted, len(units), len(units)/20)
		}
	}
}

// TestVotesWithinBudget: the votes kept hold no more units' checks than
// their budget, a generation of the units' memo, besides the last: a vote
// whose checks the memo forgot is never taken again, and kept them all
// (four long documents' votes held 18.7 MB the memo had let go).
func TestVotesWithinBudget(t *testing.T) {
	vote := func(words int) *docVote { // one unit of the given counting keys
		return &docVote{units: []checked{{words: make([]string, words)}}}
	}
	one := checkedBytes(vote(1000).units[0])
	ds := documents{budget: 5 * one / 2}
	for range maxVotes {
		ds.keep(vote(1000))
	}
	if got := len(ds.list); got != 2 {
		t.Errorf("after %d votes of %d bytes each within %d: %d kept, want 2", maxVotes, one, ds.budget, got)
	}
	ds.keep(vote(4000))
	if got := len(ds.list); got != 1 {
		t.Errorf("after a vote over the budget: %d kept, want 1 (the last)", got)
	}
	for range maxVotes + 1 {
		ds.keep(vote(1))
	}
	if got := len(ds.list); got != maxVotes {
		t.Errorf("after small votes: %d kept, want maxVotes (%d)", got, maxVotes)
	}
}
