package alignbench

import (
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"sverka/align"
	"sverka/segment"
)

// hunalignFor installs hunalign in $SVERKA_HUNALIGN, or skips: the comparison needs
// Node and npm and takes a minute, so it runs only when asked for.
func hunalignFor(t testing.TB) *Hunalign {
	t.Helper()
	dir := os.Getenv("SVERKA_HUNALIGN")
	if dir == "" {
		t.Skip("set SVERKA_HUNALIGN to a directory outside the repository to compare with hunalign there")
	}
	h, err := InstallHunalign(dir)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// hunalignSpans are the spans hunalign gets: the sentences of segment.Split, or with
// units set the units of segment.Units, every possible boundary taken.
func hunalignSpans(text, lang string, units bool) []segment.Span {
	if !units {
		return segment.Split(text, lang)
	}
	var out []segment.Span
	for _, u := range segment.Units(text, lang) {
		out = append(out, u.Span)
	}
	return out
}

// sentencesOf returns the text of spans, numbered by paragraph.
func sentencesOf(text string, spans []segment.Span) []align.Sentence {
	runes := []rune(text)
	paras := segment.Paragraphs(text)
	var out []align.Sentence
	p := 0
	for _, sp := range spans {
		for p < len(paras)-1 && sp.Start >= paras[p].End {
			p++
		}
		out = append(out, align.Sentence{Text: string(runes[sp.Start:sp.End]), Paragraph: p})
	}
	return out
}

// hunalignTexts runs hunalign on two texts split as hunalignSpans does.
func hunalignTexts(t testing.TB, h *Hunalign, dict []byte, ru, en Text, paragraphs, units bool) (align.Texts, time.Duration) {
	t.Helper()
	a := align.Texts{RU: hunalignSpans(ru.Text, "ru", units), EN: hunalignSpans(en.Text, "en", units)}
	links, took, err := h.Align(dict, sentencesOf(ru.Text, a.RU), sentencesOf(en.Text, a.EN), paragraphs)
	if err != nil {
		t.Fatal(err)
	}
	a.Links = links
	return a, took
}

// TestAgainstHunalign scores hunalign without a dictionary and with the Debian
// dictionaries in its format, each on the sentences of segment.Split and on the units of
// segment.Units (every possible boundary taken, which hunalign may join again), and
// Sverka, on the same texts in the same run. It holds Sverka to at least hunalign's
// better F1 with its dictionary on every document and variant.
// SVERKA_HELDOUT=1 scores the held-out documents instead.
func TestAgainstHunalign(t *testing.T) {
	h := hunalignFor(t)
	dir := "testdata"
	if os.Getenv("SVERKA_HELDOUT") == "1" {
		dir = "testdata/heldout"
	}
	docs, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	dict, err := align.Debian()
	if err != nil {
		t.Fatal(err)
	}
	hunDict := HunalignDictionary(dict)
	names := []string{"hunalign", "+dict", "units", "units+dict", "Sverka"}
	for _, v := range Variants {
		mean := make([]float64, len(names))
		for _, d := range docs {
			ru, en := d.Texts(v)
			var f []float64
			for _, units := range []bool{false, true} {
				for _, dic := range [][]byte{nil, hunDict} {
					a, _ := hunalignTexts(t, h, dic, ru, en, v.Paragraphs, units)
					f = append(f, Judge(ru, en, a).F1())
				}
			}
			sverka := align.AlignTexts(align.Input{Text: ru.Text, Lang: "ru"}, align.Input{Text: en.Text, Lang: "en"}, dict)
			f = append(f, Judge(ru, en, sverka).F1())
			t.Logf("%-20s %-30s %s", v, d.Name, row(names, f))
			for k := range f {
				mean[k] += f[k] / float64(len(docs))
			}
			// F1 is compared as reported, to four decimals: two aligners that make the same
			// mistake with different numbers of links differ in the fifth.
			if best := max(f[1], f[3]); math.Round(f[4]*1e4) < math.Round(best*1e4) {
				t.Errorf("%s %s: Sverka's F1 %.4f below hunalign's with its dictionary, %.4f", v, d.Name, f[4], best)
			}
		}
		t.Logf("%-20s %-30s %s", v, "MEAN", row(names, mean))
	}
}

func row(names []string, f []float64) string {
	s := ""
	for k, n := range names {
		s += fmt.Sprintf(" %s %.4f", n, f[k])
	}
	return s
}
