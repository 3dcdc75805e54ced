package suggest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	aligner "sverka/align"
	"sverka/ocrnoise"
)

// sentenceUnits returns 2,000 sentence units of developers-reference-ru,
// each with the English sentences aligned to it, as the server checks a
// document: each page's paragraphs aligned by package align, then errors
// injected into each Russian sentence (5 %), the book
// taken again when it runs out.
func sentenceUnits(t testing.TB) []Unit {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	var units []Unit
	pairs := referencePairs(t)
	for at := 0; len(units) < 2000; at = (at + 20) % len(pairs) {
		var ru, en []string
		for _, p := range pairs[at:min(at+20, len(pairs))] {
			if p.en != "" {
				ru, en = append(ru, p.ru), append(en, p.en)
			}
		}
		rt, et := strings.Join(ru, "\n\n"), strings.Join(en, "\n\n")
		a := aligner.AlignTexts(aligner.Input{Text: rt, Lang: "ru"}, aligner.Input{Text: et, Lang: "en"}, nil)
		rr, er := []rune(rt), []rune(et)
		for _, l := range a.Links {
			var eng []string
			for _, k := range l.EN {
				eng = append(eng, string(er[a.EN[k].Start:a.EN[k].End]))
			}
			for _, k := range l.RU {
				text, _ := ocrnoise.Inject(string(rr[a.RU[k].Start:a.RU[k].End]), 0.05, rng)
				units = append(units, Unit{Text: text, English: strings.Join(eng, " ")})
			}
		}
	}
	if path := os.Getenv("SVERKA_SENTENCE_UNITS"); path != "" { // for a comparison with an older tree
		var texts [][2]string
		for _, u := range units {
			texts = append(texts, [2]string{u.Text, u.English})
		}
		b, _ := json.Marshal(texts)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return units[:min(2000, len(units))]
}

// BenchmarkCheckSentencesEnglish checks a 2,000-sentence document as the
// server does (sentence units, each with its aligned English): cold, with
// a fresh checker each time (the dictionaries read before, once a
// process); first, with a fresh checker prepared as a server prepares its
// own at start (Prepare, not timed), which is a server's first check of a
// document; and again after a sentence was added to a unit or its first
// word replaced.
func BenchmarkCheckSentencesEnglish(b *testing.B) {
	units := sentenceUnits(b)
	c := newChecker(b)
	// The edits are checked by a checker that checked the document before.
	checkedOnce := sync.OnceFunc(func() { c.CheckAll(context.Background(), units) })
	b.Run("first", func(b *testing.B) {
		ReadDictionaries()
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			fresh := New(c.lex, DefaultCounts(), NewChannel())
			fresh.Prepare()
			runtime.GC()
			b.StartTimer()
			start := cpuTime()
			fresh.CheckAll(context.Background(), units)
			cpu += cpuTime() - start
		}
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	})
	b.Run("cold", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			New(c.lex, DefaultCounts(), NewChannel()).CheckAll(context.Background(), units)
		}
		b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	})
	b.Run("edit", func(b *testing.B) {
		checkedOnce()
		cpu := cpuTime()
		for i := 0; b.Loop(); i++ {
			units[i%len(units)].Text += " Он внал."
			c.CheckAll(context.Background(), units)
		}
		b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	})
	// A word misread, as most edits are: the number of words stays.
	b.Run("edit a word", func(b *testing.B) {
		checkedOnce()
		cpu := cpuTime()
		for i := 0; b.Loop(); i++ {
			u := &units[(1000+i)%len(units)]
			u.Text = strings.Replace(u.Text, " ", " внал ", 1)
			if k := strings.Index(u.Text, " внал "); k >= 0 {
				u.Text = u.Text[k+1:] // the first word dropped, внал put before the second
			}
			c.CheckAll(context.Background(), units)
		}
		b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	})
}

var updateFlags = flag.Bool("update-flags", false, "write testdata/sentence_flags.txt from this tree's flags")

// sentenceFlags is where TestSentenceFlagsUnchanged keeps its fingerprint.
const sentenceFlags = "testdata/sentence_flags.txt"

// TestSentenceFlagsUnchanged checks the 2,000 sentence units of
// BenchmarkCheckSentencesEnglish and compares a fingerprint of every flag
// (span, form, readings, confidences to the last bit) with the one kept:
// making the check cheaper must not change what it finds. -update-flags
// writes it afresh, when a change means to.
func TestSentenceFlagsUnchanged(t *testing.T) {
	if _, err := aligner.Debian(); err != nil {
		needEnv(t, err)
	}
	units := sentenceUnits(t)
	h := sha256.New()
	for i, flags := range newChecker(t).CheckAll(context.Background(), units) {
		for _, f := range flags {
			fmt.Fprintf(h, "%d %d %d %q %x %q", i, f.Start, f.End, f.Form, math.Float64bits(f.Keep), f.Second)
			for _, r := range f.Readings {
				fmt.Fprintf(h, " %q %x", r.Text, math.Float64bits(r.Confidence))
			}
			fmt.Fprintln(h)
		}
	}
	got := fmt.Sprintf("%x\n", h.Sum(nil))
	if *updateFlags {
		if err := os.WriteFile(sentenceFlags, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(sentenceFlags)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("flags of the sentence units: fingerprint %s, want %s", strings.TrimSpace(got), strings.TrimSpace(string(want)))
	}
}
