// Package corpus makes up archives of parallel Russian-English documents of
// realistic shape, for measuring Sverka at scale: words from Hunspell
// dictionaries (inflected by their affix rules) drawn with Zipf
// frequencies, sentences and paragraphs of natural lengths, names and
// numbers, documents of 20 to 2,000 sentence pairs with a heavy tail, and
// notes on some. The same seed gives the same corpus.
package corpus

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Document is one made-up document: a Russian original and its English
// translation, paragraphs separated by blank lines.
type Document struct {
	ID, Title, Date, Summary string
	Russian, English         string
	// Pairs is the number of sentence pairs written (before alignment).
	Pairs int
}

// Generator makes documents, and remembers enough of what it wrote to
// draw search queries from the corpus's own frequencies.
type Generator struct {
	rng   *rand.Rand
	langs [2]*Vocabulary // ru, en
	zipf  *rand.Zipf
	// counts are the occurrences of each word form written, per language.
	counts [2]map[string]int
	// phrases are word pairs seen side by side, a reservoir sample.
	phrases [2][]string
	seen    int
}

// MinPairs and MaxPairs bound the sentence pairs of a document.
const (
	MinPairs = 20
	MaxPairs = 2000
)

// New returns a generator over two lexicons (Russian, English) of the same
// size, seeded so that the same seed gives the same documents.
func New(ru, en *Vocabulary, seed uint64) *Generator {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	size := min(len(ru.Lemmas), len(en.Lemmas))
	return &Generator{
		rng:    rng,
		langs:  [2]*Vocabulary{ru, en},
		zipf:   rand.NewZipf(rng, 1.07, 2, uint64(size-1)),
		counts: [2]map[string]int{{}, {}},
	}
}

// Pairs draws a document length in sentence pairs: a Pareto tail from
// MinPairs (most documents are short letters, a few are long reports),
// at most MaxPairs; the mean is about 50.
func (g *Generator) Pairs() int {
	n := float64(MinPairs) / math.Pow(1-g.rng.Float64(), 1/1.6)
	return min(int(n), MaxPairs)
}

// Document makes a document of the given number of sentence pairs.
func (g *Generator) Document(id string, pairs int) Document {
	var ru, en strings.Builder
	for written := 0; written < pairs; {
		para := min(1+g.rng.IntN(7), pairs-written)
		if written > 0 {
			ru.WriteString("\n\n")
			en.WriteString("\n\n")
		}
		for k := 0; k < para; k++ {
			if k > 0 {
				ru.WriteByte(' ')
				en.WriteByte(' ')
			}
			g.pair(&ru, &en)
		}
		written += para
	}
	ru.WriteByte('\n')
	en.WriteByte('\n')
	year := 1917 + g.rng.IntN(75)
	date := fmt.Sprintf("%d-%02d-%02d", year, 1+g.rng.IntN(12), 1+g.rng.IntN(28))
	from, to := g.name(1), g.name(1)
	kinds := []string{"Letter", "Memorandum", "Telegram", "Report", "Record of Conversation", "Minutes"}
	return Document{
		ID:      id,
		Title:   fmt.Sprintf("%s from %s to %s", kinds[g.rng.IntN(len(kinds))], from, to),
		Date:    date,
		Summary: strings.TrimSpace(g.sentence(1, 8+g.rng.IntN(15), nil)),
		Russian: ru.String(), English: en.String(), Pairs: pairs,
	}
}

// pair writes one sentence pair; now and then the English splits it in
// two, or leaves one out, as translators do.
func (g *Generator) pair(ru, en *strings.Builder) {
	n := min(max(int(math.Exp(2.5+0.5*g.rng.NormFloat64())), 3), 60)
	ranks := make([]int, n)
	for i := range ranks {
		ranks[i] = int(g.zipf.Uint64())
	}
	ru.WriteString(g.sentence(0, n, ranks))
	// English runs about 15 % longer: the same ranks and a few more.
	for extra := n * 15 / 100; extra > 0; extra-- {
		ranks = append(ranks, int(g.zipf.Uint64()))
	}
	switch r := g.rng.Float64(); {
	case r < 0.04 && len(ranks) >= 8:
		half := len(ranks) / 2
		en.WriteString(g.sentence(1, half, ranks[:half]))
		en.WriteByte(' ')
		en.WriteString(g.sentence(1, len(ranks)-half, ranks[half:]))
	default:
		en.WriteString(g.sentence(1, len(ranks), ranks))
	}
}

// sentence renders n words of language l (0 ru, 1 en) from Zipf ranks
// (drawn afresh when ranks is nil), with a name or a number now and then,
// commas, a capital first letter and a full stop.
func (g *Generator) sentence(l, n int, ranks []int) string {
	lex := g.langs[l]
	words := make([]string, 0, n+2)
	var prev string
	for i := 0; i < n; i++ {
		r := int(g.zipf.Uint64())
		if ranks != nil {
			r = ranks[i]
		}
		forms := lex.Lemmas[r].Forms
		w := forms[0]
		if len(forms) > 1 && g.rng.IntN(10) >= 4 {
			w = forms[g.rng.IntN(len(forms))]
		}
		g.counts[l][w]++
		if prev != "" {
			g.keepPhrase(l, prev+" "+w)
		}
		prev = w
		if i+1 < n && g.rng.IntN(100) < 7 {
			w += ","
			prev = ""
		}
		words = append(words, w)
	}
	if g.rng.IntN(100) < 15 {
		at := g.rng.IntN(len(words))
		words = append(words[:at], append([]string{g.name(l)}, words[at:]...)...)
	}
	if g.rng.IntN(100) < 10 {
		num := strconv.Itoa(1917 + g.rng.IntN(75))
		if g.rng.IntN(2) == 0 {
			num = strconv.Itoa(1 + g.rng.IntN(500))
		}
		at := g.rng.IntN(len(words))
		words = append(words[:at], append([]string{num}, words[at:]...)...)
	}
	s := strings.Join(words, " ")
	first, size := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(first)) + s[size:]
	s = strings.TrimSuffix(s, ",")
	switch g.rng.IntN(25) {
	case 0:
		return s + "?"
	case 1:
		return s + "!"
	}
	return s + "."
}

// name draws a proper name of language l; names of the same index stand
// for the same person in both languages.
func (g *Generator) name(l int) string {
	names := g.langs[l].Names
	i := int(g.zipf.Uint64()) % min(len(g.langs[0].Names), len(g.langs[1].Names))
	return names[i]
}

// keepPhrase keeps a sample of word pairs that occur in the corpus.
func (g *Generator) keepPhrase(l int, p string) {
	const keep = 2000
	g.seen++
	if len(g.phrases[l]) < keep {
		g.phrases[l] = append(g.phrases[l], p)
	} else if j := g.rng.IntN(g.seen); j < keep {
		g.phrases[l][j] = p
	}
}
