package suggest

import (
	"slices"
	"unicode/utf8"

	"sverka/lexicon"
)

// The speller skips edits that cannot make a reading: a word with a
// misread letter at k is right up to k and from k+1 on, so an edit must
// stand where the longest right beginning ends (reach) and the longest right
// ending starts (back) meet. The lexicon's filters of beginnings and
// endings (and the counts', for the words they add) answer with one memory
// read each and never turn away a beginning or ending a word has.

// reach returns the end (in bytes) of the longest beginning of the
// lower-case s that may begin a reading: as a whole (кое-где, абу-ль-фарадж)
// or from its last space or hyphen on, as a word of the lexicon or of the
// counts. No edit after it can make s right.
func (sp *speller) reach(s string) int {
	end, _ := sp.reachFrom(s, 0, walkStart, nil)
	return end
}

// reachState is where reach stands after a beginning of a string: the hashes of
// the beginning and of its last part, and whether the whole may begin a
// reading.
type reachState struct {
	whole, part uint64
	wholeAlive  bool
}

var walkStart = reachState{lexicon.HashOf("", "", ""), lexicon.HashOf("", "", ""), true}

// reachFrom is reach of s, given st, where reach stands after s[:from]
// (having gone through it), and where it stands at its end. If walks is
// not nil, it keeps where reach stands at each byte of s it reaches, for
// strings that begin as s does.
func (sp *speller) reachFrom(s string, from int, st reachState, walks []reachState) (int, reachState) {
	for k := from; k < len(s); {
		if walks != nil {
			walks[k] = st
		}
		_, size := utf8.DecodeRuneInString(s[k:])
		if st.wholeAlive {
			st.whole = lexicon.ExtendHash(st.whole, s[k:k+size])
			st.wholeAlive = sp.mayBegin(st.whole)
		}
		if s[k] == ' ' || s[k] == '-' {
			st.part = walkStart.part
		} else {
			st.part = lexicon.ExtendHash(st.part, s[k:k+size])
			if !st.wholeAlive && !sp.mayBegin(st.part) {
				return k, st
			}
		}
		k += size
	}
	if walks != nil {
		walks[len(s)] = st
	}
	return len(s), st
}

// reached is where reach stands after a word: how far it went (its
// end) and its state there.
type reached struct {
	end int
	st  reachState
}

// reachOf is reachFrom of the lower-case w from its start, remembered
// until the counts change (the speller's vocabulary is theirs): joins
// walks each word of a text with a word after it, and words recur.
func (c *Checker) reachOf(w string, sp *speller) reached {
	k := formKey{w, c.counts.Version()}
	if r, ok := c.reaches.get(k); ok {
		return r
	}
	var r reached
	r.end, r.st = sp.reachFrom(w, 0, walkStart, nil)
	c.reaches.put(k, r)
	return r
}

// walked is a string with where reach stood at each of its bytes up to
// end, its reach: the readings made by one edit of it begin so.
type walked struct {
	s     string
	walks []reachState
	end   int
}

// walk walks s, up to from as base does (s begins as base up to from), and
// keeps it in w.
func (sp *speller) walk(w *walked, s string, base *walked, from int) {
	w.s = s
	w.walks = slices.Grow(w.walks[:0], len(s)+1)[:len(s)+1]
	if base == nil {
		w.end, _ = sp.reachFrom(s, 0, walkStart, w.walks)
		return
	}
	n := min(from, base.end)
	copy(w.walks[:n+1], base.walks[:n+1])
	w.end = base.end // base died before s differs from it
	if from <= base.end {
		w.end, _ = sp.reachFrom(s, from, base.walks[from], w.walks)
	}
}

// reachesEdited reports whether reach goes through the whole of w with
// w[i:j] replaced by want, without making that string when w is one the
// speller walked: it goes on from where reach stood at i through want,
// then through w from j.
func (sp *speller) reachesEdited(w string, i, j int, want string) bool {
	for _, wk := range []*walked{&sp.word, &sp.edited} {
		if wk.s != w {
			continue
		}
		st, ok := sp.through(wk, i, want)
		if !ok {
			return false
		}
		end, _ := sp.reachFrom(w, j, st, nil)
		return end == len(w)
	}
	s := w[:i] + want + w[j:]
	return sp.reach(s) == len(s)
}

// through returns where reach stands after want put at byte i of a walked
// string, and whether it goes through want: if not, no reading begins so.
func (sp *speller) through(wk *walked, i int, want string) (reachState, bool) {
	if i > wk.end {
		return reachState{}, false // dead before the edit
	}
	end, st := sp.reachFrom(want, 0, wk.walks[i], nil)
	return st, end == len(want)
}

// back returns the start (in bytes) of the longest ending of the
// lower-case s that may end a reading, as a whole or up to its first space
// or hyphen: no edit that leaves s before it can make s right.
func (sp *speller) back(s string) int {
	whole, part := lexicon.HashBack(""), lexicon.HashBack("")
	wholeAlive := true
	for k := len(s); k > 0; {
		_, size := utf8.DecodeLastRuneInString(s[:k])
		if wholeAlive {
			whole = lexicon.ExtendHashBack(whole, s[k-size:k])
			wholeAlive = sp.mayEnd(whole)
		}
		if s[k-1] == ' ' || s[k-1] == '-' {
			part = lexicon.HashBack("")
		} else {
			part = lexicon.ExtendHashBack(part, s[k-size:k])
			if !wholeAlive && !sp.mayEnd(part) {
				return k
			}
		}
		k -= size
	}
	return 0
}

func (sp *speller) mayBegin(h uint64) bool {
	return sp.c.lex != nil && sp.c.lex.MayBegin(h) || sp.vocab.edges.MayBegin(h)
}

func (sp *speller) mayEnd(h uint64) bool {
	return sp.c.lex != nil && sp.c.lex.MayEnd(h) || sp.vocab.edges.MayEnd(h)
}
