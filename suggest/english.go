package suggest

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"sverka/translit"
)

// name is a capitalised word of an English translation, with the keys a
// Russian spelling of it may have: folded by latinKey (Taiwan, Zhou, as
// Russian names transliterated to Latin fold), and by translit.Key of its
// Cyrillic renderings (Zedong: Цзэдун by Palladius; Pyongyang: Пхеньян).
type name struct {
	latin string
	cyr   []string
}

// english is what an aligned English text says of its Russian.
type english struct {
	names   []name       // englishNames
	numbers []string     // englishNumbers
	trans   *translation // translationOf
}

// englishOf returns what an English text says, remembered: the sentences
// of a Russian paragraph often share one English sentence or paragraph.
func (c *Checker) englishOf(en string) english {
	if e, ok := c.englishes.get(en); ok {
		return e
	}
	e := english{c.englishNames(en), englishNumbers(en), c.translationOf(en)}
	c.englishes.put(en, e)
	return e
}

// englishNames returns the names of an English translation, so that a
// Russian name that the lexicon lacks (Тайвана, Чжоу, Цзэдуна) is kept
// when the translation names it, and one misread is read as the name.
func (c *Checker) englishNames(en string) []name {
	var out []name
	for _, w := range strings.FieldsFunc(en, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if r := []rune(w); len(r) > 2 && unicode.IsUpper(r[0]) && !nationality(w) {
			out = append(out, c.englishName(w))
		}
	}
	return out
}

// englishName returns the keys of a capitalised English word
// (remembered: names recur in a document's English).
func (c *Checker) englishName(w string) name {
	if n, ok := c.names.get(w); ok {
		return n
	}
	n := name{latin: latinKey(strings.ToLower(w))}
	for _, cy := range translit.Cyrillic(w) {
		if k := translit.Key(cy); !slices.Contains(n.cyr, k) {
			n.cyr = append(n.cyr, k)
		}
	}
	c.names.put(w, n)
	return n
}

// nationality reports whether an English word looks like an adjective of
// a nation or a place (Korean, Chinese, British): English
// capitalises those, Russian does not, and they are not the name they
// derive from (Korean is not Корея, and no Russian word renders it).
func nationality(w string) bool {
	w = strings.ToLower(strings.TrimSuffix(w, "s"))
	for _, end := range []string{"ean", "ian", "ese", "ish", "can"} {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// namedInEnglish reports whether the Russian word, less a case ending,
// is a name of the aligned English.
func (s *scan) namedInEnglish(w string) bool {
	return len(s.english) > 0 && slices.ContainsFunc(s.english, s.c.nameOf(w))
}

// nameOf returns whether a name of the English is the Russian word's,
// less a case ending. The keys of a word are remembered: a word and its
// readings are asked about several times a unit, and names recur.
func (c *Checker) nameOf(w string) func(n name) bool {
	lw := lower(w)
	k, ok := c.keys.get(lw)
	if !ok {
		k = keysOf(lw)
		c.keys.put(lw, k)
	}
	return k.names
}

// nameKeys are the keys of a Russian word and of its stems less a case
// ending, folded as the names of the English are (latinKey of its Latin
// spelling, translit.Key).
type nameKeys struct {
	latin, cyr []string
}

func keysOf(w string) nameKeys {
	lw := lower(w)
	stems := []string{lw}
	for _, end := range caseEndings {
		if stem, ok := strings.CutSuffix(lw, end); ok && utf8.RuneCountInString(stem) >= 3 {
			stems = append(stems, stem)
		}
	}
	k := nameKeys{make([]string, len(stems)), make([]string, len(stems))}
	for i, st := range stems {
		k.latin[i], k.cyr[i] = latinKey(translit.Latin(st)), translit.Key(st)
	}
	return k
}

// names reports whether n is the name of the word the keys are of.
func (k nameKeys) names(n name) bool {
	return slices.Contains(k.latin, n.latin) || slices.ContainsFunc(k.cyr, func(c string) bool { return slices.Contains(n.cyr, c) })
}

// missingNames returns the names of the aligned English that no word of
// the unit is: a translation names what its original names, so one of
// them missing is evidence that OCR misread it (Эньпая where the English
// says Enlai). Worked out once per unit.
func (s *scan) missingNames() []name {
	if s.missing == nil {
		s.missing = slices.Clone(s.english)
		for _, t := range s.toks {
			if t.kind == wordToken && len(s.missing) > 0 {
				s.missing = slices.DeleteFunc(s.missing, s.c.nameOf(t.text))
			}
		}
	}
	return s.missing
}

// nameReadings returns the readings of a capitalised word, one likely
// confusion away, that are a name the English has and the Russian lacks:
// names the lexicon does not know are read from the English.
func (s *scan) nameReadings(w string, shape caseShape) []candidate {
	if shape == lowerCase || len(s.english) == 0 || len(s.missingNames()) == 0 {
		return nil
	}
	var out []candidate
	for _, v := range s.c.nameVariants(lower(w)) {
		if slices.ContainsFunc(s.missingNames(), v.keys.names) {
			out = append(out, candidate{v.text, []Edit{v.edit}})
		}
	}
	return out
}

// nameVariant is a reading of a word one likely confusion away, with the
// keys it may name a name of the English by.
type nameVariant struct {
	text string
	edit Edit
	keys nameKeys
}

// nameVariants returns the Cyrillic readings of a lower-case word one
// likely confusion away, each once (by its first edit), with their keys:
// remembered, as a capitalised word recurs in a document (a name, a
// sentence's first word) and folding each reading is what costs.
func (c *Checker) nameVariants(lw string) []nameVariant {
	if vs, ok := c.variants.get(lw); ok {
		return vs
	}
	var vs []nameVariant
	oneEdit(lw, 0, len(lw), 0, true, false, func(i, j int, want string, e Edit) {
		r := lw[:i] + want + lw[j:]
		if allCyrillic(r) && !slices.ContainsFunc(vs, func(v nameVariant) bool { return v.text == r }) {
			vs = append(vs, nameVariant{r, e, keysOf(r)})
		}
	})
	c.variants.put(lw, vs)
	return vs
}

// caseEndings are endings a Russian name takes in its cases.
var caseEndings = []string{"ами", "ями", "ом", "ем", "ой", "ей", "ою", "ею", "ах", "ях", "ам", "ям", "а", "я", "у", "ю", "е", "и", "ы"}

// allCyrillic reports whether w is all Cyrillic letters.
func allCyrillic(w string) bool {
	for _, r := range w {
		if !cyrillic(r) {
			return false
		}
	}
	return true
}

// latinFolds are the spellings latinKey folds.
var latinFolds = strings.NewReplacer("chzh", "zh", "kh", "h", "ts", "z", "w", "v", "y", "i", "j", "zh", "x", "ks", "q", "k", "c", "k", "ee", "i", "ou", "u")

// latinKey folds the spellings that transliterations of one name differ in
// (Taiwan/Tayvan, Zhou/Chzhou, Syngman/Singman) and drops final vowels.
func latinKey(w string) string {
	w = latinFolds.Replace(w)
	var b []rune
	for _, r := range w {
		if len(b) > 0 && b[len(b)-1] == r {
			continue
		}
		b = append(b, r)
	}
	return strings.TrimRight(string(b), "aeiou")
}
