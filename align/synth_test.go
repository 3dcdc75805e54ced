package align

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// synthText is a generated parallel text with its true alignment.
type synthText struct {
	ru, en []Sentence
	gold   []string // as linkKeys renders them
}

var (
	ruLetters = []rune("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэф")
	enLetters = []rune("etaoinshrdlcumwfgypbvkjxqz")
	// synthNames are name pairs as they appear on each side.
	synthNames = [][2]string{
		{"Москва", "Moscow"}, {"Молотов", "Molotov"}, {"Вышинский", "Vyshinsky"},
		{"Ким Ир Сен", "Kim Il Sung"}, {"Пекин", "Beijing"}, {"Громыко", "Gromyko"},
		{"Берлин", "Berlin"}, {"Трумэн", "Truman"}, {"Черчилль", "Churchill"},
		{"Лондон", "London"}, {"Вашингтон", "Washington"}, {"Маленков", "Malenkov"},
	}
	ruMonthNames = []string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля",
		"августа", "сентября", "октября", "ноября", "декабря"}
	enMonthNames = []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}
)

// word returns a random lower-case word of a Zipf-like length from the alphabet.
func word(r *rand.Rand, alphabet []rune, meanLen float64) string {
	n := max(1, int(r.ExpFloat64()*meanLen*0.7+meanLen*0.3))
	b := make([]rune, n)
	for i := range b {
		// Skew towards frequent letters.
		k := int(float64(len(alphabet)) * r.Float64() * r.Float64())
		b[i] = alphabet[k]
	}
	return string(b)
}

// sentencePair returns a Russian sentence and its "translation": English has about 1.15
// times as many code points, a few shared numbers, names and dates, and the same final
// punctuation.
func sentencePair(r *rand.Rand) (string, string) {
	words := 3 + int(r.ExpFloat64()*14)
	var ru, en []string
	for range words {
		ru = append(ru, word(r, ruLetters, 6.2))
	}
	enWords := int(float64(words)*1.35*(0.9+0.2*r.Float64())) + 1
	for range enWords {
		en = append(en, word(r, enLetters, 4.4))
	}
	if r.IntN(4) == 0 {
		n := strconv.Itoa(1 + r.IntN(2000))
		ru = insert(r, ru, n)
		en = insert(r, en, n)
	}
	if r.IntN(3) == 0 {
		p := synthNames[r.IntN(len(synthNames))]
		ru = insert(r, ru, p[0])
		en = insert(r, en, p[1])
	}
	if r.IntN(20) == 0 {
		d, m := 1+r.IntN(28), r.IntN(12)
		ru = insert(r, ru, strconv.Itoa(d)+" "+ruMonthNames[m])
		en = insert(r, en, strconv.Itoa(d)+" "+enMonthNames[m])
	}
	end := "."
	switch r.IntN(15) {
	case 0:
		end = "?"
	case 1:
		end = ":"
	}
	return capitalise(strings.Join(ru, " ")) + end, capitalise(strings.Join(en, " ")) + end
}

func insert(r *rand.Rand, ws []string, w string) []string {
	k := r.IntN(len(ws) + 1)
	return append(ws[:k], append([]string{w}, ws[k:]...)...)
}

func capitalise(s string) string {
	rs := []rune(s)
	if len(rs) > 0 {
		rs[0] = []rune(strings.ToUpper(string(rs[0])))[0]
	}
	return string(rs)
}

// synthesize generates a parallel text of about n sentence pairs in paragraphs of one to
// six sentences. Every 97th unit is unusual in turn: an English sentence split in two
// (1-2), a Russian one split in two (2-1), an English note with no Russian (0-1), a
// Russian sentence lost in English (1-0).
func synthesize(seed uint64, n int) synthText {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	var t synthText
	para, left := 0, 0
	add := func(ru, en []string) {
		if left == 0 {
			para++
			left = 1 + r.IntN(6)
		}
		left--
		var ri, ei []int
		for _, s := range ru {
			ri = append(ri, len(t.ru))
			t.ru = append(t.ru, Sentence{Text: s, Paragraph: para})
		}
		for _, s := range en {
			ei = append(ei, len(t.en))
			t.en = append(t.en, Sentence{Text: s, Paragraph: para})
		}
		t.gold = append(t.gold, joinIndexes(ri)+"|"+joinIndexes(ei))
	}
	for u := 0; len(t.ru) < n; u++ {
		ru, en := sentencePair(r)
		if u%97 != 96 {
			add([]string{ru}, []string{en})
			continue
		}
		ru2, en2 := sentencePair(r)
		switch (u / 97) % 4 {
		case 0:
			add([]string{joinSentences(ru, ru2)}, []string{en, en2})
		case 1:
			add([]string{ru, ru2}, []string{joinSentences(en, en2)})
		case 2:
			add(nil, []string{"[Note] " + en})
		case 3:
			add([]string{ru}, nil)
		}
	}
	return t
}

// joinSentences makes one sentence of two by turning the first full stop into a comma.
func joinSentences(a, b string) string {
	a = strings.TrimRight(a, ".?:") + ","
	rs := []rune(b)
	rs[0] = []rune(strings.ToLower(string(rs[0])))[0]
	return a + " " + string(rs)
}
