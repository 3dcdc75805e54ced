package suggest

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	aligner "sverka/align"
	"sverka/lexicon"
	"sverka/stemming"
)

// The aligned English sentence through a bilingual dictionary: a Russian
// word that translates one of its words is far more likely in the Russian
// than its frequency says. The language model of a unit with English is a
// mixture: with probability translatedShare a word translates one of the
// English words (each alike) by one of the Russian stems the dictionary
// gives for it (each alike, as IBM model 1 starts), otherwise it is drawn
// from the word frequencies as without English. An English word with one
// translation (bridgehead: плацдарм) vouches for it more than one with
// twenty (that: тот, что, который, оный…) for each of them.
//
// translatedShare is the mixture's weight fitted by maximum likelihood on
// the clean Russian of the tuning part of developers-reference-ru with
// its English paragraphs (11,658 known words; log likelihood -104,986 at
// 0.01, -95,793 at 0.3, -95,402 at 0.4, -95,404 at 0.5, -95,772 at 0.6).
// 60 % of those words have a stem that translates a word of the English
// paragraph through Debian's dictionaries.
const translatedShare = 0.4

// maxTranslatedEdits is the most edits a reading found through the
// English may be from the OCR form: a word the English vouches for may be
// read from a form OCR garbled further than a search of likely edits
// reaches (two or three letters of a faint copy).
const maxTranslatedEdits = 3

// minTranslatedLetters is the shortest OCR form searched through the
// English: a short form is within three edits of too many words.
const minTranslatedLetters = 5

var bilingual struct {
	once sync.Once
	dict *aligner.Dictionary // align's reading of Debian's dictionaries
	// ru[at[id]:at[id+1]] are the Russian stems that may translate the
	// English stem numbered id in dict, in byte order: the strings are
	// dict's, shared.
	at []int32
	ru []string
}

// dictionary returns align's reading of Debian's English-Russian
// dictionaries (read once, at first use or by ReadDictionaries; empty when
// none is installed), and makes the index of its Russian stems by English
// stem.
func dictionary() *aligner.Dictionary {
	bilingual.once.Do(func() {
		d, _ := aligner.Debian() // its error says what to install; without, no evidence
		at := make([]int32, d.EnglishLen()+1)
		d.Each(func(_, e string) { at[d.English(e)+1]++ })
		for i := 1; i < len(at); i++ {
			at[i] += at[i-1]
		}
		ru, next := make([]string, at[len(at)-1]), slices.Clone(at)
		d.Each(func(r, e string) {
			id := d.English(e)
			ru[next[id]] = r
			next[id]++
		})
		for id := range len(at) - 1 {
			slices.Sort(ru[at[id]:at[id+1]])
		}
		bilingual.dict, bilingual.at, bilingual.ru = d, at, ru
	})
	return bilingual.dict
}

// russianStems returns the Russian stems that may translate an English
// stem numbered id (none for -1).
func russianStems(id int32) []string {
	if id < 0 {
		return nil
	}
	return bilingual.ru[bilingual.at[id]:bilingual.at[id+1]]
}

// ReadDictionaries reads the bilingual dictionaries the aligned English is
// taken through, so that the first check with English does not wait for
// them (a server calls it as it starts).
func ReadDictionaries() {
	dictionary()
}

// translation is what the aligned English of a unit says of its words.
type translation struct {
	// en holds the English stems that have a translation, first seen
	// first, each with the share (see logp) that each of its Russian stems
	// takes of words: how many times the English has it over how many
	// stems translate it.
	en    []englishStem
	words float64
	mask  idMask // each English stem's number
	once  sync.Once
	spelt []*stemRunes // see runes
}

type englishStem struct {
	stem  string
	id    int32
	share float64
}

// stemOf is stemming.Key of a word (remembered; a word of the embedded
// counts was stemmed as they were read).
func (c *Checker) stemOf(w string) string {
	if st, ok := c.counts.base.stemOf(w); ok {
		return st
	}
	if st, ok := c.stemmed.get(w); ok {
		return st
	}
	st := stemming.Key(w)
	c.stemmed.put(w, st)
	return st
}

// translationOf returns the evidence of an English text, or nil.
func (c *Checker) translationOf(en string) *translation {
	if en == "" {
		return nil
	}
	dict := dictionary()
	var order []string        // English stems with a translation, first seen first
	times := map[string]int{} // how often each
	for _, w := range strings.FieldsFunc(strings.ToLower(en), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if st := c.stemOf(w); len(russianStems(dict.English(st))) > 0 {
			if times[st] == 0 {
				order = append(order, st)
			}
			times[st]++
		}
	}
	if len(order) == 0 {
		return nil
	}
	t := &translation{en: make([]englishStem, len(order))}
	for i, st := range order {
		id := dict.English(st)
		t.en[i] = englishStem{st, id, float64(times[st]) / float64(len(russianStems(id)))}
		t.words += float64(times[st])
		t.mask.add(t.en[i].id)
	}
	return t
}

// idMask has a bit set for each of some English stems' numbers (its low
// bits): a stem whose bit is not set is not one of them. With 1,024 bits,
// a few in a hundred numbers that are not among a sentence's stems have
// a bit set, against one in four with 64.
type idMask [16]uint64

func (m *idMask) add(id int32) { m[id>>6&15] |= 1 << (id & 63) }

func (m *idMask) has(id int32) bool { return m[id>>6&15]&(1<<(id&63)) != 0 }

// logp is the log probability of a Russian stem by the translation, and
// whether it translates a word of the English: the shares of the English
// stems it translates, summed in the order of the English, once for each
// time the dictionary pairs them.
func (t *translation) logp(stem string) (float64, bool) {
	ens := bilingual.dict.Translations(stem)
	v, ok := 0.0, false
	if !t.mayHave(ens) {
		return math.Log(translatedShare * v / t.words), ok
	}
	// Only the stems the mask may have can be an English stem's: the
	// others are left out before the shares are summed, in the same order.
	var buf [16]int32
	may := buf[:0]
	for _, x := range ens {
		if t.mask.has(x) {
			may = append(may, x)
		}
	}
	for _, e := range t.en {
		for _, x := range may {
			if x == e.id {
				v += e.share
				ok = true
			}
		}
	}
	return math.Log(translatedShare * v / t.words), ok
}

// mayTranslate reports whether a lower-case word may have a stem that
// translates a word of the English, before stemming it: the Snowball stem
// of a Cyrillic word is a beginning of it (ё read as е) that keeps its
// first vowel (the stemmer takes endings off only after it), so a word
// none of whose such beginnings does may be passed over. Any other word
// may.
func (t *translation) mayTranslate(c *Checker, w string) bool {
	if !allCyrillic(w) {
		return true
	}
	return t.translates(c.beginningStems(w))
}

// beginningStems returns the English stems that the beginnings of a
// Cyrillic word through its first vowel on translate, as Russian stems
// (remembered: a word is asked about in every unit it is read in).
func (c *Checker) beginningStems(w string) []int32 {
	if ids, ok := c.beginnings.get(w); ok {
		return ids
	}
	lw := strings.ReplaceAll(w, "ё", "е")
	from := len(lw)
	if v := strings.IndexAny(lw, "аеиоуыэюя"); v >= 0 {
		from = v + len("а")
	}
	var ids []int32
	for i := from; i <= len(lw); i++ {
		if i == len(lw) || utf8.RuneStart(lw[i]) {
			ids = append(ids, bilingual.dict.Translations(lw[:i])...)
		}
	}
	c.beginnings.put(w, ids)
	return ids
}

// translates reports whether any of the English stems is one of the
// translation's.
func (t *translation) translates(ids []int32) bool {
	for _, id := range ids {
		if t.mask.has(id) && slices.ContainsFunc(t.en, func(e englishStem) bool { return e.id == id }) {
			return true
		}
	}
	return false
}

// mayHave reports whether any of the English stems may be one of the
// translation's, by its mask: false only if none is.
func (t *translation) mayHave(ids []int32) bool {
	for _, id := range ids {
		if t.mask.has(id) {
			return true
		}
	}
	return false
}

// logUntranslated is the log of the share of words the translation does
// not account for.
var logUntranslated = math.Log(1 - translatedShare)

// translated returns the language-model score v of a form w (known:
// written Russian; else a form no model knows) under the mixture: each
// word of it drawn from the counts, or from the translation. The
// translation gives a stem; a form of it takes its share of the stem's
// probability by the counts. A name of the English is not taken through
// the dictionary as well: the English word is evidence once, as a name
// (see namedInEnglish), whose case the words around decide.
func (s *scan) translated(w string, known bool, v float64) float64 {
	t := s.trans
	if t == nil {
		return v
	}
	words := []string{lower(w)}
	if words[0] == "" || hasSpace(words[0]) {
		words = strings.Fields(words[0])
	}
	if known && len(words) == 1 && !(len(s.english) > 0 && shapeOf(w) != lowerCase && s.namedInEnglish(w)) {
		if !t.mayTranslate(s.c, words[0]) {
			return v + logUntranslated
		}
		ss := s.c.stemShareOf(words[0])
		if p, ok := t.logp(ss.stem); ok {
			return logAddExp(v+logUntranslated, p+ss.share)
		}
	}
	return v + logUntranslated*float64(max(1, len(words)))
}

// stemShare is the stem of a form and the log of the form's share among
// the forms of its stem, by the counts.
type stemShare struct {
	stem  string
	share float64
}

// stemShareOf returns the stem of a form and its share (remembered until
// the counts change).
func (c *Checker) stemShareOf(form string) stemShare {
	k := formKey{form, c.counts.Version()}
	if ss, ok := c.shares.get(k); ok {
		return ss
	}
	stem := c.stemOf(form)
	ss := stemShare{stem, c.counts.logShare(form, stem)}
	c.shares.put(k, ss)
	return ss
}

func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// translatedReadings returns the readings of an unknown lower-case word
// that translate a word of the English, at most maxTranslatedEdits from
// it (by the alignment the channel learns from, after its look-alikes:
// see readLookAlikes): forms of the stems that a beginning of the word is
// close to.
func (s *scan) translatedReadings(w string, shape caseShape) []candidate {
	lw, looks := readLookAlikes(w, shape)
	o := []rune(lw)
	if s.trans == nil || len(o) < minTranslatedLetters || !allCyrillic(lw) {
		return nil
	}
	var out []candidate
	have := letterCounts(o)
	for _, st := range s.trans.runes(s.c) {
		// A reading keeps more than half of its stem's letters.
		k := min(maxTranslatedEdits, (len(st.runes)-1)/2)
		if common(st.runes, have) < len(st.runes)-k || !nearPrefix(st.runes, o, k) {
			continue
		}
		for _, f := range s.c.stemForms(st.stem) {
			r := []rune(f)
			if abs(len(r)-len(o)) > maxTranslatedEdits || f == lw || !s.c.validWord(f, shape) || distance(r, o) > maxTranslatedEdits {
				continue
			}
			if es := align(lw, f); !slices.ContainsFunc(es, merged) {
				out = append(out, candidate{f, append(slices.Clip(looks), es...)})
			}
		}
	}
	return out
}

// stemRunes is a stem of a translation, spelt out for translatedReadings.
type stemRunes struct {
	stem  string
	runes []rune
	ids   []int32 // the English stems it translates
}

// runes returns the Russian stems of the translation spelt out, in the
// order of the English, each once: a stem that an earlier English stem
// translates too is left out (made once).
func (t *translation) runes(c *Checker) []*stemRunes {
	t.once.Do(func() {
		before := &translation{} // the English stems before e
		for _, e := range t.en {
			sp := c.speltStems(e.stem)
			for k := range sp {
				if !before.translates(sp[k].ids) {
					t.spelt = append(t.spelt, &sp[k])
				}
			}
			before.en = append(before.en, e)
			before.mask.add(e.id)
		}
	})
	return t.spelt
}

// speltStems returns the Russian stems of an English stem spelt out, each
// once, in the dictionary's order (remembered).
func (c *Checker) speltStems(en string) []stemRunes {
	if sp, ok := c.spelt.get(en); ok {
		return sp
	}
	var sp []stemRunes
	for _, stem := range russianStems(bilingual.dict.English(en)) {
		if !slices.ContainsFunc(sp, func(x stemRunes) bool { return x.stem == stem }) {
			sp = append(sp, stemRunes{stem, []rune(stem), bilingual.dict.Translations(stem)})
		}
	}
	c.spelt.put(en, sp)
	return sp
}

// merged reports whether an edit of align is letters lost, added or
// misread together that OCR does not confuse as a whole: its cost would be
// that of one letter's.
func merged(e Edit) bool {
	return (utf8.RuneCountInString(e.OCR) > 1 || utf8.RuneCountInString(e.Want) > 1) && priorWeight(e) <= genericWeight
}

// stemForms returns the words a stem of the Russian stemmer may be the
// stem of that the lexicon knows (the counts, without a lexicon;
// remembered until the counts change): the stem with each ending the
// stemmer takes off.
func (c *Checker) stemForms(stem string) []string {
	k := formKey{stem, c.counts.Version()}
	if fs, ok := c.stems.get(k); ok {
		return fs
	}
	var fs []string
	if c.lex == nil {
		for _, e := range stemEndings {
			if c.counts.seenKey(stem+e, minSeen) {
				fs = append(fs, stem+e)
			}
		}
	} else {
		// The endings' tree walked from the stem, left where no form of
		// the lexicon begins so.
		var walk func(n *endingNode, h uint64, form []byte)
		walk = func(n *endingNode, h uint64, form []byte) {
			if n.end && c.lex.KnownHash(h) {
				fs = append(fs, string(form))
			}
			for _, ch := range n.next {
				if hh := lexicon.ExtendHash(h, ch.letter); c.lex.MayBegin(hh) {
					walk(ch.node, hh, append(form, ch.letter...))
				}
			}
		}
		walk(endingTree, lexicon.HashOf(stem, "", ""), []byte(stem))
	}
	c.stems.put(k, fs)
	return fs
}

// endingNode is a node of the tree of stemEndings: a beginning of one.
type endingNode struct {
	end  bool // an ending ends here
	next []endingEdge
}

type endingEdge struct {
	letter string
	node   *endingNode
}

// endingTree is the root of the tree of stemEndings.
var endingTree = func() *endingNode {
	root := &endingNode{}
	for _, e := range stemEndings {
		n := root
		for _, r := range e {
			i := slices.IndexFunc(n.next, func(ch endingEdge) bool { return ch.letter == string(r) })
			if i < 0 {
				i = len(n.next)
				n.next = append(n.next, endingEdge{string(r), &endingNode{}})
			}
			n = n.next[i].node
		}
		n.end = true
	}
	return root
}()

// stemEndings are the endings the Russian Snowball stemmer takes off a
// word: a noun's, an adjective's, a verb's, a gerund's, a participle's
// (its suffix and an adjective's ending), the last three reflexive or
// not, and each after the н it takes off a double нн.
var stemEndings = func() []string {
	nouns := strings.Fields("а я ы и е у ю о ь й ев ов ие ье еи ии ией ей ой ий иям ям ием ем ам ом ах иях ях ию ью ия ья иями ями ами")
	adjectives := strings.Fields("ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому их ых ую юю ая яя ою ею")
	verbs := strings.Fields(`ла на ете йте ли й л ем н ло но ет ют ны ть ешь нно ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен
		ило ыло ено ят ует уют ит ыт ены ить ыть ишь ую ю в вши ив ивши ыв ывши`)
	for _, p := range strings.Fields("ем нн вш ющ щ ивш ывш ующ") {
		for _, a := range adjectives {
			verbs = append(verbs, p+a)
		}
	}
	ends := slices.Concat([]string{""}, nouns, adjectives, verbs)
	for _, v := range verbs {
		ends = append(ends, v+"ся", v+"сь")
	}
	for _, e := range slices.Concat(nouns, adjectives, verbs) {
		ends = append(ends, "н"+e)
	}
	slices.Sort(ends)
	return slices.Compact(ends)
}()
