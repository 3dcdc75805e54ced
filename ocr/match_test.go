package ocr

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// page lays words out on one line each of a page, 100 pixels apart, so a
// word's box tells which read word it is.
func page(words ...string) Document {
	p := Page{Width: 1000, Height: 100 * (len(words) + 1)}
	for i, w := range words {
		p.Lines = append(p.Lines, Line{Words: []Word{{Text: w, Box: Box{10, 100 * i, 10 + 20*utf8.RuneCountInString(w), 100*i + 50}}}})
	}
	return Document{Pages: []Page{p}}
}

// Match boxes the words of a fixed text that the recogniser read, allowing
// for its misreadings, and leaves unboxed what it missed, garbled beyond
// one edit in three letters, or what is not on the scan at all.
func TestMatch(t *testing.T) {
	text := "Уважаемый товарищ редактор! Направляю Вам рукопись статьи, и прошу ответа. Этой строки на скане нет."
	read := page("Уважаемыи", "тоЬарищ", "редактор!", "Направляю", "Вам", "рукопись", "xxqzw", "статьи,", "п", "прошу", "oтвета.")
	p := Match(text, read)
	if p.Words != 15 {
		t.Errorf("words: got %d, want 15", p.Words)
	}
	got := map[string]int{} // text word → line of its box
	runes := []rune(text)
	for _, s := range p.Spans {
		got[string(runes[s.Start:s.End])] = s.Box.Y0 / 100
	}
	want := map[string]int{"Уважаемый": 0, "товарищ": 1, "редактор": 2, "Направляю": 3, "Вам": 4, "рукопись": 5, "статьи": 7, "прошу": 9, "ответа": 10}
	for w, line := range want {
		if l, ok := got[w]; !ok || l != line {
			t.Errorf("%q: got line %d (boxed %v), want line %d", w, l, ok, line)
		}
	}
	for w := range got {
		if _, ok := want[w]; !ok {
			t.Errorf("%q has a box, want none (misread as п, or not on the scan)", w)
		}
	}
	if c := p.Coverage(); c != 9.0/15 {
		t.Errorf("coverage: got %v, want 9/15", c)
	}
}

// Repeated words are placed by their neighbours, and a long text in which
// no word occurs once still aligns, line by line.
func TestMatchRepeats(t *testing.T) {
	var words []string
	for i := 0; i < 300; i++ {
		words = append(words, []string{"да", "нет", "может", "быть"}[i%4])
	}
	text := strings.Join(words, " ")
	read := append([]string(nil), words...)
	read[42] = "мoжeт" // Latin o and e
	p := Match(text, page(read...))
	if len(p.Spans) != 300 {
		t.Fatalf("got %d boxes, want 300", len(p.Spans))
	}
	for i, s := range p.Spans {
		if s.Box.Y0 != 100*i {
			t.Fatalf("word %d boxed at line %d", i, s.Box.Y0/100)
		}
	}
}

// A read word holding two text words gives each its part of the box.
func TestMatchSplitsReadWords(t *testing.T) {
	p := Match("Чжоу Энь лай", page("Чжоу", "Энь-лай"))
	if len(p.Spans) != 3 || p.Spans[1].Box.X1 > p.Spans[2].Box.X0+1 || p.Spans[2].Box.X1 != 10+20*7 {
		t.Errorf("got %+v, want the second word's box cut in two", p.Spans)
	}
}

// lines lays out one page whose lines hold the given words, 100 pixels
// apart, each word 200 pixels wide.
func lines(ls ...[]string) Page {
	p := Page{Width: 2000, Height: 100 * (len(ls) + 1)}
	for i, ws := range ls {
		var l Line
		for j, w := range ws {
			l.Words = append(l.Words, Word{Text: w, Box: Box{10 + 200*j, 100 * i, 200 + 200*j, 100*i + 50}})
		}
		p.Lines = append(p.Lines, l)
	}
	return p
}

// A word hyphenated at the end of a line (also of a page, and misread once)
// gets a box for each part, over its share of the word's letters; a
// compound broken after its own hyphen keeps a word per part, and a dash
// ending a line joins nothing.
func TestMatchHyphenatedWords(t *testing.T) {
	text := "Прошу выдать библиотеки журналы северо-западного края — и книги."
	read := Document{Pages: []Page{
		lines([]string{"Прошу", "выдать", "библно-"}, []string{"теки", "журналы", "северо-"}, []string{"западного", "края", "—"}, []string{"и", "кни-"}),
		lines([]string{"ги."}),
	}}
	p := Match(text, read)
	runes := []rune(text)
	var got []string
	for _, s := range p.Spans {
		got = append(got, fmt.Sprintf("%s@%d:%d,%d", string(runes[s.Start:s.End]), s.Page, s.Box.X0, s.Box.Y0))
	}
	want := "Прошу@0:10,0 выдать@0:210,0 библио@0:410,0 теки@0:10,100 журналы@0:210,100 северо@0:410,100 западного@0:10,200 края@0:210,200 и@0:10,300 кни@0:210,300 ги@1:10,0"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
	if p.Words != 9 || p.Boxed != 9 || p.Coverage() != 1 {
		t.Errorf("got %d of %d words boxed (coverage %v), want 9 of 9", p.Boxed, p.Words, p.Coverage())
	}
}
