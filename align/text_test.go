package align

import (
	"reflect"
	"testing"
)

// TestAlignTextsPossibleBoundaries checks that a possible boundary is taken when the
// translation ends a sentence there, and only then.
func TestAlignTextsPossibleBoundaries(t *testing.T) {
	tests := []struct {
		name, ru, en string
		want         []string // links as "RU sentences|EN sentences"
	}{
		{"year ends a sentence",
			"Я получил Ваше письмо от 5 октября 1950 г. Я его внимательно прочёл. Ответ будет завтра.",
			"I received your letter of 5 October 1950. I read it carefully. The answer will come tomorrow.",
			[]string{"Я получил Ваше письмо от 5 октября 1950 г.|I received your letter of 5 October 1950.",
				"Я его внимательно прочёл.|I read it carefully.", "Ответ будет завтра.|The answer will come tomorrow."}},
		{"year inside a sentence",
			"В октябре 1950 г. Сталин написал Мао Цзэдуну длинное письмо. Ответ пришёл через неделю.",
			"In October 1950 Stalin wrote Mao Zedong a long letter. The answer came a week later.",
			[]string{"В октябре 1950 г. Сталин написал Мао Цзэдуну длинное письмо.|In October 1950 Stalin wrote Mao Zedong a long letter.",
				"Ответ пришёл через неделю.|The answer came a week later."}},
		{"semicolon against two sentences",
			"США не готовы к большой войне; Япония не в состоянии помочь американцам.",
			"The USA is not ready for a big war. Japan is in no condition to help the Americans.",
			[]string{"США не готовы к большой войне;|The USA is not ready for a big war.",
				"Япония не в состоянии помочь американцам.|Japan is in no condition to help the Americans."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := AlignTexts(Input{Text: tc.ru, Lang: "ru"}, Input{Text: tc.en, Lang: "en"}, debianDictionary(t))
			ru, en := []rune(tc.ru), []rune(tc.en)
			var got []string
			for _, l := range a.Links {
				s := ""
				for k, i := range l.RU {
					if k > 0 {
						s += " "
					}
					s += string(ru[a.RU[i].Start:a.RU[i].End])
				}
				s += "|"
				for k, j := range l.EN {
					if k > 0 {
						s += " "
					}
					s += string(en[a.EN[j].Start:a.EN[j].End])
				}
				got = append(got, s)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
