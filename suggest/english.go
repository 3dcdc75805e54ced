package suggest

import (
	"strings"
	"unicode"
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
	if len(s.english) == 0 {
		return false
	}
	lw := lower(w)
	forms := []string{lw}
	for _, end := range caseEndings {
		if stem, ok := strings.CutSuffix(lw, end); ok && len([]rune(stem)) >= 3 {
			forms = append(forms, stem)
		}
	}
	for _, f := range forms {
		k := latinKey(transliterate(f))
		for _, e := range s.english {
			if k == e {
				return true
			}
		}
	}
	return false
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

// latinKey folds the spellings that transliterations of one name differ in
// (Taiwan/Tayvan, Zhou/Chzhou, Syngman/Singman) and drops final vowels.
func latinKey(w string) string {
	w = strings.NewReplacer("chzh", "zh", "kh", "h", "ts", "z", "w", "v", "y", "i", "j", "zh", "x", "ks", "q", "k", "c", "k", "ee", "i", "ou", "u").Replace(w)
	var b []rune
	for _, r := range w {
		if len(b) > 0 && b[len(b)-1] == r {
			continue
		}
		b = append(b, r)
	}
	return strings.TrimRight(string(b), "aeiou")
}
