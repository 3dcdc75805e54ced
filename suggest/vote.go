package suggest

import (
	"context"
	"math"
	"slices"
	"sync"
)

// A server checks a document again after every edit, and what the check
// of each unit worked out is remembered; so is the document's vote, for
// the documents checked last, so that after an edit of a unit or two only
// what the edit changed is counted and voted on again: each key whose
// count the edited units change is counted again over the units that have
// it, in the order newDocument counts them (so that every count is the
// same to the last bit), and the units that have such a key vote again.
// When the number of the document's words changes, each unit the document
// said something of votes again too, since every share depends on it: a
// few operations for each of its doubtful spans.

// maxVotes is how many documents' votes a checker remembers: a vote on
// 2,000 sentences holds 1.9 MB of its own once voted on again.
const maxVotes = 4

// documents are the votes of the documents a checker checked last, the
// last first. A vote holds what the check of each of its units worked out
// (8.1 MB for 2,000 sentences), which the units' memo forgets in time: the
// votes on four such documents held 18.7 MB that the memo had let go. A
// vote is taken again only while the memo remembers half its units'
// checks, so the votes kept hold no more checks (checkedBytes) than a
// generation of the memo does (budget), besides the last: with a budget of
// twice one generation, two such votes still held 11.5 MB more than the
// memo, with one generation's, 0.6 MB.
type documents struct {
	mu     sync.Mutex
	list   []*docVote
	budget int
}

// docVote is the vote on a document as last worked out.
type docVote struct {
	units []checked // what the check of each unit worked out
	doc   *document
	flags [][]Flag // of each unit, after the vote
	said  []bool   // whether the document said anything of unit i's spans
	// has lists, for each key, the units that have it among their words
	// or the keys of their doubtful hypotheses, in order (made when the
	// vote is first taken again).
	has map[string][]int32
	// bytes is what its units' checks hold (checkedBytes), when kept.
	bytes int
}

// take returns the vote on the document whose units' checks were most
// like rs (unit by unit; at least half of them the same), taken out of the
// list, or nil.
func (ds *documents) take(rs []checked) *docVote {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	best, most := -1, 0
	for i, v := range ds.list {
		if len(v.units) != len(rs) {
			continue
		}
		same := 0
		for j := range rs {
			if rs[j].id == v.units[j].id {
				same++
			}
		}
		if same > most && 2*same >= len(rs) {
			best, most = i, same
		}
	}
	if best < 0 {
		return nil
	}
	v := ds.list[best]
	ds.list = slices.Delete(ds.list, best, best+1)
	return v
}

// keep puts a vote first in the list, forgetting the oldest beyond
// maxVotes or the budget.
func (ds *documents) keep(v *docVote) {
	v.bytes = 0
	for _, r := range v.units {
		v.bytes += checkedBytes(r)
	}
	ds.mu.Lock()
	defer ds.mu.Unlock()
	ds.list = slices.Insert(ds.list, 0, v)
	n, held := 1, v.bytes
	for n < min(len(ds.list), maxVotes) && held+ds.list[n].bytes <= ds.budget {
		held += ds.list[n].bytes
		n++
	}
	clear(ds.list[n:])
	ds.list = ds.list[:n]
}

// newVote counts a document's words and lets every unit vote.
func (c *Checker) newVote(ctx context.Context, units []Unit, rs []checked) *docVote {
	v := &docVote{units: rs, doc: newDocument(c.counts, rs), flags: make([][]Flag, len(rs)), said: make([]bool, len(rs))}
	onEveryCore(ctx, len(rs), func(i int) { v.flags[i], v.said[i] = flagsOf(units[i], rs[i], v.doc) })
	c.voted.Add(int64(len(rs)))
	return v
}

// revote brings a vote up to the units' checks now (rs), counting again
// only the keys whose counts the changed units change, and letting vote
// again only the units that those or the number of words concern (and
// those with a second reading, which is not remembered). It reports false,
// changing nothing, when so many units changed that a new vote costs less.
func (c *Checker) revote(ctx context.Context, v *docVote, units []Unit, rs []checked) bool {
	var changed []int
	for i := range rs {
		if rs[i].id != v.units[i].id {
			changed = append(changed, i)
		}
	}
	if len(changed) > len(rs)/8 {
		return false
	}
	if v.has == nil && len(changed) > 0 {
		v.has = keyUnits(v.units)
	}
	d, words := v.doc, v.doc.words
	again := make([]bool, len(rs))
	var dirty []string
	for _, i := range changed {
		old, now := v.units[i], rs[i]
		d.words += float64(len(now.words)) - float64(len(old.words))
		was, is := unitKeys(old), unitKeys(now)
		for _, k := range was {
			if !slices.Contains(is, k) {
				v.has[k] = deleteUnit(v.has[k], i)
			}
		}
		for _, k := range is {
			if !slices.Contains(was, k) {
				v.has[k] = insertUnit(v.has[k], i)
			}
		}
		for _, k := range append(was, is...) {
			if !slices.Contains(dirty, k) && !sameCount(old, now, k) {
				dirty = append(dirty, k)
			}
		}
		v.units[i], again[i] = now, true
	}
	for _, k := range dirty {
		n, counted := v.count(k)
		dw := d.n[k]
		switch {
		case !counted:
			delete(d.n, k) // no unit's hypothesis has it: none votes on it
			continue
		case dw == nil:
			d.n[k] = &docWord{n: n, p: math.Exp(c.counts.logWord(k))}
		case dw.n != n:
			dw.n = n
		default:
			continue
		}
		for _, i := range v.has[k] {
			again[i] = again[i] || votesOn(v.units[i], k)
		}
	}
	for i := range again {
		wordsChanged := d.words != words && (v.said[i] || words <= 1 || d.words <= 1)
		again[i] = again[i] || wordsChanged || units[i].Second != nil
	}
	var list []int
	for i, a := range again {
		if a {
			list = append(list, i)
		}
	}
	onEveryCore(ctx, len(list), func(k int) {
		i := list[k]
		v.flags[i], v.said[i] = flagsOf(units[i], v.units[i], d)
	})
	c.voted.Add(int64(len(list)))
	return true
}

// count counts key k in the document as newDocument does, and reports
// whether a hypothesis of a unit has it (whether the document counts it).
// (Taking away the OCR form's share is adding its negative, to the bit.)
func (v *docVote) count(k string) (float64, bool) {
	n, counted := 0.0, false
	for _, u := range v.has[k] {
		words, has, ops := countOps(v.units[u], k)
		for range words {
			n++
		}
		for _, x := range ops {
			n += x
		}
		counted = counted || has
	}
	return n, counted
}

// votesOn reports whether a doubtful hypothesis of a unit has key k.
func votesOn(r checked, k string) bool {
	return slices.ContainsFunc(r.doubtful, func(h hypothesis) bool { return slices.Contains(h.keys, k) })
}

// sameCount reports whether two checks of a unit count key k alike: as
// often among their words, each a hypothesis with it or neither, and
// their shares in the same order.
func sameCount(a, b checked, k string) bool {
	wa, ha, sa := countOps(a, k)
	wb, hb, sb := countOps(b, k)
	return wa == wb && ha == hb && slices.Equal(sa, sb)
}

// countOps returns how often a unit's words have key k, whether a
// hypothesis has it, and what the unit's soft hypotheses add to its count,
// in order (the OCR form's share taken away written as its negative).
func countOps(r checked, k string) (int, bool, []float64) {
	words, has := 0, false
	var ops []float64
	for _, w := range r.words {
		if w == k {
			words++
		}
	}
	for j, h := range r.doubtful {
		if !slices.Contains(h.keys, k) {
			continue
		}
		has = true
		if hv := r.votes[j]; hv.soft {
			if h.keys[0] == k {
				ops = append(ops, -(1 - hv.keep))
			}
			for x, rk := range h.keys[1:] {
				if rk == k {
					ops = append(ops, hv.shares[x])
				}
			}
		}
	}
	return words, has, ops
}

// unitKeys returns the keys of a unit's words and of its doubtful
// hypotheses, each once.
func unitKeys(r checked) []string {
	var out []string
	add := func(k string) {
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, w := range r.words {
		add(w)
	}
	for _, h := range r.doubtful {
		for _, k := range h.keys {
			add(k)
		}
	}
	return out
}

// keyUnits lists, for each key, the units that have it (see unitKeys), in
// order.
func keyUnits(units []checked) map[string][]int32 {
	has := map[string][]int32{}
	for i, r := range units {
		for _, k := range unitKeys(r) {
			has[k] = append(has[k], int32(i))
		}
	}
	return has
}

func insertUnit(list []int32, i int) []int32 {
	if at, ok := slices.BinarySearch(list, int32(i)); !ok {
		return slices.Insert(list, at, int32(i))
	}
	return list
}

func deleteUnit(list []int32, i int) []int32 {
	if at, ok := slices.BinarySearch(list, int32(i)); ok {
		return slices.Delete(list, at, at+1)
	}
	return list
}
