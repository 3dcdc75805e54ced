package alignbench

import (
	"math/rand/v2"
	"strings"
	"unicode"
)

// confusions are letters Russian OCR mistakes for others, as in the seeded letter's OCR
// (Ваш read Баш, знал внал, Корею Корев, большой обльшой).
var confusions = map[rune][]rune{
	'в': {'в', 'е', 'з'}, 'В': {'Б'}, 'з': {'в', 'э'}, 'ю': {'в', 'о'}, 'и': {'н', 'п', 'й'},
	'н': {'и', 'п'}, 'п': {'н', 'л'}, 'л': {'п', 'д'}, 'ы': {'и'}, 'е': {'с', 'о'},
	'с': {'е', 'о'}, 'о': {'0', 'с'}, 'ш': {'щ', 'т'}, 'щ': {'ш'}, 'т': {'г', 'ш'},
	'г': {'т', 'r'}, 'а': {'з', 'о'}, 'р': {'о', 'д'}, 'д': {'л', 'а'}, 'м': {'и', 'н'},
	'ц': {'п', 'щ'}, 'у': {'y', 'ч'}, 'к': {'x', 'н'}, 'я': {'а', 'н'}, 'ь': {'ъ', 'б'},
	'б': {'6', 'ь'}, 'ч': {'у', 'ц'},
}

// Noise returns s with OCR errors injected, the same for the same seed: about one letter
// in 30 misread, one space in 150 lost or added, one full stop in 20 read as a comma,
// the odd word broken by a hyphen and a space.
func Noise(s string, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		p := rng.Float64()
		switch {
		case confusions[r] != nil && p < 1.0/30:
			c := confusions[r]
			b.WriteRune(c[rng.IntN(len(c))])
		case r == ' ' && p < 1.0/150:
			// a lost space
		case r == '.' && p < 1.0/20 && i+1 < len(rs) && rs[i+1] == ' ':
			b.WriteRune(',')
		case unicode.IsLetter(r) && p > 1-1.0/400:
			b.WriteRune(r)
			b.WriteString("- ")
		case unicode.IsLetter(r) && p > 1-1.0/200:
			b.WriteRune(r)
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
