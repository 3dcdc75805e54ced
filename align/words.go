package align

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// addWord adds a word of a sentence to its evidence: its translations, when the
// dictionary knows it, as the word with the next index k (see dictWord), and its stem (for
// learn).
func (lx *lexicon) addWord(ev *evidence, info wordInfo, russian bool) {
	ref := stemRef{stem: info.stem, k: -1}
	if info.known {
		if len(info.ids) > 0 {
			repeat := !russian && hasID(lx.buf.sentenceWords(), info.ids[0])
			lx.buf.addWord(dictWord{ids: info.ids, k: uint8(ev.known), repeat: repeat, token: info.token})
		}
		ref.k = int8(ev.known)
		ev.known++
	}
	if info.stem >= 0 {
		lx.buf.addStem(ref)
	}
}

// hasID reports whether id is among the ids of words.
func hasID(words []dictWord, id int32) bool {
	return slices.ContainsFunc(words, func(w dictWord) bool { return slices.Contains(w.ids, id) })
}

// markPresent records the English ids of a sentence of the English text.
func (lx *lexicon) markPresent(ws []dictWord) {
	if len(ws) == 0 {
		return
	}
	if lx.present == nil {
		lx.present = make([]bool, lx.dict.EnglishLen())
	}
	for _, w := range ws {
		for _, id := range w.ids {
			lx.present[id] = true
		}
	}
}

// wordInfo is what the lexicon knows of a word: its stem, interned per side (-1 for a
// stem too short to learn), whether the dictionary knows it, and the ids of the English
// stems it is or translates. A Russian word's translations that the English text lacks
// are left out: they cannot meet.
type wordInfo struct {
	stem  int32
	known bool
	ids   []int32
	token int32 // the word's number among the tokens of its side that have letters
}

// stemRef is a word of a sentence by its stem, and its index k among the words the
// dictionary knows (-1 if it knows none).
type stemRef struct {
	stem int32
	k    int8
}

// lookUp finds the stem of a word and the English stems it is or translates. A word
// written in the other script is read as such: Latin-script names and commands in a
// Russian text stand for themselves.
func (lx *lexicon) lookUp(w string, russian bool) wordInfo {
	key := stemKeys.Key(w)
	side := sideOf(russian)
	info := wordInfo{stem: lx.internStem(key, russian), token: lx.wordTokens[side]}
	lx.wordTokens[side]++
	if russian && strings.IndexFunc(w, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0 {
		ids := lx.dict.Translations(key)
		info.known = len(ids) > 0
		for _, id := range ids {
			if lx.present != nil && lx.present[id] {
				info.ids = append(info.ids, id)
			}
		}
		return info
	}
	if id := lx.dict.English(key); id >= 0 {
		info.known, info.ids = true, []int32{id}
	}
	return info
}

// stemKeys keys words by their stems alone (as stemming.Key), remembering them from one
// alignment to the next: texts share most of their words.
var stemKeys = stemming.New(nil, nil)

// minLearnedStem is the shortest stem, in code points, that learn pairs.
const minLearnedStem = 3

func (lx *lexicon) internStem(key string, russian bool) int32 {
	if utf8.RuneCountInString(key) < minLearnedStem {
		return -1
	}
	side := sideOf(russian)
	id, ok := lx.stems[side][key]
	if !ok {
		id = int32(len(lx.stemOf[side]))
		lx.stems[side][key] = id
		lx.stemOf[side] = append(lx.stemOf[side], key)
	}
	return id
}

// weighWords sets each sentence's missed and found costs from how often a word's
// translations occur in the sentences of the other side: finding a word that occurs
// everywhere says little. It also sizes the table meetAll works in.
func (s *scorer) weighWords() {
	if s.lex.dict.Len() == 0 {
		return
	}
	s.words = true
	// Room for every id: the dictionary's, and those past them that learn gives the
	// English stems the dictionary lacks (englishID).
	s.table = make([]uint64, s.lex.dict.EnglishLen()+len(s.lex.stemOf[sideOf(false)]))
	ruDF, enDF := s.countIDs(s.ru), s.countIDs(s.en)
	weigh(s.ru, enDF, len(s.en), ruFound, int(s.lex.wordTokens[1]))
	weigh(s.en, ruDF, len(s.ru), enFound, int(s.lex.wordTokens[0]))
}

// countIDs counts, for each id, the sentences of one side it occurs in.
func (s *scorer) countIDs(evs []evidence) []int32 {
	df := make([]int32, len(s.table))
	seen := make([]int32, len(s.table))
	for n, ev := range evs {
		for _, w := range ev.words {
			for _, id := range w.ids {
				if seen[id] != int32(n)+1 {
					seen[id] = int32(n) + 1
					df[id]++
				}
			}
		}
	}
	return df
}

// weigh sets the costs of the words of one side, given in how many of the n sentences of
// the other side each id occurs: with p the chance of meeting a word's translation in d
// sentences picked at random and wordFound in the linked ones, finding it costs
// -ln(wordFound/p) and missing it
// -ln((1-wordFound)/(1-p)), both damped by wordWeight. A word as frequent as its
// translations are expected to be says nothing. A word with only the translations of its
// token (tokens of them on this side) costs what every other occurrence of the token
// costs: that is worked out once.
func weigh(evs []evidence, df []int32, n int, wordFound float64, tokens int) {
	known := 0
	for _, ev := range evs {
		known += ev.known
	}
	// One array holds every sentence's chances and found costs.
	buf := make([]float64, 3*known)
	// Per token, and last for the words none of whose translations the other side has.
	memo := make([]weighed, tokens+1)
	for i := range evs {
		ev := &evs[i]
		ev.missed = [2]float64{}
		if ev.known == 0 {
			continue
		}
		// The word k is of token slot[k], or of none (-1) when learn added to it.
		var slot [maxWords]int32
		for k := range ev.known {
			slot[k] = int32(tokens)
		}
		for _, w := range ev.words {
			if slot[w.k] == int32(tokens) {
				slot[w.k] = w.token
			} else {
				slot[w.k] = -1
			}
		}
		chance := buf[:ev.known:ev.known]
		for _, w := range ev.words {
			if slot[w.k] >= 0 && memo[slot[w.k]].done {
				continue
			}
			for _, id := range w.ids {
				chance[w.k] += float64(df[id]) / float64(max(1, n))
			}
		}
		ev.found[0], ev.found[1] = buf[ev.known:2*ev.known:2*ev.known], buf[2*ev.known:3*ev.known:3*ev.known]
		for k, p := range chance {
			var wt weighed
			switch t := slot[k]; {
			case t < 0:
				wt = weighWord(p, wordFound)
			case memo[t].done:
				wt = memo[t]
			default:
				wt = weighWord(p, wordFound)
				memo[t] = wt
			}
			for d := range ev.found {
				if wt.counts[d] {
					ev.missed[d] += wt.missed[d]
					ev.found[d][k] = wt.found[d]
				}
			}
		}
		buf = buf[3*ev.known:]
	}
}

// weighed is what missing a word costs and what finding it changes in that, when the
// link has one sentence on the other side (d = 0) or two, unless it says nothing there
// (counts false).
type weighed struct {
	missed, found [2]float64
	counts        [2]bool
	done          bool
}

// weighWord weighs a word whose translations have the given chance of occurring in a
// sentence picked at random (see weigh).
func weighWord(chance, wordFound float64) weighed {
	wt := weighed{done: true}
	for d := range wt.counts {
		p := min(max(chance, minChance)*float64(d+1), 0.9)
		if p >= wordFound {
			continue
		}
		miss := wordWeight * math.Log((1-p)/(1-wordFound))
		hit := -wordWeight * math.Log(wordFound/p)
		wt.missed[d], wt.found[d], wt.counts[d] = miss, hit-miss, true
	}
	return wt
}

// wordCost is the evidence of the dictionary for linking Russian sentences [i, i+di)
// with English sentences [j, j+dj) (move k): each word that meets a translation lowers
// the cost, each that does not raises it. A link with one side empty has none.
func (s *scorer) wordCost(i, j, k int) float64 {
	di, dj := moves[k].di, moves[k].dj
	if di == 0 || dj == 0 || !s.words {
		return 0
	}
	var ruMask, enMask [2]uint64
	for a := range di {
		for b := range dj {
			r, e := s.meeting(i+a, j+b)
			ruMask[a] |= r
			enMask[b] |= e
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
