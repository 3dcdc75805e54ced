package lexicon

import (
	"path/filepath"
	"runtime"
	"testing"

	"sverka/internal/loadtest"
)

// TestLexiconMemory: a server holds the Russian and English lexicons for
// as long as it runs, so their stems are kept packed (package strtab, the
// flags of a stem as one of a few thousand lists), not as a map of small
// strings and slices, and the filter and index of their forms are sized
// to the forms (33.5 and 17.4 MB before; 21.1 and 11.6 with the index of a
// million buckets in 4 MB and the filter 4 MB for each).
func TestLexiconMemory(t *testing.T) {
	for _, tc := range []struct {
		lang  string
		bound float64 // MB
	}{{"ru_RU", 20}, {"en_US", 7}} {
		t.Run(tc.lang, func(t *testing.T) {
			aff, dic := dictionaryFiles(t, tc.lang)
			if _, err := Load(aff, dic); err != nil { // writes the form cache when there is none
				t.Fatal(err)
			}
			before := loadtest.LiveHeap()
			lx, err := Load(aff, dic)
			if err != nil {
				t.Fatal(err)
			}
			size := float64(loadtest.LiveHeap()-before) / 1e6
			runtime.KeepAlive(lx)
			if size > tc.bound {
				t.Errorf("%s holds %.1f MB of heap, want under %.0f", tc.lang, size, tc.bound)
			}
		})
	}
}

// dictionaryFiles returns the paths of a language's .aff and .dic, as Open
// finds them, or skips the test.
func dictionaryFiles(tb testing.TB, lang string) (aff, dic string) {
	openOrSkip(tb, lang)
	for _, dir := range Dirs {
		aff, dic = filepath.Join(dir, lang+".aff"), filepath.Join(dir, lang+".dic")
		if fileExists(aff) && fileExists(dic) {
			break
		}
	}
	return aff, dic
}
