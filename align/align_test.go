package align

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"unicode"
)

// sentences makes one paragraph per sentence.
func sentences(texts ...string) []Sentence {
	s := make([]Sentence, len(texts))
	for i, t := range texts {
		s[i] = Sentence{Text: t, Paragraph: i}
	}
	return s
}

func TestAlignConstructed(t *testing.T) {
	ruBase := []string{
		"Вчера в Москве состоялось заседание комиссии по вопросам торговли.",
		"Комиссия рассмотрела доклад товарища Молотова о поставках зерна в 1949 году.",
		"Было решено увеличить поставки на 15 процентов.",
		"Следует ли пересмотреть договор?",
		"Решение будет принято после консультаций с Пекином.",
	}
	enBase := []string{
		"Yesterday a meeting of the commission on trade questions took place in Moscow.",
		"The commission considered the report of comrade Molotov on grain deliveries in 1949.",
		"It was decided to increase deliveries by 15 percent.",
		"Should the treaty be revised?",
		"The decision will be taken after consultations with Beijing.",
	}
	tests := []struct {
		name   string
		ru, en []string
		want   []string
	}{
		{
			name: "one to one",
			ru:   ruBase, en: enBase,
			want: []string{"1|1", "2|2", "3|3", "4|4", "5|5"},
		},
		{
			name: "extra English note (0-1)",
			ru:   ruBase,
			en: []string{enBase[0], enBase[1],
				"[Handwritten in the margin: copy sent to cde. Vyshinsky on 12 March.]",
				enBase[2], enBase[3], enBase[4]},
			want: []string{"1|1", "2|2", "|3", "3|4", "4|5", "5|6"},
		},
		{
			name: "Russian sentence lost in translation (1-0)",
			ru: []string{ruBase[0], ruBase[1],
				"Товарищ Громыко сообщил, что ответ из Лондона ожидается 3 апреля.",
				ruBase[2], ruBase[3], ruBase[4]},
			en:   enBase,
			want: []string{"1|1", "2|2", "3|", "4|3", "5|4", "6|5"},
		},
		{
			name: "two to two across a different sentence boundary (2-2)",
			ru: []string{ruBase[0], ruBase[1],
				"Комиссия отметила, что поставки из южных районов задерживаются уже второй месяц подряд из-за нехватки вагонов и плохой погоды",
				"и поручила министерству принять меры.",
				ruBase[2], ruBase[3], ruBase[4]},
			en: []string{enBase[0], enBase[1],
				"The commission noted that deliveries from the southern regions have been delayed.",
				"For the second month in a row, due to a shortage of railway cars and bad weather, the ministry was instructed to take measures.",
				enBase[2], enBase[3], enBase[4]},
			want: []string{"1|1", "2|2", "3,4|3,4", "5|5", "6|6", "7|7"},
		},
		{
			name: "empty English",
			ru:   ruBase[:2], en: nil,
			want: []string{"1|", "2|"},
		},
		{
			name: "empty Russian",
			ru:   nil, en: enBase[:2],
			want: []string{"|1", "|2"},
		},
		{
			name: "both empty",
			want: []string{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := linkKeys(Align(sentences(tc.ru...), sentences(tc.en...), nil))
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAlignConfidence(t *testing.T) {
	l := loadLetter(t)
	links := Align(l.corrected, l.en, debianDictionary(t))
	var lone, plain float64 = 1, 1
	for _, lk := range links {
		switch {
		case len(lk.RU) == 0 || len(lk.EN) == 0:
			lone = min(lone, lk.Confidence)
		case len(lk.RU) == 1 && len(lk.EN) == 1:
			plain = min(plain, lk.Confidence)
		}
	}
	// A lone sentence is weird even when the model is sure of it; a long, well-matched
	// 1-1 link is not.
	if lone >= 0.6 {
		t.Errorf("got confidence %.3f for the 0-1 link, want below 0.6", lone)
	}
	if c := links[4].Confidence; c < 0.9 {
		t.Errorf("got confidence %.3f for RU 5 - EN 5, want at least 0.9", c)
	}
}

func TestNameEvidence(t *testing.T) {
	tests := []struct {
		ru, en string
		want   bool
	}{
		{"ФИЛИППОВ", "FILIPPOV", true},
		{"ФИЛИПГОВ", "FILIPPOV", true}, // OCR substitution
		{"МАО", "Mao", true},
		{"Чжоу", "Zhou", true},
		{"Энь-лая", "Enlai", true},
		{"Линь", "Lin", true},
		{"Бяо", "Biao", true},
		{"Тайвана", "Taiwan", true},
		{"Германии", "Germany", true},
		{"СССР", "USSR", true},
		{"Кай-ши", "Kai-shek", true},
		{"Китая", "Korea", false},
		{"МАО", "Man", false},
		{"Англия", "Germany", false},
	}
	for _, tc := range tests {
		t.Run(tc.ru+"/"+tc.en, func(t *testing.T) {
			lx := newLexicon(nil)
			got := lx.match(lx.ruName(tc.ru), lx.enName(tc.en))
			if got != tc.want {
				t.Errorf("got %v, want %v (%q, %q)", got, tc.want, lx.ruForms[0], lx.enForms[0])
			}
		})
	}
}

func TestNumberEvidence(t *testing.T) {
	tests := []struct {
		ru, en string
		want   int // numerals matched
	}{
		{"если противник перейдет 38-ю параллель", "if the enemy were to cross the 38th parallel", 1},
		{"причем 5-6 дивизий", "I considered 5-6 divisions", 2},
		{"о пяти-шести дивизиях", "of five-six divisions", 2},
		{"С уважением ФИЛИППОВ 5 октября 1950 г.", "5 October 1950", 3},
		{"пятно на тротуаре", "a stain on the pavement", 0},
		{"в 1949 году", "in 1950", 0},
	}
	for _, tc := range tests {
		t.Run(tc.ru, func(t *testing.T) {
			lx := newLexicon(nil)
			ru, en := lx.extract(tc.ru, true), lx.extract(tc.en, false)
			got := 0
			used := make([]bool, len(en.nums))
			for _, r := range ru.nums {
				for k, e := range en.nums {
					if !used[k] && e.id == r.id {
						used[k] = true
						got++
						break
					}
				}
			}
			if got != tc.want {
				t.Errorf("got %d, want %d (ru %v, en %v)", got, tc.want, ru.nums, en.nums)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	ru := sentences("ПЕКИН СОВПОСОЛ", "для МАО ЦЗЕ-ДУНА.", "С уважением ФИЛИППОВ")
	en := sentences("From cde. FILIPPOV [Stalin] for Mao Zedong", "Respectfully, FILIPPOV", "[Note]")
	links := []Link{{RU: []int{0, 1}, EN: []int{0}}, {RU: []int{2}, EN: []int{1}}, {EN: []int{2}}}
	var b strings.Builder
	if err := Format(&b, ru, en, links); err != nil {
		t.Fatal(err)
	}
	want := "ПЕКИН СОВПОСОЛ для МАО ЦЗЕ-ДУНА.\tFrom cde. FILIPPOV [Stalin] for Mao Zedong\n" +
		"С уважением ФИЛИППОВ\tRespectfully, FILIPPOV\n" +
		"\t[Note]\n"
	if got := b.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// addOCRNoise imitates OCR damage at the given rate: that share of letters replaced by a
// random letter of the same script and case, and, at a quarter of the rate each, words
// split in two and neighbouring words run together.
func addOCRNoise(r *rand.Rand, text string, rate float64) string {
	cyrUpper := []rune("АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЫЭЮЯ")
	cyrLower := []rune("абвгдежзиклмнопрстуфхцчшщыьэюя")
	latUpper := []rune("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	latLower := []rune("abcdefghijklmnopqrstuvwxyz")
	var b strings.Builder
	prevLetter := false
	for _, c := range text {
		switch {
		case c == ' ' && r.Float64() < rate/4:
			continue // merged words
		case unicode.IsLetter(c):
			if prevLetter && r.Float64() < rate/4/6 {
				b.WriteRune(' ') // split word (about rate/4 per word of six letters)
			}
			if r.Float64() < rate {
				set := latLower
				switch {
				case unicode.Is(unicode.Cyrillic, c) && unicode.IsUpper(c):
					set = cyrUpper
				case unicode.Is(unicode.Cyrillic, c):
					set = cyrLower
				case unicode.IsUpper(c):
					set = latUpper
				}
				c = set[r.IntN(len(set))]
			}
		}
		prevLetter = unicode.IsLetter(c)
		b.WriteRune(c)
	}
	return b.String()
}

func TestAlignNoisyLetter(t *testing.T) {
	l := loadLetter(t)
	dict := debianDictionary(t)
	const seeds = 20
	tests := []struct {
		rate      float64
		wantExact int // runs of seeds that must reproduce the gold alignment exactly
	}{
		{0.05, seeds},
		{0.075, seeds},
		{0.10, seeds},
		{0.15, seeds * 3 / 4},
		{0.20, seeds / 2},
		{0.30, seeds / 4},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("rate %.3f", tc.rate), func(t *testing.T) {
			exact, correct, worst := 0, 0, len(l.gold)
			for seed := range uint64(seeds) {
				r := rand.New(rand.NewPCG(seed, 117313))
				ru := make([]Sentence, len(l.ocr))
				for i, s := range l.ocr {
					ru[i] = Sentence{Text: addOCRNoise(r, s.Text, tc.rate), Paragraph: s.Paragraph}
				}
				got := linkKeys(Align(ru, l.en, dict))
				n := countCorrect(got, l.gold)
				correct += n
				worst = min(worst, n)
				if n == len(l.gold) && len(got) == len(l.gold) {
					exact++
				} else if tc.wantExact == seeds {
					t.Errorf("seed %d: got %v, want %v", seed, got, l.gold)
				}
			}
			t.Logf("noise %.1f%%: %d/%d runs exact, %.2f of %d links correct on average, worst %d",
				tc.rate*100, exact, seeds, float64(correct)/seeds, len(l.gold), worst)
			if exact < tc.wantExact {
				t.Errorf("got %d exact runs, want at least %d", exact, tc.wantExact)
			}
		})
	}
}

func TestAlignSynthetic5000(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	st := synthesize(1, 5000)
	got := linkKeys(Align(st.ru, st.en, nil))
	n := countCorrect(got, st.gold)
	t.Logf("%d RU, %d EN sentences: %d of %d gold links found", len(st.ru), len(st.en), n, len(st.gold))
	if n < len(st.gold)*99/100 {
		t.Errorf("got %d correct links, want at least 99%% of %d", n, len(st.gold))
	}
}

func BenchmarkAlign5000(b *testing.B) {
	st := synthesize(1, 5000)
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		Align(st.ru, st.en, nil)
	}
	runtime.ReadMemStats(&after)
	// Bytes allocated in one call bound from above the memory it needs at its peak.
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MB-alloc/op")
}
