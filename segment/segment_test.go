package segment

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

func texts(text string, spans []Span) []string {
	rs := []rune(text)
	var out []string
	for _, s := range spans {
		out = append(out, string(rs[s.Start:s.End]))
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{"two sentences", "en", "I received your reply. I considered it.", []string{"I received your reply.", "I considered it."}},
		{"question", "ru", "Следует ли этого бояться? По-моему, не следует.", []string{"Следует ли этого бояться?", "По-моему, не следует."}},
		{"digit follows", "en", "It ended. 5 October 1950", []string{"It ended.", "5 October 1950"}},
		{"lowercase follows", "en", "It ended. and went on", []string{"It ended. and went on"}},
		{"no space", "en", "see 1.5 or a.B", []string{"see 1.5 or a.B"}},
		{"en abbreviation cde", "en", "From cde. FILIPPOV [Stalin] for Mao Zedong", []string{"From cde. FILIPPOV [Stalin] for Mao Zedong"}},
		{"en abbreviations", "en", "Mr. Smith met Dr. Jones, e.g. Tom. Then left.", []string{"Mr. Smith met Dr. Jones, e.g. Tom.", "Then left."}},
		{"dotted abbreviation", "en", "He went to the U.S. Army base.", []string{"He went to the U.S. Army base."}},
		{"number abbreviation before digit", "en", "See No. 5 here. No. That is all.", []string{"See No. 5 here.", "No.", "That is all."}},
		{"ru year", "ru", "5 октября 1950 г. Москва. Конец.", []string{"5 октября 1950 г. Москва.", "Конец."}},
		{"ru abbreviations", "ru", "Передать тов. Сталину, т.е. Вам. См. Приложение.", []string{"Передать тов. Сталину, т.е. Вам.", "См. Приложение."}},
		{"initials", "ru", "Подписал И. В. Сталин. Принято.", []string{"Подписал И. В. Сталин.", "Принято."}},
		{"enumerator", "ru", "1. Первый пункт. 2. Второй пункт.", []string{"1. Первый пункт.", "2. Второй пункт."}},
		{"colon is no boundary", "ru", "втянут I: в войну Китай.", []string{"втянут I: в войну Китай."}},
		{"quotes", "en", `He said "Stop." Then "Go!" she said.`, []string{`He said "Stop."`, `Then "Go!" she said.`}},
		{"ellipsis", "en", "Wait... Then go.", []string{"Wait...", "Then go."}},
		{"paragraph end", "ru", "ПЕНИН СОВПОСОЛ\n\nдля МАО ЦЗЕ-ДУНА.", []string{"ПЕНИН СОВПОСОЛ", "для МАО ЦЗЕ-ДУНА."}},
		{"single newline inside", "en", "one line\nand more. Next", []string{"one line\nand more.", "Next"}},
		{"blank line with spaces", "en", "  first  \n \t \n  second  ", []string{"first", "second"}},
		{"empty", "en", "", nil},
		{"only space", "en", " \n\n \t", nil},
		{"unknown lang uses all lists", "", "Mr. Smith and тов. Иванов.", []string{"Mr. Smith and тов. Иванов."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := texts(tc.text, Split(tc.text, tc.lang))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSplitOffsetsAreCodePoints(t *testing.T) {
	text := "Я считал. Ты нет."
	got := Split(text, "ru")
	want := []Span{{0, 9}, {10, 17}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"blank lines", "a\n\nb c\n\n\n\nd", []string{"a", "b c", "d"}},
		{"multi-line paragraph", "a\nb\n\nc", []string{"a\nb", "c"}},
		{"crlf", "a\r\n\r\nb\r\n", []string{"a", "b"}},
		{"trimmed", "\t a \n   \n b\t", []string{"a", "b"}},
		{"none", "\n\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := texts(tc.text, Paragraphs(tc.text))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"", ".", ". A", "A. B. C.", "г. Москва. Да.", "1. A\n\n2. B", "«Да.» Нет!", "\n\n\n",
		"e.g. U.S. Mr. X. Y", "…", "a.\u00a0B", "\xff\xfe. A",
	} {
		f.Add(s, "ru")
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, text, lang string) {
		rs := []rune(text)
		prev := 0
		for _, s := range Split(text, lang) {
			if s.Start < prev || s.End <= s.Start || s.End > len(rs) {
				t.Fatalf("span %v after %d in %d code points", s, prev, len(rs))
			}
			if unicode.IsSpace(rs[s.Start]) || unicode.IsSpace(rs[s.End-1]) {
				t.Fatalf("span %v not trimmed: %q", s, string(rs[s.Start:s.End]))
			}
			if strings.Contains(string(rs[s.Start:s.End]), "\n\n") {
				t.Fatalf("span %v crosses a paragraph end", s)
			}
			prev = s.End
		}
	})
}
