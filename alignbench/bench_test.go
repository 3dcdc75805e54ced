package alignbench

import (
	"runtime"
	"syscall"
	"testing"
	"time"

	"sverka/align"
	"sverka/segment"
)

// fiveThousand lays out the tuning documents one after another, again and again, until
// the Russian text has 5,000 sentences (segment.Split), with paragraphs.
func fiveThousand(b testing.TB) (ru, en Text) {
	b.Helper()
	docs, err := Load("testdata")
	if err != nil {
		b.Fatal(err)
	}
	var big Document
	for k := 0; ; k++ {
		big.Pairs = append(big.Pairs, docs[k%len(docs)].Pairs...)
		ru, en = big.Texts(Variant{Paragraphs: true})
		if n := len(segment.Split(ru.Text, "ru")); n >= 5000 {
			big.Pairs = big.Pairs[:len(big.Pairs)*5000/n]
			return big.Texts(Variant{Paragraphs: true})
		}
	}
}

// BenchmarkAgainstHunalign5000 aligns about 5,000 × 5,000 sentences of the documents
// with Sverka (with the Debian dictionaries, read before the clock starts) and, when
// SVERKA_HUNALIGN is set, with hunalign and the same dictionaries; both report
// "cpu-ms", the processor time of the alignment proper (Node's start-up left out): on a
// machine shared with others, wall time says little. Sverka's "first-cpu-ms" is its first
// alignment in the process, before any stem is remembered.
func BenchmarkAgainstHunalign5000(b *testing.B) {
	ru, en := fiveThousand(b)
	dict, err := align.Debian()
	if err != nil {
		b.Fatal(err)
	}
	alignTexts := func() {
		align.AlignTexts(align.Input{Text: ru.Text, Lang: "ru"}, align.Input{Text: en.Text, Lang: "en"}, dict)
	}
	// The first alignment of the process stems every word; later ones find most stems
	// remembered, as a server does after its first documents.
	start := cpuTime(b)
	alignTexts()
	first := cpuTime(b) - start
	b.Run("sverka", func(b *testing.B) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := cpuTime(b)
		for b.Loop() {
			alignTexts()
		}
		b.ReportMetric(float64((cpuTime(b)-start).Milliseconds())/float64(b.N), "cpu-ms")
		b.ReportMetric(float64(first.Milliseconds()), "first-cpu-ms")
		runtime.ReadMemStats(&after)
		// Bytes allocated in one call bound from above the memory it needs at its peak.
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MB-alloc/op")
	})
	b.Run("hunalign", func(b *testing.B) {
		h := hunalignFor(b)
		hunDict := HunalignDictionary(dict)
		rs := sentencesOf(ru.Text, segment.Split(ru.Text, "ru"))
		es := sentencesOf(en.Text, segment.Split(en.Text, "en"))
		var took time.Duration
		for b.Loop() {
			_, t, err := h.Align(hunDict, rs, es, true)
			if err != nil {
				b.Fatal(err)
			}
			took += t
		}
		b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "cpu-ms")
	})
}

// cpuTime is the processor time the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
