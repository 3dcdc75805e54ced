package translit

// Korean syllables as English texts write them (McCune–Reischauer without
// its diacritics, the Revised Romanisation, and older spellings) and their
// Russian spellings (the Kontsevich system and the older conventional
// ones: Ким Ир Сен, Пхеньян, Пусан). Each part of a syllable has several
// spellings, the Kontsevich one first, since the romanisation drops what
// tells them apart (p for ㅂ or ㅍ, o for ㅗ or ㅓ, u for ㅜ, ㅡ or ㅓ).
var (
	koreanInitials = map[string][]string{
		"": {""}, "k": {"к", "кх"}, "kk": {"кк"}, "g": {"к", "г"}, "n": {"н"},
		"t": {"т", "тх"}, "tt": {"тт"}, "d": {"т", "д"}, "r": {"р"}, "l": {"р", "л"},
		"m": {"м"}, "p": {"п", "пх"}, "pp": {"пп"}, "b": {"п", "б"}, "s": {"с"},
		"ss": {"сс"}, "sh": {"с", "ш"}, "ch": {"ч", "чх"}, "j": {"ч", "чж", "дж"},
		"jj": {"чч"}, "h": {"х"},
	}
	koreanVowels = map[string][]string{
		"a": {"а"}, "ae": {"э"}, "ya": {"я"}, "yae": {"е"}, "eo": {"о", "е"},
		"e": {"е", "э"}, "yeo": {"ё", "е"}, "ye": {"е"}, "o": {"о", "е", "ё"},
		"wa": {"ва"}, "wae": {"вэ"}, "oe": {"ве"}, "yo": {"ё", "е"},
		"u": {"у", "ы", "о", "е"}, "wo": {"во"}, "weo": {"во"}, "we": {"ве"},
		"wi": {"ви"}, "yu": {"ю"}, "eu": {"ы"}, "ui": {"ый", "и"}, "i": {"и"},
	}
	koreanFinals = map[string][]string{
		"": {""}, "k": {"к"}, "g": {"к"}, "n": {"н"}, "t": {"т"}, "l": {"ль", "р"},
		"m": {"м"}, "p": {"п"}, "b": {"п"}, "ng": {"н"},
	}
)

// korean returns the Russian spellings of a word parted into Korean
// syllables (Pyongyang: Пхеньян, Пхёнъян; Sung: Сон, Сын, Сен).
func korean(w string) []string {
	return syllables(w, koreanSyllable)
}

// koreanSyllable returns the spellings of s as one Korean syllable: an
// initial, a vowel and a final, each as koreanInitials, koreanVowels and
// koreanFinals spell it.
func koreanSyllable(s string) []string {
	var out []string
	for i := 0; i <= min(2, len(s)); i++ {
		ini, ok := koreanInitials[s[:i]]
		if !ok {
			continue
		}
		for j := i + 1; j <= min(i+3, len(s)); j++ {
			vow, ok := koreanVowels[s[i:j]]
			if !ok {
				continue
			}
			fin, ok := koreanFinals[s[j:]]
			if !ok {
				continue
			}
			for _, v := range vow {
				for _, a := range ini {
					for _, f := range fin {
						out = append(out, a+v+f)
					}
				}
			}
		}
	}
	return out
}
