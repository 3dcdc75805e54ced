package corpus

import (
	"sort"
	"unicode/utf8"
)

// Queries are search queries drawn from what a generator wrote, by kind,
// both languages mixed.
type Queries struct {
	// Common are among the most frequent word forms ("the", "и").
	Common []string `json:"common"`
	// Rare occur one to three times in the whole corpus.
	Rare []string `json:"rare"`
	// Phrase are two words side by side in some sentence, quoted.
	Phrase []string `json:"phrase"`
	// Inflected are forms of lemmas the corpus uses that were never
	// written themselves: only stemming finds them.
	Inflected []string `json:"inflected"`
	// Prefix are the first letters of a word of middling frequency
	// followed by "*".
	Prefix []string `json:"prefix"`
}

// Queries draws n queries of each kind from what was generated so far.
func (g *Generator) Queries(n int) Queries {
	var q Queries
	for l := range g.langs {
		type count struct {
			form string
			n    int
		}
		var all []count
		for f, c := range g.counts[l] {
			all = append(all, count{f, c})
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].n != all[j].n {
				return all[i].n > all[j].n
			}
			return all[i].form < all[j].form
		})
		if len(all) == 0 {
			continue
		}
		half := (n + 1) / 2
		for i := 0; i < half; i++ {
			q.Common = append(q.Common, all[g.rng.IntN(min(30, len(all)))].form)
		}
		var rare, middling []string
		for _, c := range all {
			switch {
			case c.n <= 3:
				rare = append(rare, c.form)
			case c.n >= 20 && c.n <= 500 && utf8.RuneCountInString(c.form) >= 6:
				middling = append(middling, c.form)
			}
		}
		q.Rare = append(q.Rare, g.pick(rare, half)...)
		for _, p := range g.pick(g.phrases[l], half) {
			q.Phrase = append(q.Phrase, `"`+p+`"`)
		}
		for _, w := range g.pick(middling, half) {
			r := []rune(w)
			q.Prefix = append(q.Prefix, string(r[:len(r)-2])+"*")
		}
		var unseen []string
		for _, lem := range g.langs[l].Lemmas {
			used := false
			for _, f := range lem.Forms {
				used = used || g.counts[l][f] > 0
			}
			for _, f := range lem.Forms {
				if used && g.counts[l][f] == 0 {
					unseen = append(unseen, f)
				}
			}
		}
		q.Inflected = append(q.Inflected, g.pick(unseen, half)...)
	}
	return q
}

// pick draws n items of list (fewer if it is shorter), with repeats.
func (g *Generator) pick(list []string, n int) []string {
	if len(list) == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = list[g.rng.IntN(len(list))]
	}
	return out
}
