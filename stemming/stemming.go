// Package stemming turns text into search keys: words split on anything that
// is not a letter or digit, folded to lower case with ё read as е (Russian
// print mostly omits the diaeresis), mapped to their dictionary lemma by a
// hunspell lexicon, and reduced to the Snowball stem of that lemma. All the
// forms of a word, "Корея", "Кореи", "Кореей", share one key, even where the
// stemmer alone cuts them apart ("коре", "кор"); a word the lexicon lacks
// (a rare name, an OCR misreading) falls back to its own stem.
package stemming

import (
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball"

	"sverka/strtab"
)

// Lexicon is what a hunspell dictionary tells about words: the stems
// (lemmas) that generate a form, and the forms a stem generates.
type Lexicon interface {
	Lemmas(form string) []string
	Forms(stem string) []string
}

// Token is one word of a text: its range [Start, End) in code points, its
// search key, and whether the lexicon of its script knows it.
type Token struct {
	Start, End int
	Key        string
	Known      bool
}

// Keyer gives words their search keys. It is safe for concurrent use.
type Keyer struct {
	ru, en Lexicon      // nil: the stemmer alone
	mu     sync.RWMutex // readers share it: keys are read far more than made
	// recent and older remember the forms keyed lately. A form is looked
	// for in recent, then in older (and moved to recent); when recent is
	// full it becomes older and the forms left in the previous older are
	// forgotten, so the forms in use stay and the cache never empties at
	// once.
	recent, older *generation
}

type entry struct {
	key   string
	known bool
}

// generation is forms keyed lately, packed (package strtab): each form
// once, with the number of its key (each key once) and whether the lexicon
// knows it; about 40 bytes a form where a map of strings took 130.
type generation struct {
	forms strtab.Table
	keys  strtab.Table
	of    []uint32 // of form i: its key's number << 1, | 1 if known
}

// find returns the entry of a lower-case word, if g has it (nil has none).
func (g *generation) find(w string) (entry, bool) {
	if g == nil {
		return entry{}, false
	}
	i, ok := g.forms.Find(w)
	if !ok {
		return entry{}, false
	}
	return entry{key: g.keys.At(int(g.of[i] >> 1)), known: g.of[i]&1 == 1}, true
}

// size is the number of forms g remembers (nil none).
func (g *generation) size() int {
	if g == nil {
		return 0
	}
	return g.forms.Len()
}

// add remembers the entry of a word, unless g has it already; the strings
// are copied into g's tables (w may be a piece of a long text).
func (g *generation) add(w string, e entry) {
	if g.forms.Add(w) < len(g.of) {
		return
	}
	k := uint32(g.keys.Add(e.key)) << 1
	if e.known {
		k |= 1
	}
	g.of = append(g.of, k)
}

// maxCached bounds the forms a Keyer remembers (in recent and older
// together): about 20 MB.
const maxCached = 1 << 19

// New returns a Keyer that looks Russian (Cyrillic) words up in ru and
// English (Latin) words in en; either may be nil.
func New(ru, en Lexicon) *Keyer {
	return &Keyer{ru: ru, en: en, recent: &generation{}}
}

// Name says how the Keyer makes keys; an index built under another name
// must be built again.
func (k *Keyer) Name() string {
	name := "snowball-2"
	if k.ru != nil {
		name += "+hunspell-ru"
	}
	if k.en != nil {
		name += "+hunspell-en"
	}
	return name
}

// Fold is a word as keys and forms are compared: lower case, ё read as е.
func Fold(word string) string {
	return strings.ReplaceAll(strings.ToLower(word), "ё", "е")
}

// Key is the key of one word by the stemmer alone, without a lexicon:
// lower case, ё read as е, the Snowball stem of its script.
func Key(word string) string {
	return (&Keyer{}).compute(strings.ToLower(word)).key
}

// Key is the search key of one word.
func (k *Keyer) Key(word string) string {
	return k.lookup(word).key
}

// Lookup is the search key of one word, and whether the lexicon of its
// script knows it (Key and Known in one look-up).
func (k *Keyer) Lookup(word string) (key string, known bool) {
	e := k.lookup(word)
	return e.key, e.known
}

// Known reports whether the lexicon of the word's script knows it.
func (k *Keyer) Known(word string) bool {
	return k.lookup(word).known
}

func (k *Keyer) lookup(word string) entry {
	w := strings.ToLower(word)
	k.mu.RLock()
	e, ok := k.recent.find(w)
	if ok {
		k.mu.RUnlock()
		return e
	}
	e, ok = k.older.find(w)
	k.mu.RUnlock()
	if !ok {
		e = k.compute(w)
	}
	k.mu.Lock()
	if k.recent.size() >= maxCached/2 {
		k.older, k.recent = k.recent, &generation{}
	}
	k.recent.add(w, e)
	k.mu.Unlock()
	return e
}

// compute keys a lower-case word: the smallest stem of its lemmas, or its
// own stem when the lexicon does not know it.
func (k *Keyer) compute(w string) entry {
	lex, language := k.script(w)
	if language == "" {
		return entry{key: Fold(w)}
	}
	var keys []string
	for _, l := range k.lemmas(lex, w) {
		keys = append(keys, stem(Fold(l), language))
	}
	if len(keys) == 0 {
		return entry{key: stem(Fold(w), language)}
	}
	return entry{key: slices.Min(keys), known: true}
}

// lemmas looks a lower-case word up as a common word and as a name (title
// case), and with ё read as е when it is not found as written.
func (k *Keyer) lemmas(lex Lexicon, w string) []string {
	if lex == nil {
		return nil
	}
	out := lex.Lemmas(title(w))
	if len(out) == 0 && strings.Contains(w, "ё") {
		out = lex.Lemmas(title(Fold(w)))
	}
	return out
}

// script picks the lexicon and the Snowball language of a word by the first
// letter that is Cyrillic or Latin.
func (k *Keyer) script(w string) (Lexicon, string) {
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			return k.ru, "russian"
		case unicode.Is(unicode.Latin, r):
			return k.en, "english"
		}
	}
	return nil, ""
}

// QueryKeys is every key under which a form of the word's lemmas is
// indexed: the word's own key and, for a form of several lemmas (стали:
// сталь, стать), the keys of all the forms of each, so that any form finds
// every other.
func (k *Keyer) QueryKeys(word string) []string {
	w := strings.ToLower(word)
	keys := []string{k.Key(w)}
	lex, language := k.script(w)
	forms := surnameForms(Fold(w))
	lemmas := k.lemmas(lex, w)
	for _, l := range lemmas {
		forms = append(forms, lex.Forms(l)...)
	}
	if language == "russian" && (len(lemmas) == 0 || slices.ContainsFunc(lemmas, isName)) {
		forms = append(forms, nounForms(Fold(w))...)
	}
	for _, f := range forms {
		if key := k.Key(f); !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
	}
	return keys
}

// surnameParadigms are the endings of Russian surnames by the end of their
// base: Филиппов, Филиппова, Филиппову, …; Вышинский, Вышинского, …;
// Микоян, Микояна, …
var surnameParadigms = []struct {
	bases   []string
	endings []string
}{
	{[]string{"ов", "ев", "ин", "ын"}, []string{"", "а", "у", "ым", "ом", "е", "ой", "ых", "ыми", "ы"}},
	{[]string{"ск", "цк"}, []string{"ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ие", "их", "ими"}},
	{[]string{"ян"}, []string{"", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"}},
}

// surnameForms are the forms of w if it is a form of a Russian surname: a
// lexicon knows few surnames and may read one as something else (Филиппов
// as the genitive plural of Филипп), so a query for one form finds all.
func surnameForms(w string) []string {
	var out []string
	for _, p := range surnameParadigms {
		out = append(out, paradigmForms(w, p.endings, func(base string) bool {
			return slices.ContainsFunc(p.bases, func(b string) bool { return strings.HasSuffix(base, b) })
		})...)
	}
	return out
}

// paradigmForms are the forms base+e, for every ending e of endings, of
// each base of at least four letters that w is base+ending of and that fits.
func paradigmForms(w string, endings []string, fits func(base string) bool) []string {
	var out []string
	for _, e := range endings {
		base, ok := strings.CutSuffix(w, e)
		if !ok || utf8.RuneCountInString(base) < 4 || !fits(base) {
			continue
		}
		for _, e2 := range endings {
			out = append(out, base+e2)
		}
	}
	return out
}

// nounEndings are the case endings of Russian nouns, hard and soft, both
// numbers: a name the lexicon lacks or declines one way only (Тайвань,
// Тайваня; the 1950 documents write Тайвана, Тайвану, Тайваном) is matched
// in every declension a text may give it.
var nounEndings = []string{"", "а", "я", "у", "ю", "ом", "ем", "ой", "ей", "е", "и", "ы", "ь", "й", "ам", "ям", "ами", "ями", "ах", "ях", "ов", "ев", "ью", "ию", "ия", "ий"}

// nounForms are the forms of w in every declension of nounEndings, from
// each base of at least four letters that w ends a case ending on.
func nounForms(w string) []string {
	return paradigmForms(w, nounEndings, func(string) bool { return true })
}

// isName reports whether a lexicon's lemma is a proper name (title case).
func isName(lemma string) bool {
	r, _ := utf8.DecodeRuneInString(lemma)
	return unicode.IsUpper(r)
}

func stem(w, language string) string {
	s, err := snowball.Stem(w, language, true)
	if err != nil || s == "" {
		return w
	}
	return s
}

func title(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[size:]
}

// Tokens splits text into words and gives each its key. Each word is keyed
// by the script it is written in: Cyrillic as Russian, Latin as English.
func (k *Keyer) Tokens(text string) []Token {
	var out []Token
	for s := range Spans(text) {
		e := k.lookup(s.Word)
		out = append(out, Token{Start: s.Start, End: s.End, Key: e.key, Known: e.known})
	}
	return out
}

// Span is one word of a text as written, its range [Start, End) in code
// points, and the byte of the text it begins at (From).
type Span struct {
	Start, End int
	From       int
	Word       string
}

// Spans is the words of text in order, as Tokens splits it, without keys:
// each Word is a piece of text, so walking them allocates nothing.
func Spans(text string) iter.Seq[Span] {
	return func(yield func(Span) bool) {
		start, from, n := -1, 0, 0 // start: code point of the word begun, -1 none; from: its byte
		for i, r := range text {   // one code point an invalid byte, as []rune(text) counts
			switch {
			case isWordRune(r) && start < 0:
				start, from = n, i
			case !isWordRune(r) && start >= 0:
				if !yield(Span{Start: start, End: n, From: from, Word: text[from:i]}) {
					return
				}
				start = -1
			}
			n++
		}
		if start >= 0 {
			yield(Span{Start: start, End: n, From: from, Word: text[from:]})
		}
	}
}

// Keys is the space-separated stemmer-only keys (Key) of text, in order.
func Keys(text string) string {
	return New(nil, nil).Keys(text)
}

// Tokens is the words of text with their stemmer-only keys (Key).
func Tokens(text string) []Token {
	return New(nil, nil).Tokens(text)
}

// Keys is the space-separated keys of text, in order: what the full-text
// index stores for a passage.
func (k *Keyer) Keys(text string) string {
	toks := k.Tokens(text)
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = t.Key
	}
	return strings.Join(keys, " ")
}

// Words splits text into its words as written, in order.
func Words(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) })
}

// isWordRune says whether r is part of a word: a letter, a digit or a
// combining mark. ASCII and the Cyrillic letters U+0400-U+0481 (all of them
// letters), most of the runes of the texts, are told without a search of
// unicode's tables: in marking a page of hits the search was a sixth of
// the time.
func isWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r|0x20 && r|0x20 <= 'z' || '0' <= r && r <= '9'
	case 0x0400 <= r && r <= 0x0481:
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
