package suggest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fortunesDir holds Debian's fortunes-ru: modern Russian prose, typed
// clean.
const fortunesDir = "/usr/share/games/fortunes/ru"

// fortunes returns every n-th fortune of fortunes-ru, without its
// attribution, on one line: clean text to count false flags on. The counts
// were made from them (and a dictionary), so false flags here are fewer
// than on clean text the counts never saw (see TestInjectedErrors for
// that); what they show is a change that doubts typed Russian more.
func fortunes(t testing.TB, n int) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(fortunesDir, "*"))
	if len(files) == 0 {
		needEnv(t, errors.New("fortunes-ru is not installed (apt-get install fortunes-ru)"))
	}
	var out []string
	k := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".dat") || strings.HasSuffix(f, ".u8") {
			continue // index files, and links to the same texts
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range strings.Split(string(b), "\n%\n") {
			if at := strings.Index(part, "\t\t--"); at >= 0 {
				part = part[:at]
			}
			text := strings.Join(strings.Fields(part), " ")
			if len([]rune(text)) < 40 || cyrillicShare(text) < 0.9 {
				continue
			}
			if k++; k%n == 0 {
				out = append(out, text)
			}
		}
	}
	return out
}

// TestCleanText counts the flags on clean typed Russian (fortunes-ru):
// each is a false flag, or one of the few typos and jokes of spelling
// (глас бОмжей) the fortunes have. It holds them to what the model
// reached, so that a change that doubts clean text more is noticed.
func TestCleanText(t *testing.T) {
	c := newChecker(t)
	texts := fortunes(t, 8)
	flags, words := 0, 0
	for _, text := range texts {
		words += len(strings.Fields(text))
		for _, f := range c.Check(Unit{Text: text}) {
			flags++
			if testing.Verbose() {
				t.Logf("%q -> %q", f.Form, f.Readings[0].Text)
			}
		}
	}
	t.Logf("fortunes-ru: %d texts, %d words, %d flags (%.2f per 1,000 words)", len(texts), words, flags, 1000*ratio(flags, words))
	if len(texts) < 1000 {
		t.Fatalf("only %d fortunes", len(texts))
	}
	if flags > 315 {
		t.Errorf("%d flags on clean text, want at most 315", flags)
	}
}
