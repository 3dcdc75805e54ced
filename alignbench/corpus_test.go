package alignbench

import (
	"fmt"
	"testing"

	"sverka/align"
)

// BenchmarkLearnedDictionary measures what the dictionary learnt from a corpus's
// confirmed links (align.LearnedPairs, the rule the store keeps counts for) does for the
// documents aligned after them. The gold block pairs of documents stand for links editors
// confirmed. Each tuning document is aligned with the pairs learnt from the other tuning
// documents (leave one out), and each held-out document with the pairs learnt from all the
// tuning documents, in every layout, with the Debian dictionaries alone and with the
// learnt pairs added, and again without the Debian dictionaries (where they are not
// installed); it logs each F1 and reports the changes of the means.
func BenchmarkLearnedDictionary(b *testing.B) {
	tuning, err := Load("testdata")
	if err != nil {
		b.Fatal(err)
	}
	heldout, err := Load("testdata/heldout")
	if err != nil {
		b.Fatal(err)
	}
	debian, err := align.Debian()
	if err != nil {
		b.Fatal(err)
	}
	for _, base := range []struct {
		name string
		dict *align.Dictionary
	}{{"Debian", debian}, {"none", nil}} {
		learnt := func(skip string) *align.Dictionary {
			var pairs [][2]string
			for _, d := range tuning {
				if d.Name != skip {
					pairs = append(pairs, d.Pairs...)
				}
			}
			return base.dict.With(align.LearnedPairs(pairs))
		}
		all := learnt("")
		for _, set := range []struct {
			name string
			docs []Document
		}{{"tuning, leave one out", tuning}, {"held out", heldout}} {
			for _, v := range Variants {
				var without, with float64
				for _, d := range set.docs {
					dict := all
					if set.name != "held out" {
						dict = learnt(d.Name)
					}
					f0, f1 := alignF1(d, v, base.dict), alignF1(d, v, dict)
					b.Logf("%-22s %-20s %-30s %-6s %.4f  +learnt %.4f", set.name, v, d.Name, base.name, f0, f1)
					without += f0 / float64(len(set.docs))
					with += f1 / float64(len(set.docs))
				}
				b.Logf("%-22s %-20s %-30s %-6s %.4f  +learnt %.4f", set.name, v, "MEAN", base.name, without, with)
				b.ReportMetric(with-without, fmt.Sprintf("ΔF1-%s-%s-%s", base.name, map[bool]string{true: "tuning", false: "heldout"}[set.name != "held out"], v))
			}
		}
	}
}

// alignF1 aligns document d laid out as v with dict and scores it.
func alignF1(d Document, v Variant, dict *align.Dictionary) float64 {
	ru, en := d.Texts(v)
	return Judge(ru, en, align.AlignTexts(align.Input{Text: ru.Text, Lang: "ru"}, align.Input{Text: en.Text, Lang: "en"}, dict)).F1()
}
