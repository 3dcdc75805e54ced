package suggest

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	aligner "sverka/align"
	"sverka/internal/loadtest"
	"sverka/lexicon"
)

// measureEnv asks the test binary, run again, to print the heap its
// checker holds: a fresh process, since what is read once a process
// (lexicon, counts, dictionaries) may already be in this one.
const measureEnv = "SUGGEST_MEASURE_CHECKER"

// TestCheckerMemory: a server holds its OCR checker for as long as it runs
// (and a search keyer shares its lexicon): the Russian lexicon, the counts
// and the English evidence's dictionaries are kept compact. Before: 72 MB
// (lexicon 33.5, counts and their copy 23.7, align's dictionary 6.4, its
// index by English stem 8.4); the counts as maps, not copied: 41.6 MB;
// align's dictionary as maps: 34.2 MB.
func TestCheckerMemory(t *testing.T) {
	if os.Getenv(measureEnv) != "" {
		fmt.Printf("checker heap %d\n", checkerHeap(t))
		return
	}
	if _, err := lexicon.Open("ru_RU"); err != nil {
		needEnv(t, err)
	}
	if _, err := aligner.Debian(); err != nil {
		needEnv(t, err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCheckerMemory$")
	cmd.Env = append(os.Environ(), measureEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	_, after, ok := strings.Cut(string(out), "checker heap ")
	n, err := strconv.ParseFloat(strings.Fields(after + " x")[0], 64)
	if !ok || err != nil {
		t.Fatalf("no heap size in %q", out)
	}
	t.Logf("an OCR checker with English holds %.1f MB of heap", n/1e6)
	if mb := n / 1e6; mb > 33 {
		t.Errorf("an OCR checker with English holds %.1f MB of heap, want under 33", mb)
	}
}

// checkerHeap loads a checker with English as a server does and returns
// the bytes of heap it holds.
func checkerHeap(t *testing.T) uint64 {
	before := loadtest.LiveHeap()
	lx, err := lexicon.Open("ru_RU")
	if err != nil {
		t.Fatal(err)
	}
	ReadDictionaries()
	c := New(lx, DefaultCounts(), NewChannel())
	size := loadtest.LiveHeap() - before
	runtime.KeepAlive(c)
	return size
}
