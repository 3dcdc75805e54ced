package variant

import (
	"slices"
	"strings"
	"unicode"
)

// latin spells Russian letters in plain ASCII, close to BGN/PCGN.
var latin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
	'я': "ya",
}

// palladius are the Russian spellings of Chinese syllables whose pinyin
// differs from letter-by-letter transliteration: Чжоу is Zhou, Цзэ is Ze.
var palladius = strings.NewReplacer("чж", "zh", "цз", "z")

// latinFold makes Latin spellings of one name meet: h for kh, i for y and j,
// v for w, doubled letters single, nothing but letters.
var latinFold = strings.NewReplacer("kh", "h", "y", "i", "j", "i", "w", "v")

// Sound is a word spelled so that a name written in Cyrillic and its
// English transliteration meet: Филиппов and Filippov are "filipov", Энь-лай
// and Enlai "enlai", Чжоу and Zhou "zhou".
func Sound(word string) string {
	w := palladius.Replace(strings.ToLower(word))
	var b strings.Builder
	for _, r := range w {
		if s, ok := latin[r]; ok {
			b.WriteString(s)
		} else if r < unicode.MaxASCII && unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	folded := latinFold.Replace(b.String())
	out := make([]byte, 0, len(folded))
	for i := 0; i < len(folded); i++ {
		if i == 0 || folded[i] != folded[i-1] {
			out = append(out, folded[i])
		}
	}
	return string(out)
}

// endings are Russian case endings as Sound spells them, longest first.
var endings = []string{"ami", "iami", "ogo", "ego", "omu", "emu", "imi", "om", "em", "im", "oi", "ei", "ah", "ih", "ov", "ev", "iu", "ia", "a", "u", "e", "i", "o"}

// Sounds are the sounds under which a name of this sound may stand in the
// other script, inflected or not: Filippov may be Филиппова, Филиппову;
// Филиппова may be Filippov.
func Sounds(word string) []string {
	s := Sound(word)
	if len(s) < 3 {
		return nil
	}
	out := []string{s}
	// A final й goes before an ending: Энь-лай, Энь-лая, Энь-лаем.
	soft, _ := strings.CutSuffix(s, "i")
	for _, e := range endings {
		out = append(out, s+e, soft+e)
		if t, ok := strings.CutSuffix(s, e); ok && len(t) >= 3 {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
