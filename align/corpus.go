package align

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"sverka/stemming"
)

// LearnCount and LearnDice are what a pair of stems needs to be learnt from linked
// sentences: to occur in that many links together, and a Dice coefficient
// 2·together/(Russian + English) at least that high.
const (
	LearnCount = 2
	LearnDice  = 0.6
)

// attests reports whether a pair of stems together in n links, the Russian one in ru links
// and the English one in en, is to be learnt: LearnCount and LearnDice.
func attests(n, ru, en int) bool {
	return n >= LearnCount && 2*float64(n)/float64(ru+en) >= LearnDice
}

// Learn returns a copy of d with the word pairs that linked sentences attest: pairs holds
// a Russian sentence and its English translation each, as an editor confirmed them. Stems
// that d does not already pair within a sentence pair, and that occur together in at
// least LearnCount pairs with a Dice coefficient of at least LearnDice, are added. d may
// be nil.
func (d *Dictionary) Learn(pairs [][2]string) *Dictionary {
	out := d.clone()
	var links [][2][]string
	for _, p := range pairs {
		rs, es := LearnableStems(p[0]), LearnableStems(p[1])
		explained := map[string]bool{}
		for _, r := range rs {
			for _, e := range es {
				if slices.Contains(out.Translations(r), out.English(e)) {
					explained[r], explained[e] = true, true
				}
			}
		}
		rs = slices.DeleteFunc(rs, func(r string) bool { return explained[r] })
		es = slices.DeleteFunc(es, func(e string) bool { return explained[e] })
		links = append(links, [2][]string{rs, es})
	}
	out.addPairs(attested(links))
	return out
}

// With returns a copy of d with the pairs of stems, Russian then English, added: a
// dictionary learnt from the corpus (see LearnedPairs). d may be nil.
func (d *Dictionary) With(stems [][2]string) *Dictionary {
	out := d.clone()
	out.addPairs(stems)
	return out
}

// LearnedPairs returns the pairs of stems, Russian then English, that linked sentences
// attest, counted over every stem of each link (LearnableStems): those that occur
// together in at least LearnCount links with a Dice coefficient of at least LearnDice.
// It is the rule of the dictionary learnt from a corpus's confirmed links (which the
// store keeps as counts), in stem order.
func LearnedPairs(pairs [][2]string) [][2]string {
	var links [][2][]string
	for _, p := range pairs {
		links = append(links, [2][]string{LearnableStems(p[0]), LearnableStems(p[1])})
	}
	return attested(links)
}

// attested counts the distinct stems of each link, Russian and English, and returns the
// pairs that pass LearnCount and LearnDice, sorted.
func attested(links [][2][]string) [][2]string {
	together := map[[2]string]int{}
	ruN, enN := map[string]int{}, map[string]int{}
	for _, l := range links {
		for _, r := range l[0] {
			ruN[r]++
		}
		for _, e := range l[1] {
			enN[e]++
			for _, r := range l[0] {
				together[[2]string{r, e}]++
			}
		}
	}
	var out [][2]string
	for p, n := range together {
		if attests(n, ruN[p[0]], enN[p[1]]) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	})
	return out
}

// clone returns a copy of d that can be added to without changing d; d may be nil.
func (d *Dictionary) clone() *Dictionary {
	if d == nil {
		return NewDictionary()
	}
	out := &Dictionary{en: d.en.Clone(), ru: d.ru.Clone(), ids: make([][]int32, len(d.ids))}
	for i, ids := range d.ids {
		// The ids are d's: addPairs appends to a copy.
		out.ids[i] = slices.Clip(ids)
	}
	return out
}

// addPairs adds pairs of stems, Russian then English.
func (d *Dictionary) addPairs(stems [][2]string) {
	for _, p := range stems {
		d.addStems(p[0], p[1])
		i, _ := d.ru.Find(p[0])
		d.ids[i] = sortedUnique(d.ids[i])
	}
}

// LearnableStems returns the distinct stems of a text long enough to learn.
func LearnableStems(text string) []string {
	var out []string
	for _, t := range stemming.Tokens(text) {
		if utf8.RuneCountInString(t.Key) >= minLearnedStem && !slices.Contains(out, t.Key) {
			out = append(out, t.Key)
		}
	}
	return out
}
