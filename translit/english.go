package translit

import (
	"slices"
	"strings"
)

// english returns the spellings of a word by the rules by which Russian
// writes English and other names (Truman: Трумэн, Трумен; Washington:
// Вашингтон): each letter or group of letters by its likely sounds, the
// commonest first.
func english(w string) []string {
	type rendering struct {
		text   string
		unlike int // how many sounds taken were not their group's first
	}
	out := []rendering{{}}
	for i := 0; i < len(w); {
		n, sounds := englishSounds(w, i)
		next := make([]rendering, 0, len(out)*len(sounds))
		for k, s := range sounds {
			for _, p := range out {
				next = append(next, rendering{p.text + s, p.unlike + min(k, 1)})
			}
		}
		slices.SortStableFunc(next, func(a, b rendering) int { return a.unlike - b.unlike })
		out = next[:min(len(next), maxRenderings)]
		i += n
	}
	texts := make([]string, len(out))
	for k, r := range out {
		texts[k] = r.text
	}
	return texts
}

// englishGroups are groups of letters read as one sound, longest first.
var englishGroups = []struct {
	latin  string
	sounds []string
}{
	{"shch", []string{"щ"}}, {"sch", []string{"ш"}}, {"sh", []string{"ш"}}, {"ch", []string{"ч", "х", "к"}},
	{"zh", []string{"ж"}}, {"kh", []string{"х"}}, {"ts", []string{"ц"}}, {"tz", []string{"ц"}},
	{"th", []string{"т"}}, {"ph", []string{"ф"}}, {"gh", []string{"г", ""}}, {"ck", []string{"к"}},
	{"qu", []string{"кв"}}, {"ya", []string{"я"}}, {"yu", []string{"ю"}}, {"yo", []string{"ё", "йо"}},
	{"ye", []string{"е"}}, {"ee", []string{"и"}}, {"oo", []string{"у"}}, {"ou", []string{"у", "оу"}},
	{"ai", []string{"ай", "э"}}, {"ay", []string{"эй", "ай"}}, {"ey", []string{"эй", "ей"}},
	{"ia", []string{"ия", "иа"}}, {"ea", []string{"и", "е", "ея"}}, {"ie", []string{"и"}}, {"au", []string{"о", "ау"}}, {"aw", []string{"о"}},
	{"ow", []string{"оу", "ау"}}, {"x", []string{"кс"}}, {"j", []string{"дж", "й", "ж"}},
	{"w", []string{"в", "у"}}, {"c", []string{"к", "с"}}, {"q", []string{"к"}}, {"h", []string{"х", ""}},
	{"y", []string{"и", "й", "ы"}}, {"a", []string{"а", "э"}}, {"e", []string{"е", "э"}},
	{"i", []string{"и", "ай"}}, {"o", []string{"о", "а"}}, {"u", []string{"у", "а", "ю"}},
	{"b", []string{"б"}}, {"d", []string{"д"}}, {"f", []string{"ф"}}, {"g", []string{"г", "дж"}},
	{"k", []string{"к"}}, {"l", []string{"л"}}, {"m", []string{"м"}}, {"n", []string{"н"}},
	{"p", []string{"п"}}, {"r", []string{"р", ""}}, {"s", []string{"с", "з"}}, {"t", []string{"т"}},
	{"v", []string{"в"}}, {"z", []string{"з", "ц"}}, {"ü", []string{"ю"}}, {"'", []string{""}},
	{"’", []string{""}}, {"-", []string{""}},
}

// englishSounds returns how many bytes of w from i one group takes, and
// its sounds; a final e is also silent, and a final ng also н (Peking:
// Пекин).
func englishSounds(w string, i int) (int, []string) {
	rest := w[i:]
	switch {
	case rest == "e" && i > 0:
		return 1, []string{"", "е", "э"}
	case rest == "ng":
		return 2, []string{"нг", "н"}
	}
	for _, g := range englishGroups {
		if strings.HasPrefix(rest, g.latin) {
			return len(g.latin), g.sounds
		}
	}
	return len(rest[:1]), []string{""} // not a Latin letter: Cyrillic checked for that
}
