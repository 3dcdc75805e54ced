package align

import "slices"

const (
	// learnConfidence is the least confidence of a link of the first pass that learn
	// reads.
	learnConfidence = 0.9
)

// learn reads the confident one-to-one links of a first pass for pairs of stems that
// the dictionary does not explain but that keep occurring together (as hunalign's
// realign does), adds them to the words of every sentence as if the dictionary had them,
// and weighs the words again. It reports whether it learnt anything.
func (s *scorer) learn(links []Link) bool {
	// The unexplained stems of each confident link, and how many links each stem is in.
	var stems [][2][]int32
	ruN, enN := make([]int, len(s.lex.stemOf[sideOf(true)])), make([]int, len(s.lex.stemOf[sideOf(false)]))
	for _, l := range links {
		if len(l.RU) != 1 || len(l.EN) != 1 || l.Confidence < learnConfidence {
			continue
		}
		rm, em := s.meeting(l.RU[0], l.EN[0])
		rs, es := unexplained(s.ru[l.RU[0]].stems, rm), unexplained(s.en[l.EN[0]].stems, em)
		for _, r := range rs {
			ruN[r]++
		}
		for _, e := range es {
			enN[e]++
		}
		stems = append(stems, [2][]int32{rs, es})
	}
	// Pairs are counted only when their stems are in links enough to pass, were they
	// always together.
	type pair struct{ ru, en int32 }
	together := map[pair]int{}
	for _, l := range stems {
		for _, e := range l[1] {
			for _, r := range l[0] {
				if attests(min(ruN[r], enN[e]), ruN[r], enN[e]) {
					together[pair{r, e}]++
				}
			}
		}
	}
	learnt := map[int32][]int32{}  // Russian stem -> English ids
	targets := map[int32][]int32{} // English stem -> its id
	for p, n := range together {
		if attests(n, ruN[p.ru], enN[p.en]) {
			id := s.englishID(p.en)
			learnt[p.ru] = append(learnt[p.ru], id)
			if targets[p.en] == nil {
				targets[p.en] = []int32{id}
			}
		}
	}
	if len(learnt) == 0 {
		return false
	}
	// In the order of ids, not of the map: the chance of a word sums them in this order.
	for _, ids := range learnt {
		slices.Sort(ids)
	}
	for i := range s.ru {
		addLearnt(&s.ru[i], true, learnt)
	}
	for j := range s.en {
		addLearnt(&s.en[j], false, targets)
	}
	s.met.b = nil
	s.kept.wordsKept = false
	s.weighWords()
	return true
}

// englishID is the id of an English stem in the dictionary's numbering, or a new one
// past it when the dictionary lacks the stem.
func (s *scorer) englishID(stem int32) int32 {
	if id := s.lex.dict.English(s.lex.stemOf[0][stem]); id >= 0 {
		return id
	}
	return int32(s.lex.dict.EnglishLen()) + stem
}

// unexplained returns the stems of a sentence whose words met no translation (mask).
func unexplained(stems []stemRef, mask uint64) []int32 {
	var out []int32
	for _, st := range stems {
		if (st.k < 0 || mask&(1<<st.k) == 0) && !slices.Contains(out, st.stem) {
			out = append(out, st.stem)
		}
	}
	return out
}

// addLearnt adds to a sentence's words the learnt ids of its stems, each a word's list of
// one id in the stem's list.
func addLearnt(ev *evidence, russian bool, ids map[int32][]int32) {
	for n, st := range ev.stems {
		learnt := ids[st.stem]
		if len(learnt) == 0 {
			continue
		}
		if st.k < 0 {
			if ev.known == maxWords {
				continue
			}
			st.k = int8(ev.known)
			ev.stems[n].k = st.k
			ev.known++
		}
		for x, id := range learnt {
			if slices.ContainsFunc(ev.words, func(o dictWord) bool { return o.k == uint8(st.k) && slices.Contains(o.ids, id) }) {
				continue // the word has the id already
			}
			ev.words = append(ev.words, dictWord{ids: learnt[x : x+1 : x+1], k: uint8(st.k), repeat: !russian && hasID(ev.words, id), token: -1})
		}
	}
}
