package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"sverka"
)

const letterPage = "testdata/117313-filippov-to-mao-1950-10-05.txt"

// checkDocument checks what CreateDocument will check, so that a document
// the importer builds is one the store takes: segments inside their texts
// and in order, every segment in exactly one non-empty link.
func checkDocument(t testing.TB, d *sverka.Document) {
	t.Helper()
	next := map[string]int{}
	for _, l := range d.Links {
		total := 0
		for lang, idx := range l.Segments {
			for _, k := range idx {
				if k != next[lang] {
					t.Fatalf("link %+v: %s segment %d out of order", l, lang, k)
				}
				next[lang]++
				total++
			}
		}
		if total == 0 {
			t.Fatal("an empty link")
		}
	}
	for _, tx := range d.Texts {
		n, prev := utf8.RuneCountInString(tx.Text), 0
		for _, s := range tx.Segments {
			if s.Start < prev || s.End <= s.Start || s.End > n {
				t.Fatalf("%s segment [%d,%d) outside %d code points or out of order", tx.Lang, s.Start, s.End, n)
			}
			prev = s.End
		}
		if next[tx.Lang] != len(tx.Segments) {
			t.Fatalf("%s: %d of %d segments linked", tx.Lang, next[tx.Lang], len(tx.Segments))
		}
	}
}

// TestPlainPairOfTheLetter imports the letter's two base texts as a plain
// pair: the same sentences, aligned as the Wilson Center page was.
func TestPlainPairOfTheLetter(t *testing.T) {
	page, err := WCAFile(letterPage, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := PlainFiles("testdata/117313.ru.txt", "testdata/117313.en.txt", "", "The letter as plain text", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	checkDocument(t, d)
	if d.ID != "117313" || d.SourceFormat != "plain" || d.Title != "The letter as plain text" {
		t.Errorf("got id %q, format %q, title %q", d.ID, d.SourceFormat, d.Title)
	}
	// Sentence for sentence the same alignment as the page's (derive joins
	// the heading's two short paragraphs into one sentence, which the page
	// had as a 2-1 link).
	got, want := linkTexts(d), linkTexts(page)
	if len(got) != len(want) {
		t.Fatalf("got %d links, want the page's %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("link %d: got %q, want %q", i+1, got[i], want[i])
		}
	}
	// The raw source keeps both files verbatim.
	ru, _ := os.ReadFile("testdata/117313.ru.txt")
	en, _ := os.ReadFile("testdata/117313.en.txt")
	if !strings.Contains(d.RawSource, string(ru)) || !strings.HasSuffix(d.RawSource, string(en)) {
		t.Error("the raw source does not hold both files verbatim")
	}
}

// linkTexts renders each link as its sentences, Russian and English, joined
// by spaces.
func linkTexts(d *sverka.Document) []string {
	var out []string
	for _, l := range d.Links {
		var parts []string
		for _, tx := range d.Texts {
			runes := []rune(tx.Text)
			for _, k := range l.Segments[tx.Lang] {
				parts = append(parts, string(runes[tx.Segments[k].Start:tx.Segments[k].End]))
			}
			parts = append(parts, "|")
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

func TestPlainParagraphsAndLines(t *testing.T) {
	d, err := Plain(PlainPair{ID: "p1",
		Russian: "Первая фраза\nпродолжается здесь. Вторая фраза.\r\n\r\nНовый абзац.",
		English: "\ufeffThe first sentence\ngoes on here. The second one.\n\nA new paragraph.\n"})
	if err != nil {
		t.Fatal(err)
	}
	checkDocument(t, d)
	if got, want := d.Texts[0].Text, "Первая фраза продолжается здесь. Вторая фраза.\n\nНовый абзац."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := len(d.Links); got != 3 {
		t.Errorf("got %d links, want 3", got)
	}
	if d.Title != "p1" {
		t.Errorf("got title %q, want the id", d.Title)
	}
}

// TestPlainYearEndsASentence imports a pair where "г." ends a sentence that the
// English ends too: the importer splits it there (two 1-1 links, no 1-2).
func TestPlainYearEndsASentence(t *testing.T) {
	d, err := Plain(PlainPair{ID: "p2",
		Russian: "Я получил Ваше письмо от 5 октября 1950 г. Я его внимательно прочёл.",
		English: "I received your letter of 5 October 1950. I read it carefully."})
	if err != nil {
		t.Fatal(err)
	}
	checkDocument(t, d)
	got := linkTexts(d)
	want := []string{"Я получил Ваше письмо от 5 октября 1950 г. | I received your letter of 5 October 1950. |",
		"Я его внимательно прочёл. | I read it carefully. |"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDecodeRefusesWhatIsNotText(t *testing.T) {
	page, err := os.ReadFile(letterPage)
	if err != nil {
		t.Fatal(err)
	}
	cp1251 := []byte{0xc2, 0xe0, 0xf8, ' ', 0xee, 0xf2, 0xe2, 0xe5, 0xf2, ' ', 0xef, 0xee, 0xeb, 0xf3, 0xf7, 0xe8, 0xeb, '.'} // "Ваш ответ получил."
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"blank", []byte(" \n\t\n"), ErrEmpty},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrBinary},
		{"pdf", []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj"), ErrBinary},
		{"control characters", bytes.Repeat([]byte("a\x01\x02\x03"), 50), ErrBinary},
		{"windows-1251", cp1251, ErrEncoding},
		{"utf-16", []byte{0xff, 0xfe, 'a', 0, 'b', 0}, ErrEncoding},
		{"cut in a character", page[:len("# October 5, 1950 Letter")+0] /* placeholder, replaced below */, nil},
		{"too large", bytes.Repeat([]byte("a"), MaxSourceBytes+1), ErrTooLarge},
	}
	// A file cut in the middle of a Cyrillic letter.
	i := bytes.Index(page, []byte("Баш"))
	tests[7].in, tests[7].want = page[:i+1], ErrTruncated
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	if s, err := Decode(append([]byte{0xef, 0xbb, 0xbf}, "a\r\nb"...)); err != nil || s != "a\nb" {
		t.Errorf("got %q, %v, want %q without BOM and CR", s, err, "a\nb")
	}
}

// TestBrokenFiles reads broken files as the importer does: each error names
// the file and the problem, and no document comes out.
func TestBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	page, err := os.ReadFile(letterPage)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path string
		want       string
	}{
		{"truncated page", write("truncated.txt", page[:bytes.LastIndexByte(page[:len(page)/3], '\n')]), "no translation"},
		{"page cut in a character", write("cut.txt", page[:bytes.Index(page, []byte("Баш"))+1]), "middle of a character"},
		{"page without metadata", write("bare.txt", []byte("Just some words.\n")), "no title"},
		{"empty page", write("empty.txt", nil), "empty"},
		{"binary page", write("image.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00")), "binary"},
		{"missing file", filepath.Join(dir, "nowhere.txt"), "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := WCAFile(tc.path, time.Time{})
			if err == nil || d != nil {
				t.Fatalf("got %v, %v, want an error", d, err)
			}
			if !strings.Contains(err.Error(), tc.path) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q, want the file name and %q", err, tc.want)
			}
		})
	}
	ru := write("x.ru.txt", []byte("Одна фраза."))
	en := write("x.en.txt", []byte("\n\n"))
	if _, err := PlainFiles(ru, en, "", "", time.Time{}); err == nil || !strings.Contains(err.Error(), en) {
		t.Errorf("got %v, want an error naming %s", err, en)
	}
	if _, err := PlainFiles(ru, ru, "bad id!", "", time.Time{}); err == nil || !strings.Contains(err.Error(), "valid document id") {
		t.Errorf("got %v, want an invalid id", err)
	}
}
