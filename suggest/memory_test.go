package suggest

import (
	"context"
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

// TestMemoBudget: what a checker works out is remembered within its budget
// however long the documents: after the first check of a 2,000-sentence
// document with its English and a check after an edit, each memo holds no
// more than its share as its entries' sizes count, and the heap the memos
// really hold is under the budget. Bounded by entries, the memos held
// about 40 MB after such a document, whatever the budget.
func TestMemoBudget(t *testing.T) {
	if _, err := aligner.Debian(); err != nil {
		needEnv(t, err)
	}
	units := sentenceUnits(t)
	lex := newChecker(t).lex
	counts, channel := DefaultCounts(), NewChannel()
	// What a check reads once a process (the lexicon's words, the
	// dictionaries) is read before the heap is measured.
	ReadDictionaries()
	New(lex, counts, channel).CheckAll(context.Background(), units[:50])
	const budget = 2 << 20
	c := New(lex, counts, channel, MemoBytes(budget))
	c.Prepare()
	before := loadtest.LiveHeap()
	c.CheckAll(context.Background(), units)
	units[1000].Text += " Он внал."
	c.CheckAll(context.Background(), units)
	c.votes.list = nil // a vote holds the last document's checks besides
	held := loadtest.LiveHeap() - before
	t.Logf("the memos hold %.2f MB of heap, budget %.2f MB", float64(held)/1e6, float64(budget)/1e6)
	if held > budget {
		t.Errorf("the memos hold %d bytes of heap, want at most the budget, %d", held, budget)
	}
	counted := 0
	for i, m := range c.memos() {
		bytes, most := m.held()
		counted += bytes
		if bytes > most {
			t.Errorf("memo %d holds %d bytes, want at most its budget, %d", i, bytes, most)
		}
	}
	if counted > budget {
		t.Errorf("the memos hold %d bytes, want at most the budget, %d", counted, budget)
	}
	runtime.KeepAlive(c)
	runtime.KeepAlive(units)
}

// heldMemo is a memo of any kind, as TestMemoBudget sees it.
type heldMemo interface {
	held() (bytes, budget int)
}

func (m *memo[K, V]) held() (bytes, budget int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.newerBytes + m.olderBytes, m.budget
}

// memos are the checker's memos.
func (c *Checker) memos() []heldMemo {
	return []heldMemo{c.words, c.units, c.forms, c.stems, c.stemmed, c.shares, c.spelt, c.variants,
		c.englishes, c.keys, c.names, c.classes, c.beginnings, c.reaches}
}
