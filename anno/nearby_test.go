package anno

import (
	"fmt"
	"testing"
)

func TestNearby(t *testing.T) {
	tests := []struct {
		name, text            string
		exact, prefix, suffix string
		want                  []string // the candidates' words, best first
	}{
		{"a letter read again", "Мы получили зерна и уголь. Поезд ушёл.", "получили зерно", "", "", []string{"получили зерна"}},
		{"spelt otherwise, two places", "Поезд ушел вчера. Поезд пришёл.", "Поезд ушёл", "", "", []string{"Поезд ушел", "Поезд пришёл"}},
		{"context tells occurrences apart", "Зерно прибыло. Уголь и зерно прибыли в порт.", "зерна", "Уголь и ", " прибыли", []string{"зерно", "Зерно"}},
		{"nothing alike", "Поезд ушёл вчера.", "граница", "", "", nil},
		{"no words in the quote", "Поезд ушёл.", "…", "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := []rune(tc.text)
			got := Nearby(text, tc.exact, tc.prefix, tc.suffix, 2)
			var words []string
			for i, c := range got {
				if string(text[c.Start:c.End]) != c.Exact || c.Score <= 0 || c.Score > 1 || i > 0 && c.Score > got[i-1].Score {
					t.Errorf("candidate %d: %+v does not say its words or is out of order", i, c)
				}
				words = append(words, c.Exact)
			}
			if fmt.Sprint(words) != fmt.Sprint(tc.want) {
				t.Errorf("got %q, want %q", words, tc.want)
			}
		})
	}
}

// BenchmarkNearby offers places for a three-word quote in a text of about
// 300,000 code points (a 2,000-link document's original).
func BenchmarkNearby(b *testing.B) {
	words := []string{"зерно", "урожай", "поезд", "письмо", "армия", "граница", "завод", "уголь", "мост", "берег", "снег", "хлеб"}
	var text []rune
	for i := 0; len(text) < 300_000; i++ {
		text = append(text, []rune(words[i*7%len(words)]+" "+words[i*5%len(words)]+". ")...)
	}
	for b.Loop() {
		Nearby(text, "зерна урожаи поезд", "хлеб. ", " армия", 3)
	}
}
