package sverka

import (
	"sort"
	"unicode/utf8"
)

// LinkRef is a stable link identifier of a document and what it stands
// for: the words every link that carried it ever held. An alignment edit
// keeps a ref on the link that holds its first words; a merged link keeps
// the first ref and the second no longer names a row, but still answers
// with the rows that hold its words now. Since base texts are immutable,
// those words never move.
type LinkRef struct {
	Ref int `json:"ref"`
	// Spans are, per language, the code-point span [start, end) of the base
	// text covering every sentence a link with this ref ever held.
	Spans map[string][2]int `json:"spans"`
}

// RefTarget is where a ref points in the alignment as it is now.
type RefTarget struct {
	Ref int `json:"ref"`
	// Link is the ref of the row that answers for Ref: Ref itself while a
	// link carries it, else the first row holding its words.
	Link int `json:"link"`
	// Position is the position of that row; First and Last are those of the
	// first and last rows holding what Ref ever held.
	Position int  `json:"position"`
	First    int  `json:"first"`
	Last     int  `json:"last"`
	Live     bool `json:"live"`
}

// Widened reports whether what the ref stood for is spread over more than
// the row answering for it (a split, a sentence moved away).
func (t RefTarget) Widened() bool { return t.First != t.Last }

// ResolveRefs finds where each ref points in d's alignment. A ref whose
// spans hold no sentence of d (which cannot happen to a ref d's own links
// made) is left out.
func (d *Document) ResolveRefs(refs []LinkRef) []RefTarget {
	live := map[int]int{}
	for i, l := range d.Links {
		if l.Ref > 0 {
			live[l.Ref] = i
		}
	}
	// owner[lang][k] is the index of the link holding segment k of lang.
	owner := map[string][]int{}
	for _, t := range d.Texts {
		owner[t.Lang] = make([]int, len(t.Segments))
	}
	for i, l := range d.Links {
		for lang, ks := range l.Segments {
			for _, k := range ks {
				if k >= 0 && k < len(owner[lang]) {
					owner[lang][k] = i
				}
			}
		}
	}
	var out []RefTarget
	for _, r := range refs {
		first, last := -1, -1
		for _, t := range d.Texts {
			sp, ok := r.Spans[t.Lang]
			if !ok {
				continue
			}
			segs := t.Segments
			a := sort.Search(len(segs), func(k int) bool { return segs[k].End > sp[0] })
			b := sort.Search(len(segs), func(k int) bool { return segs[k].Start >= sp[1] }) - 1
			if a > b || a >= len(segs) || b < 0 {
				continue
			}
			if f := owner[t.Lang][a]; first < 0 || f < first {
				first = f
			}
			if l := owner[t.Lang][b]; l > last {
				last = l
			}
		}
		i, isLive := live[r.Ref]
		if first < 0 && !isLive {
			continue
		}
		if !isLive {
			i = first
		}
		if first < 0 || i < first {
			first = i
		}
		if i > last {
			last = i
		}
		out = append(out, RefTarget{Ref: r.Ref, Link: d.Links[i].Ref, Position: d.Links[i].Position,
			First: d.Links[first].Position, Last: d.Links[last].Position, Live: isLive})
	}
	return out
}

// StoredRefs are the numbers d's links have once stored, in order: each
// link's own Ref, and for a link without one the next number after the
// highest given (so the links of a document just derived, or of an archive
// written before links had numbers, are numbered by position).
func (d *Document) StoredRefs() []int {
	next := 1
	for _, l := range d.Links {
		next = max(next, l.Ref+1)
	}
	for _, r := range d.Refs {
		next = max(next, r.Ref+1)
	}
	out := make([]int, len(d.Links))
	for i, l := range d.Links {
		out[i] = l.Ref
		if l.Ref == 0 {
			out[i] = next
			next++
		}
	}
	return out
}

// validateRefs checks the link numbers d carries: no two links share one,
// and each of Refs is a number of its own whose spans lie in d's texts.
func (d *Document) validateRefs() error {
	seen := map[int]bool{}
	for i, l := range d.Links {
		if l.Ref < 0 || l.Ref > 0 && seen[l.Ref] {
			return Invalid("links", "link %d has the number %d, which is negative or another link's", i+1, l.Ref)
		}
		seen[l.Ref] = true
	}
	length := map[string]int{}
	for _, t := range d.Texts {
		length[t.Lang] = utf8.RuneCountInString(t.Text)
	}
	given := map[int]bool{}
	for _, r := range d.Refs {
		if r.Ref < 1 || given[r.Ref] {
			return Invalid("linkRefs", "link number %d is not positive or is given twice", r.Ref)
		}
		given[r.Ref] = true
		for lang, sp := range r.Spans {
			n, ok := length[lang]
			if !ok || sp[0] < 0 || sp[1] < sp[0] || sp[1] > n {
				return Invalid("linkRefs", "link number %d: span %v of %q is outside the texts", r.Ref, sp, lang)
			}
		}
	}
	return nil
}
