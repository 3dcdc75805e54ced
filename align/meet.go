package align

// meetings holds, for each cell (i, j) of a band, the words of Russian sentence i and
// of English sentence j that meet, as bit masks, and whether a name of one is a name of
// the other: each pair is compared once, however many links hold it.
type meetings struct {
	b      *band
	ru, en []uint64
	names  []bool
}

// meetAll compares the sentence pairs that the links into the cells of band b hold (see
// meetBand). Each Russian sentence's words are spread into a table by id, then each
// English sentence of its row looks its words up.
// The pairs the band of the last run compared (unless learn has changed the words since)
// are copied, not compared again.
func (s *scorer) meetAll(b *band) {
	if !s.words && !s.hasNames {
		return
	}
	old := s.met
	b = meetBand(b)
	mt := meetings{b: b}
	if old.b == nil {
		mt.ru, mt.en, mt.names = grow(old.ru, b.cells), grow(old.en, b.cells), grow(old.names, b.cells)
	} else {
		mt.ru, mt.en, mt.names = make([]uint64, b.cells), make([]uint64, b.cells), make([]bool, b.cells)
	}
	for i := range min(len(b.lo), len(s.ru)) {
		spread := false
		for j := b.lo[i]; j <= min(b.hi[i], len(s.en)-1); j++ {
			c := b.start[i] + j - b.lo[i]
			if old.b != nil {
				if o := old.b.index(i, j); o >= 0 {
					mt.ru[c], mt.en[c], mt.names[c] = old.ru[o], old.en[o], old.names[o]
					continue
				}
			}
			if s.hasNames {
				mt.names[c] = s.namesMeet(i, j)
			}
			if !s.words {
				continue
			}
			if !spread {
				s.spread(s.ru[i].words, true)
				spread = true
			}
			mt.ru[c], mt.en[c] = s.lookUpWords(s.en[j].words)
		}
		if spread {
			s.spread(s.ru[i].words, false)
		}
	}
	s.met = mt
}

// namesMeet reports whether a name of Russian sentence i is a name of English sentence j.
func (s *scorer) namesMeet(i, j int) bool {
	for _, r := range s.ru[i].names {
		for _, e := range s.en[j].names {
			if s.lex.match(r, e) {
				return true
			}
		}
	}
	return false
}

// mayMeetNames reports whether the move mv from (i, j) holds a pair of sentences whose
// names meet, or may: a pair outside the band compared is not known not to.
func (s *scorer) mayMeetNames(i, j int, mv move) bool {
	if s.met.b == nil {
		return true
	}
	for a := i; a < i+mv.di; a++ {
		for b := j; b < j+mv.dj; b++ {
			if c := s.met.b.index(a, b); c < 0 || s.met.names[c] {
				return true
			}
		}
	}
	return false
}

// meetBand is the band of the sentence pairs that links into the cells of band b hold:
// row i's cells, and the pairs of the links from row i into rows i+1 and i+2, which
// reach two cells further left of those rows' bands than row i's may.
func meetBand(b *band) *band {
	n := len(b.lo)
	lo, hi := make([]int, n), make([]int, n)
	for i := range n {
		lo[i], hi[i] = b.lo[i], b.hi[i]
		for r := i + 1; r <= min(n-1, i+2); r++ {
			lo[i], hi[i] = min(lo[i], max(0, b.lo[r]-2)), max(hi[i], b.hi[r]-1)
		}
	}
	return newBand(lo, hi)
}

// grow returns a slice of n zero values, reusing buf's array when it is large enough.
func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

// spread sets (or clears) in the table the bits of the Russian words of each id.
func (s *scorer) spread(ru []dictWord, set bool) {
	for _, w := range ru {
		for _, id := range w.ids {
			if set {
				s.table[id] |= 1 << w.k
			} else {
				s.table[id] = 0
			}
		}
	}
}

// lookUpWords returns the masks of the Russian words in the table and of the English
// words en that meet.
func (s *scorer) lookUpWords(en []dictWord) (ru, enMask uint64) {
	for _, w := range en {
		if w.repeat {
			continue
		}
		for _, id := range w.ids {
			if m := s.table[id]; m != 0 {
				ru |= m
				enMask |= 1 << w.k
			}
		}
	}
	return ru, enMask
}

// meeting returns the masks of Russian sentence i and English sentence j.
func (s *scorer) meeting(i, j int) (ru, en uint64) {
	if s.met.b != nil {
		if c := s.met.b.index(i, j); c >= 0 {
			return s.met.ru[c], s.met.en[c]
		}
	}
	s.spread(s.ru[i].words, true)
	ru, en = s.lookUpWords(s.en[j].words)
	s.spread(s.ru[i].words, false)
	return ru, en
}
