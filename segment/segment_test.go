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

// TestUnitParagraphs checks that each unit names the paragraph it lies in.
func TestUnitParagraphs(t *testing.T) {
	text := " Первая фраза.  Вторая;\r\nещё строка\n \t\n\n«Третий абзац.» Да!\n\nЧетвёртый.\n"
	paras := Paragraphs(text)
	var got []int
	for _, u := range Units(text, "ru") {
		if p := paras[u.Paragraph]; u.Start < p.Start || u.End > p.End {
			t.Errorf("unit %v: got paragraph %d %v, which does not hold it", u.Span, u.Paragraph, p)
		}
		got = append(got, u.Paragraph)
	}
	if want := []int{0, 0, 0, 1, 1, 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("got paragraphs %v, want %v", got, want)
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

func TestUnits(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []string
		before           []Boundary
	}{
		{"year may end a sentence", "ru", "Письмо от 5 октября 1950 г. Я его внимательно прочёл.",
			[]string{"Письмо от 5 октября 1950 г.", "Я его внимательно прочёл."}, []Boundary{Sure, Abbreviation}},
		{"spaced list end before a numbered note", "ru", "Бывают ключи -a, -v и т. д.\n[2] Пакет удалён.",
			[]string{"Бывают ключи -a, -v и т. д.", "[2] Пакет удалён."}, []Boundary{Sure, Abbreviation}},
		{"list end in brackets at a line end", "ru", "(списки, сайты и т. д.)\nкто-то пишет.",
			[]string{"(списки, сайты и т. д.)", "кто-то пишет."}, []Boundary{Sure, LineEnd}},
		{"spaced abbreviation that never ends", "ru", "Их два, т. е. 5 минус 3.", []string{"Их два, т. е. 5 минус 3."}, []Boundary{Sure}},
		{"initials never do", "ru", "Подписал И. В. Сталин.", []string{"Подписал И. В. Сталин."}, []Boundary{Sure}},
		{"semicolon", "en", "Korea is one question; Taiwan is another.",
			[]string{"Korea is one question;", "Taiwan is another."}, []Boundary{Sure, Clause}},
		{"colon before a list", "ru", "Соображения такие:\n1) США не готовы.",
			[]string{"Соображения такие:", "1) США не готовы."}, []Boundary{Sure, Clause}},
		{"colon inside a sentence", "ru", "втянут I: в войну Китай.", []string{"втянут I: в войну Китай."}, []Boundary{Sure}},
		{"heading on its own line", "en", "5.1. New packages\nIf you want to create a package, say so.",
			[]string{"5.1. New packages", "If you want to create a package, say so."}, []Boundary{Sure, LineEnd}},
		{"wrapped line before a small letter", "en", "a wrapped\nline ends here.", []string{"a wrapped\nline ends here."}, []Boundary{Sure}},
		{"full stop before a small name", "en", "Tools follow.\ndpkg-dev builds packages.",
			[]string{"Tools follow.", "dpkg-dev builds packages."}, []Boundary{Sure, LineEnd}},
		{"hyphen at a line end", "ru", "вос-\nСтока нет.", []string{"вос-\nСтока нет."}, []Boundary{Sure}},
		{"short line before a small letter", "en",
			"4.4.1. The bugs server\nbugs.debian.org is the canonical location for the bug tracking\nsystem, which every developer uses and reads daily, and more.",
			[]string{"4.4.1. The bugs server", "bugs.debian.org is the canonical location for the bug tracking\nsystem, which every developer uses and reads daily, and more."},
			[]Boundary{Sure, ShortLine}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			us := Units(tc.text, tc.lang)
			var spans []Span
			var before []Boundary
			for _, u := range us {
				spans, before = append(spans, u.Span), append(before, u.Before)
			}
			if got := texts(tc.text, spans); !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(before, tc.before) {
				t.Errorf("got %q %v, want %q %v", got, before, tc.want, tc.before)
			}
			// Split takes none of the possible boundaries.
			if got := Split(tc.text, tc.lang); len(got) != 1 || got[0] != (Span{spans[0].Start, spans[len(spans)-1].End}) {
				t.Errorf("Split: got %v, want one span over all units", got)
			}
		})
	}
}
