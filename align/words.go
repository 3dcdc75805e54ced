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

// words returns the translations of the words of a sentence that the dictionary knows
// (see dictWord), how many words it knows, and the stems of all its words (for learn). A
// Russian word's translations that the English text lacks are left out: they cannot
// meet.
func (lx *lexicon) words(raw []string, russian bool) ([]dictWord, int, []stemRef) {
	side := 0
	if russian {
		side = 1
	}
	var out []dictWord
	var stems []stemRef
	k := 0
	for _, w := range raw {
		if k == maxWords {
			break
		}
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if w == "" {
			continue
		}
		info, ok := lx.keys[side][w]
		if !ok {
			info = lx.lookUp(w, russian)
			lx.keys[side][w] = info
		}
		ref := stemRef{stem: info.stem, k: -1}
		if info.ids != nil {
			for _, id := range info.ids {
				if !russian || lx.present != nil && lx.present[id] {
					out = append(out, dictWord{id: id, k: uint8(k)})
				}
			}
			ref.k = int8(k)
			k++
		}
		if info.stem >= 0 {
			stems = append(stems, ref)
		}
	}
	slices.SortFunc(out, func(a, b dictWord) int { return int(a.id) - int(b.id) })
	return out, k, stems
}

// markPresent records the English ids of a sentence of the English text.
func (lx *lexicon) markPresent(ws []dictWord) {
	if len(ws) == 0 {
		return
	}
	if lx.present == nil {
		lx.present = make([]bool, len(lx.dict.enOf))
	}
	for _, w := range ws {
		lx.present[w.id] = true
	}
}

// wordInfo is what the lexicon knows of a word: its stem, interned per side (-1 for a
// stem too short to learn), and the ids of the English stems it is or translates.
type wordInfo struct {
	stem int32
	ids  []int32
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
	key := stemming.Key(w)
	info := wordInfo{stem: lx.internStem(key, russian)}
	if russian && strings.IndexFunc(w, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0 {
		if ids := lx.dict.translations(key); len(ids) > 0 {
			info.ids = ids
		}
		return info
	}
	if id := lx.dict.english(key); id >= 0 {
		info.ids = []int32{id}
	}
	return info
}

// minLearnedStem is the shortest stem, in code points, that learn pairs.
const minLearnedStem = 3

func (lx *lexicon) internStem(key string, russian bool) int32 {
	if utf8.RuneCountInString(key) < minLearnedStem {
		return -1
	}
	side := 0
	if russian {
		side = 1
	}
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
// everywhere says little.
func (s *scorer) weighWords() {
	if s.lex.dict.Len() == 0 {
		return
	}
	for i := range s.ru {
		s.ru[i].missed = [2]float64{}
	}
	for j := range s.en {
		s.en[j].missed = [2]float64{}
	}
	s.ruDF, s.enDF = map[int32]int{}, map[int32]int{}
	for _, ev := range s.ru {
		countIDs(s.ruDF, ev.words)
	}
	for _, ev := range s.en {
		countIDs(s.enDF, ev.words)
	}
	weigh(s.ru, s.enDF, len(s.en), ruFound)
	weigh(s.en, s.ruDF, len(s.ru), enFound)
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
		if ev.known == 0 {
			continue
		}
		chance := make([]float64, ev.known)
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

// meetings holds, for each cell (i, j) of a band, the words of Russian sentence i and
// of English sentence j that meet, as bit masks: each pair is merged once, however many
// links hold it.
type meetings struct {
	b      *band
	ru, en []uint64
}

func (s *scorer) meetAll(b *band) {
	if s.ruDF == nil {
		return
	}
	mt := &meetings{b: b, ru: make([]uint64, b.cells), en: make([]uint64, b.cells)}
	for i := range min(len(b.lo), len(s.ru)) {
		for j := b.lo[i]; j <= min(b.hi[i], len(s.en)-1); j++ {
			c := b.start[i] + j - b.lo[i]
			meet(s.ru[i].words, s.en[j].words, &mt.ru[c], &mt.en[c])
		}
	}
	s.met = mt
}

// meeting returns the masks of Russian sentence i and English sentence j.
func (s *scorer) meeting(i, j int) (ru, en uint64) {
	if s.met != nil {
		if c := s.met.b.index(i, j); c >= 0 {
			return s.met.ru[c], s.met.en[c]
		}
	}
	meet(s.ru[i].words, s.en[j].words, &ru, &en)
	return ru, en
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
