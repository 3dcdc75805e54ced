package suggest

import (
	"runtime"
	"strings"
	"sync"

	"sverka/stemming"
	"sverka/strtab"
)

// frozen is counts that never change, kept compactly: the embedded counts
// every DefaultCounts stands on, which a server holds for as long as it
// runs (as maps of strings they took 14 MB). A nil frozen counts nothing.
type frozen struct {
	words   strtab.Table
	counts  []float64    // of word i
	classes strtab.Table // every class of a pair
	pairs   map[uint64]float64
	follow  []float64 // of class i: the sum of the pairs it begins
	ending  []float64 // of class i: the sum of the pairs it ends
	leads   []bool    // class i begins a pair
	classed map[string]bool
	total   float64
	npairs  float64
	// The counts of words by stem (stemming.Key), made when the English
	// evidence first needs them (makeStems): stem i of stems has
	// stemCounts[i]. The stem of word i is its first stemLens[i] bytes
	// (all but a few words' are a beginning of them), or noStemLen.
	once       sync.Once
	stems      strtab.Table
	stemCounts []float64
	stemLens   []uint8
}

// noStemLen stands for a stem that is no beginning of its word.
const noStemLen = 255

// freeze returns c's counts, kept compactly; c must have no base.
func freeze(c *Counts) *frozen {
	f := &frozen{classed: c.classes, total: c.total, npairs: c.pairs, pairs: map[uint64]float64{}}
	for k, n := range c.words {
		f.words.Add(k)
		f.counts = append(f.counts, n)
	}
	f.words.Trim()
	class := func(k string) int {
		i := f.classes.Add(k)
		if i == len(f.follow) {
			f.follow, f.ending, f.leads = append(f.follow, 0), append(f.ending, 0), append(f.leads, false)
		}
		return i
	}
	for a, m := range c.after {
		i := class(a)
		f.leads[i], f.follow[i] = true, c.follow[a]
		for b, n := range m {
			f.pairs[pairKey(i, class(b))] = n
		}
	}
	for b, n := range c.ending {
		f.ending[class(b)] = n
	}
	f.classes.Trim()
	return f
}

// makeStems counts the words by stem, once, stemming them on every core
// (the Snowball stemmer takes a few tenths of a second for 100,000 words;
// a server does it as it starts, not at its first check: see Prepare).
func (f *frozen) makeStems() {
	if f != nil {
		f.once.Do(f.countStems)
	}
}

func (f *frozen) countStems() {
	keys := make([]string, len(f.counts))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(keys); i += workers {
				keys[i] = stemming.Key(f.words.At(i))
			}
		}()
	}
	wg.Wait()
	f.stemLens = make([]uint8, len(keys))
	for i, k := range keys {
		s := f.stems.Add(k)
		if s == len(f.stemCounts) {
			f.stemCounts = append(f.stemCounts, 0)
		}
		f.stemCounts[s] += f.counts[i]
		f.stemLens[i] = noStemLen
		if w := f.words.At(i); len(k) < noStemLen && strings.HasPrefix(w, k) {
			f.stemLens[i] = uint8(len(k))
		}
	}
	f.stems.Trim()
}

func pairKey(a, b int) uint64 { return uint64(a)<<32 | uint64(b) }

// word is the count of a key.
func (f *frozen) word(k string) float64 {
	if f == nil {
		return 0
	}
	if i, ok := f.words.Find(k); ok {
		return f.counts[i]
	}
	return 0
}

func (f *frozen) has(k string) bool {
	if f == nil {
		return false
	}
	_, ok := f.words.Find(k)
	return ok
}

// eachWord calls fn with every key and its count.
func (f *frozen) eachWord(fn func(k string, n float64)) {
	if f == nil {
		return
	}
	for i, n := range f.counts {
		fn(f.words.At(i), n)
	}
}

// class returns the number of a class of a pair, or -1.
func (f *frozen) class(k string) int {
	if f == nil {
		return -1
	}
	if i, ok := f.classes.Find(k); ok {
		return i
	}
	return -1
}

// leads reports whether class a begins a pair.
func (f *frozen) begins(a string) bool {
	i := f.class(a)
	return i >= 0 && f.leads[i]
}

// follows is the count of the pairs class a begins.
func (f *frozen) follows(a string) float64 {
	if i := f.class(a); i >= 0 {
		return f.follow[i]
	}
	return 0
}

// ends is the count of the pairs class b ends.
func (f *frozen) ends(b string) float64 {
	if i := f.class(b); i >= 0 {
		return f.ending[i]
	}
	return 0
}

// pair is the count of class j after class i (numbers of class; -1 for
// none).
func (f *frozen) pair(i, j int) float64 {
	if i < 0 || j < 0 {
		return 0
	}
	return f.pairs[pairKey(i, j)]
}

// eachPair calls fn with every pair of classes and its count.
func (f *frozen) eachPair(fn func(a, b string, n float64)) {
	if f == nil {
		return
	}
	for k, n := range f.pairs {
		fn(f.classes.At(int(k>>32)), f.classes.At(int(k&(1<<32-1))), n)
	}
}

// stem is the count of the words of a stem.
func (f *frozen) stem(s string) float64 {
	if f == nil {
		return 0
	}
	f.makeStems()
	if i, ok := f.stems.Find(s); ok {
		return f.stemCounts[i]
	}
	return 0
}

// stemOf returns stemming.Key of a key the counts have, without stemming
// it again.
func (f *frozen) stemOf(k string) (string, bool) {
	if f == nil {
		return "", false
	}
	f.makeStems()
	if i, ok := f.words.Find(k); ok && f.stemLens[i] != noStemLen {
		return f.words.At(i)[:f.stemLens[i]], true
	}
	return "", false
}
