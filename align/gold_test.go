package align

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The files in testdata/ are copies of /work/shared/gold/117313 (ru_segments.tsv,
// en_segments.tsv, alignment.tsv, ocr_errors.tsv) except paragraphs.tsv, derived by hand
// from the seed letter: every non-blank line of the seed is a paragraph; RU 3-4, RU 11-14
// and RU 16-20 share one (RU 9 and RU 16-20 are rejoined across page breaks), as do
// EN 3-4, EN 11-14 and EN 16-20 (EN 16 is split by a page break in the seed).

// readTSV returns the rows of a testdata TSV file without its header.
func readTSV(t testing.TB, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for first := true; sc.Scan(); first = false {
		if !first {
			rows = append(rows, strings.Split(sc.Text(), "\t"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// letter is the 1950 letter's gold data: Russian segments as OCR'd and corrected,
// English segments, and the gold links as strings like "1,2|1".
type letter struct {
	ocr, corrected, en []Sentence
	gold               []string
}

func loadLetter(t testing.TB) letter {
	t.Helper()
	para := map[string]int{}
	for _, r := range readTSV(t, "paragraphs.tsv") {
		p, err := strconv.Atoi(r[2])
		if err != nil {
			t.Fatal(err)
		}
		para[r[0]+r[1]] = p
	}
	var l letter
	for _, r := range readTSV(t, "ru_segments.tsv") {
		p := para["ru"+r[0]]
		l.ocr = append(l.ocr, Sentence{Text: r[1], Paragraph: p})
		l.corrected = append(l.corrected, Sentence{Text: r[2], Paragraph: p})
	}
	for _, r := range readTSV(t, "en_segments.tsv") {
		l.en = append(l.en, Sentence{Text: r[1], Paragraph: para["en"+r[0]]})
	}
	for _, r := range readTSV(t, "alignment.tsv") {
		l.gold = append(l.gold, r[0]+"|"+r[1])
	}
	if len(l.ocr) != 22 || len(l.en) != 24 || len(l.gold) != 22 {
		t.Fatalf("got %d ru, %d en, %d links, want 22, 24, 22", len(l.ocr), len(l.en), len(l.gold))
	}
	return l
}

// linkKeys renders links 1-based, as in alignment.tsv: "1,2|1", "|24".
func linkKeys(links []Link) []string {
	keys := make([]string, len(links))
	for i, l := range links {
		keys[i] = joinIndexes(l.RU) + "|" + joinIndexes(l.EN)
	}
	return keys
}

func joinIndexes(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x + 1)
	}
	return strings.Join(s, ",")
}

// countCorrect returns how many gold links appear among got.
func countCorrect(got, want []string) int {
	in := map[string]bool{}
	for _, g := range got {
		in[g] = true
	}
	n := 0
	for _, w := range want {
		if in[w] {
			n++
		}
	}
	return n
}

// debianDictionary returns the Debian dictionaries, or nil (and a note) when they are
// not installed; under CI they must be.
func debianDictionary(t testing.TB) *Dictionary {
	t.Helper()
	d, err := Debian()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Log(err)
		return nil
	}
	return d
}

// TestAlignGoldLetter aligns the letter from both readings, with and without the
// dictionary.
func TestAlignGoldLetter(t *testing.T) {
	l := loadLetter(t)
	dict := debianDictionary(t)
	tests := []struct {
		name string
		ru   []Sentence
		dict *Dictionary
	}{
		{"ocr_text", l.ocr, nil},
		{"corrected_text", l.corrected, nil},
		{"ocr_text with dictionary", l.ocr, dict},
		{"corrected_text with dictionary", l.corrected, dict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			links := Align(tc.ru, l.en, tc.dict)
			got := linkKeys(links)
			if fmt.Sprint(got) != fmt.Sprint(l.gold) {
				t.Errorf("got %v, want %v", got, l.gold)
			}
			for i, lk := range links {
				t.Logf("%-6s %.3f", got[i], lk.Confidence)
				if lk.Confidence < 0 || lk.Confidence > 1 {
					t.Errorf("link %d: got confidence %v, want within [0,1]", i, lk.Confidence)
				}
			}
		})
	}
}
