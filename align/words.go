package align

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode"

	"sverka/stemming"
)

const (
	// ruFound and enFound are the chances that a word the dictionary knows finds one of
	// its translations in the sentences it is linked with, measured on the gold pairs of
	// package alignbench with the Debian dictionaries; the chance in a sentence picked at
	// random is measured on the text pair itself (see weighWords).
	ruFound = 0.7
	enFound = 0.5
	// wordWeight damps the evidence of words, which are not independent of each other
	// nor of the length.
	wordWeight = 0.3
	// minChance is the least chance of meeting a translation by accident.
	minChance = 0.01
	// maxWords bounds the words of a sentence that count, so that a bit mask holds them.
	maxWords = 64
)

// words returns the dictionary words of a sentence (see dictWord).
func (lx *lexicon) words(raw []string, russian bool) []dictWord {
	var out []dictWord
	k := 0
	for _, w := range raw {
		if k == maxWords {
			break
		}
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if w == "" {
			continue
		}
		ids, ok := lx.keys[w]
		if !ok {
			ids = lx.lookUp(w, russian)
			lx.keys[w] = ids
		}
		if len(ids) == 0 {
			continue
		}
		for _, id := range ids {
			out = append(out, dictWord{id: id, k: uint8(k)})
		}
		k++
	}
	slices.SortFunc(out, func(a, b dictWord) int { return int(a.id) - int(b.id) })
	return out
}

// lookUp finds the English stems a word is or translates. A word written in the other
// script is read as such: Latin-script names and commands in a Russian text stand for
// themselves.
func (lx *lexicon) lookUp(w string, russian bool) []int32 {
	key := stemming.Key(w)
	if russian && strings.IndexFunc(w, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0 {
		return lx.dict.translations(key)
	}
	if id := lx.dict.english(key); id >= 0 {
		return []int32{id}
	}
	return nil
}

// weighWords sets each sentence's missed and found costs from how often a word's
// translations occur in the sentences of the other side: finding a word that occurs
// everywhere says little.
func (s *scorer) weighWords() {
	if s.lex.dict.Len() == 0 {
		return
	}
	s.ruDF, s.enDF = map[int32]int{}, map[int32]int{}
	for _, ev := range s.ru {
		countIDs(s.ruDF, ev.words)
	}
	for _, ev := range s.en {
		countIDs(s.enDF, ev.words)
	}
	s.ruN, s.enN = len(s.ru), len(s.en)
	s.weighSentences()
}

// weighSentences sets the word costs of the scorer's sentences from the frequencies of
// the whole text pair.
func (s *scorer) weighSentences() {
	weigh(s.ru, s.enDF, s.enN, ruFound)
	weigh(s.en, s.ruDF, s.ruN, enFound)
}

// countIDs counts each id once per sentence.
func countIDs(df map[int32]int, ws []dictWord) {
	for i, w := range ws {
		if i == 0 || ws[i-1].id != w.id {
			df[w.id]++
		}
	}
}

// weigh sets the costs of the words of one side, given in how many of the n sentences of
// the other side each id occurs: with p the chance of meeting a word's translation in d
// sentences picked at random and wordFound in the linked ones, finding it costs
// -ln(wordFound/p) and missing it
// -ln((1-wordFound)/(1-p)), both damped by wordWeight. A word as frequent as its
// translations are expected to be says nothing.
func weigh(evs []evidence, df map[int32]int, n int, wordFound float64) {
	for i := range evs {
		ev := &evs[i]
		if len(ev.words) == 0 {
			continue
		}
		chance := map[uint8]float64{}
		for _, w := range ev.words {
			chance[w.k] += float64(df[w.id]) / float64(max(1, n))
		}
		for d := range ev.found {
			ev.found[d] = make([]float64, len(chance))
			for k, p := range chance {
				p = min(max(p, minChance)*float64(d+1), 0.9)
				if p >= wordFound {
					continue
				}
				miss := wordWeight * math.Log((1-p)/(1-wordFound))
				hit := -wordWeight * math.Log(wordFound/p)
				ev.missed[d] += miss
				ev.found[d][k] = hit - miss
			}
		}
	}
}

// wordCost is the evidence of the dictionary for linking Russian sentences [i, i+di)
// with English sentences [j, j+dj): each word that meets a translation lowers the cost,
// each that does not raises it.
func (s *scorer) wordCost(i, j, di, dj int) float64 {
	var ruMask [2]uint64
	var enMask [2]uint64
	for a := range di {
		for b := range dj {
			meet(s.ru[i+a].words, s.en[j+b].words, &ruMask[a], &enMask[b])
		}
	}
	cost := 0.0
	for a := range di {
		cost += s.ru[i+a].missed[dj-1] + foundCost(s.ru[i+a].found[dj-1], ruMask[a])
	}
	for b := range dj {
		cost += s.en[j+b].missed[di-1] + foundCost(s.en[j+b].found[di-1], enMask[b])
	}
	return cost
}

// meet merges two sorted word lists and marks, on each side, the words that meet.
func meet(ru, en []dictWord, ruMask, enMask *uint64) {
	x, y := 0, 0
	for x < len(ru) && y < len(en) {
		switch {
		case ru[x].id < en[y].id:
			x++
		case ru[x].id > en[y].id:
			y++
		default:
			*ruMask |= 1 << ru[x].k
			*enMask |= 1 << en[y].k
			x++
		}
	}
}

func foundCost(found []float64, mask uint64) float64 {
	cost := 0.0
	for mask != 0 {
		k := bits.TrailingZeros64(mask)
		if k < len(found) {
			cost += found[k]
		}
		mask &= mask - 1
	}
	return cost
}
