package suggest

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"sverka/stemming"
)

// Counts is the language model of the noisy channel: how often each word
// form is written, and a class bigram model of which words follow which.
// A word's class is the word itself if it is one of the contextWords most
// frequent (pronouns, prepositions, conjunctions, particles, auxiliaries),
// else its ending, which in Russian carries its case, number and gender:
// so the model knows "к Вам" from "в Вам", "с корейскими" from "о
// корейскими", "вы можете" from "бы можете", "были нужны" from "были
// нужна". Keys are lower case with ё read as е. Counts start from
// ru.freq.gz and grow with the corpus's corrected readings.
type Counts struct {
	mu sync.RWMutex
	// base holds counts that never change, shared by every Counts made on
	// them (DefaultCounts'); the maps below count what was added on top,
	// or everything when base is nil. A count is base's plus its own: both
	// are whole numbers of occurrences (times whole weights), so the sum is
	// exactly what adding to a copy of base would give.
	base    *frozen
	words   map[string]float64
	total   float64                       // base's included
	classes map[string]bool               // the words that are their own class
	after   map[string]map[string]float64 // class -> class of the next word -> count
	follow  map[string]float64            // class -> sum of after[class]
	ending  map[string]float64            // class -> count as the next word's, over all pairs
	pairs   float64                       // base's included
	// version changes whenever text is added (under mu); read without
	// it, as every word a check looks up asks for it.
	version atomic.Uint64
	// stemsAdded are the counts of the words added by stem
	// (stemming.Key); base has its own.
	stemsAdded map[string]float64
}

// logShare is the log probability of a form among the forms of its stem
// (stemming.Key of it), smoothed as logWord. (Smoothed as if the stem had
// more forms, 3 to 24, the clean text of TestTranslatedShareFits is less
// likely.)
func (c *Counts) logShare(form, stem string) float64 {
	c.mu.RLock()
	added, f := c.stemsAdded[stem], c.word(key(form))
	c.mu.RUnlock()
	return math.Log(min(1, (f+0.3)/(c.base.stem(stem)+added+0.3)))
}

// contextWords is how many of the most frequent words are their own class.
const contextWords = 400

// maxContext bounds what the words around a reading may add or take away
// (nats): the counts are too few to overrule the channel on their own.
const maxContext = 3.5

// endingLen is how many final letters of the next word the context counts.
const endingLen = 3

// NewCounts returns empty counts, whose classes are endings only.
func NewCounts() *Counts {
	return &Counts{words: map[string]float64{}, classes: map[string]bool{}, after: map[string]map[string]float64{}, follow: map[string]float64{}, ending: map[string]float64{}, stemsAdded: map[string]float64{}}
}

// CountTexts counts texts: their words first, then the pairs of classes,
// the contextWords most frequent words being their own class.
func CountTexts(texts []string) *Counts {
	words := NewCounts()
	for _, t := range texts {
		words.AddText(t)
	}
	c := NewCounts()
	c.classes = words.topClasses()
	for _, t := range texts {
		c.AddText(t)
	}
	return c
}

// topClasses returns the contextWords most frequent forms (ties by form).
func (c *Counts) topClasses() map[string]bool {
	var forms []string
	c.eachWord(func(k string, _ float64) { forms = append(forms, k) })
	slices.SortFunc(forms, func(a, b string) int {
		return cmp.Or(cmp.Compare(c.word(b), c.word(a)), cmp.Compare(a, b))
	})
	top := map[string]bool{}
	for _, f := range forms[:min(contextWords, len(forms))] {
		top[f] = true
	}
	return top
}

// class returns the class of a key: the key itself if it is one of the
// classes, else "-" and its ending.
func (c *Counts) class(k string) string {
	if c.classes[k] {
		return k
	}
	return "-" + ending(k)
}

//go:embed ru.freq.gz
var embedded []byte

var (
	defaultOnce   sync.Once
	defaultCounts *frozen
)

// DefaultCounts returns new counts on those made by internal/freqgen from
// Debian's fortunes-ru and mueller7-dict, which every DefaultCounts shares.
func DefaultCounts() *Counts {
	defaultOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(embedded))
		var c *Counts
		if err == nil {
			c, err = ReadCounts(zr)
		}
		if err != nil {
			panic(fmt.Sprintf("embedded ru.freq.gz: %v", err)) // a broken build, not bad input
		}
		defaultCounts = freeze(c)
	})
	out := NewCounts()
	out.base, out.classes, out.total, out.pairs = defaultCounts, defaultCounts.classed, defaultCounts.total, defaultCounts.npairs
	return out
}

// word is the count of a key.
func (c *Counts) word(k string) float64 {
	return c.base.word(k) + c.words[k]
}

// eachWord calls fn with every key counted and its count.
func (c *Counts) eachWord(fn func(k string, n float64)) {
	c.base.eachWord(func(k string, n float64) { fn(k, n+c.words[k]) })
	for k, n := range c.words {
		if !c.base.has(k) {
			fn(k, n)
		}
	}
}

// key folds a word form to its counting key.
func key(w string) string {
	return strings.ReplaceAll(lower(w), "ё", "е")
}

// ending returns the last endingLen letters of a key.
func ending(k string) string {
	i := len(k)
	for range endingLen {
		if i == 0 {
			return k
		}
		_, size := utf8.DecodeLastRuneInString(k[:i])
		i -= size
	}
	return k[i:]
}

// AddText counts the Cyrillic words of text, and the pairs of classes of
// words that only a space separates.
func (c *Counts) AddText(text string) {
	c.AddTextWeighted(text, 1)
}

// AddTextWeighted counts text as if it occurred weight times.
func (c *Counts) AddTextWeighted(text string, weight float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.version.Add(1)
	prev := ""
	for _, t := range tokenize([]rune(text)) {
		switch {
		case t.kind == spaceToken:
			continue
		case t.kind != wordToken || !isCyrillic(t.text):
			prev = ""
			continue
		}
		k := c.class(key(t.text))
		c.words[key(t.text)] += weight
		c.stemsAdded[stemming.Key(key(t.text))] += weight
		c.total += weight
		if prev != "" {
			c.addPair(prev, k, weight)
		}
		prev = k
	}
}

// addPair counts the class e after the class prev.
func (c *Counts) addPair(prev, e string, weight float64) {
	m := c.after[prev]
	if m == nil {
		m = map[string]float64{}
		c.after[prev] = m
	}
	m[e] += weight
	c.follow[prev] += weight
	c.ending[e] += weight
	c.pairs += weight
}

// Version changes whenever text is added; results computed with an older
// version are stale.
func (c *Counts) Version() uint64 {
	return c.version.Load()
}

// logWord is the log probability of a word form (smoothed: a form never
// seen gets a third of one occurrence).
func (c *Counts) logWord(w string) float64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return math.Log((c.word(key(w)) + 0.3) / (c.total + 1))
}

// functionWord reports whether w is one of the most frequent words, each
// its own class: pronouns, prepositions, conjunctions, particles.
func (c *Counts) functionWord(w string) bool {
	k := key(w)
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.classes[k]
}

// frequent returns the keys seen at least n times.
func (c *Counts) frequent(n float64) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []string
	c.eachWord(func(k string, v float64) {
		if v >= n {
			out = append(out, k)
		}
	})
	return out
}

// seenKey reports whether the lower-case form occurs in the counts at
// least n times.
func (c *Counts) seenKey(w string, n float64) bool {
	if strings.Contains(w, "ё") {
		w = strings.ReplaceAll(w, "ё", "е")
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.word(w) >= n
}

// logContext is how much likelier the class of next is after the class of
// prev than anywhere (pointwise mutual information, smoothed towards 0).
func (c *Counts) logContext(prev, next string) float64 {
	return c.logClasses(c.classOf(prev), c.classOf(next))
}

// classStats is what logContext reads of a word's class, read once for a
// word that meets many readings.
type classStats struct {
	class  string
	id     int     // its number among the base's classes, or -1
	begins bool    // whether any class was seen after it
	added  bool    // whether the text added on the base has a class after it
	follow float64 // how often a class was seen after it
	pe     float64 // its probability as the next word's class
	logPe  float64
	pairs  float64
}

// classOf returns what logContext reads of a word's class.
func (c *Counts) classOf(w string) classStats {
	c.mu.RLock()
	defer c.mu.RUnlock()
	k := c.class(key(w))
	_, seen := c.after[k]
	pe := (c.base.ends(k) + c.ending[k] + 0.5) / (c.pairs + 1)
	return classStats{k, c.base.class(k), seen || c.base.begins(k), seen, c.base.follows(k) + c.follow[k], pe, math.Log(pe), c.pairs}
}

// logClasses is logContext of two words by their classes.
func (c *Counts) logClasses(prev, next classStats) float64 {
	if !prev.begins || prev.pairs == 0 {
		return 0
	}
	// The base never changes: only a class the added text has pairs after
	// is looked up under the lock, which both cores of a check would
	// otherwise take for every reading.
	f := c.base.pair(prev.id, next.id)
	if prev.added {
		c.mu.RLock()
		f += c.after[prev.class][next.class]
		c.mu.RUnlock()
	}
	v := math.Log((f+contextPrior*next.pe)/(prev.follow+contextPrior)) - next.logPe
	return max(-maxContext, min(maxContext, v))
}

// contextPrior is how many pseudo-counts pull a rarely seen class's
// followers towards independence.
const contextPrior = 5

// Write writes the counts of forms seen at least atLeast times, and the
// pairs of classes seen as often, as gzip-ready text: "w FORM COUNT" and
// "p CLASS CLASS COUNT" lines, tab-separated. The classes are the most
// frequent forms, which ReadCounts finds again.
func (c *Counts) Write(w io.Writer, atLeast float64) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	bw := bufio.NewWriter(w)
	var forms []string
	c.eachWord(func(f string, n float64) {
		if n >= atLeast {
			forms = append(forms, f)
		}
	})
	slices.SortFunc(forms, func(a, b string) int {
		return cmp.Or(cmp.Compare(c.word(b), c.word(a)), cmp.Compare(a, b))
	})
	for _, f := range forms {
		fmt.Fprintf(bw, "w\t%s\t%g\n", f, c.word(f))
	}
	after := map[string]map[string]float64{}
	add := func(a, b string, n float64) {
		if after[a] == nil {
			after[a] = map[string]float64{}
		}
		after[a][b] += n
	}
	c.base.eachPair(add)
	for a, m := range c.after {
		for b, n := range m {
			add(a, b, n)
		}
	}
	for _, a := range slices.Sorted(maps.Keys(after)) {
		for _, b := range slices.Sorted(maps.Keys(after[a])) {
			if n := after[a][b]; n >= atLeast {
				fmt.Fprintf(bw, "p\t%s\t%s\t%g\n", a, b, n)
			}
		}
	}
	return bw.Flush()
}

// ReadCounts reads what Write wrote.
func ReadCounts(r io.Reader) (*Counts, error) {
	c := NewCounts()
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		switch {
		case err != nil:
			return nil, fmt.Errorf("line %d: bad count: %w", n, err)
		case f[0] == "w" && len(f) == 3:
			c.words[f[1]] += v
			c.total += v
		case f[0] == "p" && len(f) == 4:
			c.addPair(f[1], f[2], v)
		default:
			return nil, fmt.Errorf("line %d: want w FORM COUNT or p CLASS CLASS COUNT", n)
		}
	}
	c.classes = c.topClasses()
	return c, sc.Err()
}
