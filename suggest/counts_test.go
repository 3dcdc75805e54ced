package suggest

import (
	"bytes"
	"compress/gzip"
	"math"
	"runtime"
	"testing"

	"sverka/internal/loadtest"
)

// TestDefaultCountsShareTheirBase: every checker's counts (a server makes
// one, a test many) share the embedded counts, read once, instead of
// copying them (9 MB a copy).
func TestDefaultCountsShareTheirBase(t *testing.T) {
	DefaultCounts()
	before := loadtest.LiveHeap()
	var cs []*Counts
	for range 4 {
		cs = append(cs, DefaultCounts())
	}
	grown := loadtest.LiveHeap() - before
	runtime.KeepAlive(cs)
	if grown > 1<<20 {
		t.Errorf("4 DefaultCounts took %.1f MB of heap, want under 1 MB", float64(grown)/1e6)
	}
}

// TestCountsOnTheirBaseAsOnACopy: text added to DefaultCounts counts as
// added to counts of their own read from the same file.
func TestCountsOnTheirBaseAsOnACopy(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(embedded))
	if err != nil {
		t.Fatal(err)
	}
	own, err := ReadCounts(zr)
	if err != nil {
		t.Fatal(err)
	}
	shared := DefaultCounts()
	text := "Просим Вас сообщить корейским товарищам, что мы были вынуждены отложить приезд. Ввиду этого плацдарм остался за ними."
	for _, c := range []*Counts{own, shared} {
		c.AddTextWeighted(text, 5)
		c.AddText("Корейским товарищам вынуждены сообщить")
	}
	var a, b bytes.Buffer
	if err := own.Write(&a, 1); err != nil {
		t.Fatal(err)
	}
	if err := shared.Write(&b, 1); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("DefaultCounts with text added write %d bytes unlike counts of their own (%d)", b.Len(), a.Len())
	}
	pairs := [][2]string{{"корейским", "товарищам"}, {"были", "вынуждены"}, {"в", "Вам"}, {"к", "Вам"}, {"плацдарм", "остался"}, {"ввиду", "этого"}}
	for _, p := range pairs {
		for _, w := range p {
			if got, want := shared.logWord(w), own.logWord(w); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("logWord(%q) = %v, want %v", w, got, want)
			}
		}
		if got, want := shared.logContext(p[0], p[1]), own.logContext(p[0], p[1]); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("logContext(%q, %q) = %v, want %v", p[0], p[1], got, want)
		}
	}
}
