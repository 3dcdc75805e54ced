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

// englishNames returns the names of an English translation, so that a
// Russian name that the lexicon lacks (Тайвана, Чжоу, Цзэдуна) is kept
// when the translation names it, and one misread is read as the name.
func englishNames(en string) []name {
	var out []name
	for _, w := range strings.FieldsFunc(en, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if r := []rune(w); len(r) > 2 && unicode.IsUpper(r[0]) && !nationality(w) {
			n := name{latin: latinKey(strings.ToLower(w))}
			for _, c := range translit.Cyrillic(w) {
				if k := translit.Key(c); !slices.Contains(n.cyr, k) {
					n.cyr = append(n.cyr, k)
				}
			}
			out = append(out, n)
		}
	}
	return out
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
	return len(s.english) > 0 && slices.ContainsFunc(s.english, nameOf(w))
}

// nameOf returns whether a name of the English is the Russian word's,
// less a case ending.
func nameOf(w string) func(n name) bool {
	lw := lower(w)
	stems := []string{lw}
	for _, end := range caseEndings {
		if stem, ok := strings.CutSuffix(lw, end); ok && utf8.RuneCountInString(stem) >= 3 {
			stems = append(stems, stem)
		}
	}
	latin, cyr := make([]string, len(stems)), make([]string, len(stems))
	for i, st := range stems {
		latin[i], cyr[i] = latinKey(translit.Latin(st)), translit.Key(st)
	}
	return func(n name) bool {
		return slices.Contains(latin, n.latin) || slices.ContainsFunc(cyr, func(k string) bool { return slices.Contains(n.cyr, k) })
	}
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
				s.missing = slices.DeleteFunc(s.missing, nameOf(t.text))
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
	lw := lower(w)
	var out []candidate
	oneEdit(lw, 0, len(lw), 0, true, false, func(i, j int, want string, e Edit) {
		r := lw[:i] + want + lw[j:]
		if allCyrillic(r) && slices.ContainsFunc(s.missingNames(), nameOf(r)) && !slices.ContainsFunc(out, func(c candidate) bool { return c.text == r }) {
			out = append(out, candidate{r, []Edit{e}})
		}
	})
	return out
}

// caseEndings are endings a Russian name takes in its cases.
var caseEndings = []string{"ами", "ями", "ом", "ем", "ой", "ей", "ою", "ею", "ах", "ях", "ам", "ям", "а", "я", "у", "ю", "е", "и", "ы"}

// allCyrillic reports whether w is all Cyrillic letters.
func allCyrillic(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Cyrillic, r) {
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
