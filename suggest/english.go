package suggest

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// englishNames returns the capitalised words of an English translation,
// folded by latinKey, so that a Russian name that the lexicon lacks
// (Тайвана, Чжоу) is kept when the translation names it (Taiwan, Zhou).
func englishNames(en string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(en, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if r := []rune(w); len(r) > 2 && unicode.IsUpper(r[0]) {
			out = append(out, latinKey(strings.ToLower(w)))
		}
	}
	return out
}

// namedInEnglish reports whether the Russian word, less a case ending,
// transliterates to a name of the aligned English.
func (s *scan) namedInEnglish(w string) bool {
	return len(s.english) > 0 && slices.ContainsFunc(s.english, nameOf(w))
}

// nameOf returns whether a name of the English (as englishNames folds it)
// is the Russian word's, less a case ending.
func nameOf(w string) func(name string) bool {
	lw := lower(w)
	keys := []string{latinKey(transliterate(lw))}
	for _, end := range caseEndings {
		if stem, ok := strings.CutSuffix(lw, end); ok && utf8.RuneCountInString(stem) >= 3 {
			keys = append(keys, latinKey(transliterate(stem)))
		}
	}
	return func(name string) bool { return slices.Contains(keys, name) }
}

// missingNames returns the names of the aligned English that no word of
// the unit is: a translation names what its original names, so one of
// them missing is evidence that OCR misread it (Эньпая where the English
// says Enlai). Worked out once per unit.
func (s *scan) missingNames() []string {
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

var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
}

func transliterate(w string) string {
	var b strings.Builder
	for _, r := range w {
		if t, ok := translit[r]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

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
