package lexicon

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
)

// formSet holds every form the dictionary generates as a sorted array of
// 64-bit FNV-1a hashes: 8 bytes a form (a Russian lexicon's 1.4 million
// forms in 12 MB) and a lookup in a few dozen nanoseconds, against
// microseconds for taking affixes off. Two forms share a hash with
// probability about n²/2⁶⁵, negligible here.
type formSet []uint64

// bucketBits is how many leading bits of a hash index formIndex.
const bucketBits = 20

// filterBits is the size (log2, in bits) of formFilter.
const filterBits = 25

// formFilter has the bit of each form's hash set (its low filterBits bits),
// 4 MB that turn away most strings that are no word with one memory read,
// before the bucket search.
type formFilter []uint64

func filterForms(set formSet) formFilter {
	f := make(formFilter, 1<<filterBits/64)
	for _, h := range set {
		b := h & (1<<filterBits - 1)
		f[b/64] |= 1 << (b % 64)
	}
	return f
}

func (f formFilter) mayHave(h uint64) bool {
	b := h & (1<<filterBits - 1)
	return f[b/64]&(1<<(b%64)) != 0
}

// formIndex[b] is where the hashes with leading bits b start in a formSet,
// so that a lookup searches one small bucket.
type formIndex []uint32

func indexForms(set formSet) formIndex {
	idx := make(formIndex, 1<<bucketBits+1)
	b := 0
	for i, h := range set {
		for ; b <= int(h>>(64-bucketBits)); b++ {
			idx[b] = uint32(i)
		}
	}
	for ; b < len(idx); b++ {
		idx[b] = uint32(len(set))
	}
	return idx
}

// expand builds the form set of the whole lexicon, on every core.
func (lx *Lexicon) expand() formSet {
	stems := make([]string, 0, len(lx.stems))
	for s := range lx.stems {
		stems = append(stems, s)
	}
	workers := runtime.GOMAXPROCS(0)
	parts := make([][]uint64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out []uint64
			for i := w; i < len(stems); i += workers {
				for _, f := range lx.Forms(stems[i]) {
					out = append(out, hashForm(f))
				}
			}
			parts[w] = out
		}()
	}
	wg.Wait()
	set := formSet(slices.Concat(parts...))
	slices.Sort(set)
	return slices.Compact(set)
}

// hashForm is 64-bit FNV-1a, written out so that it does not allocate.
func hashForm(s string) uint64 {
	return HashOf(s, "", "")
}

// HashOf is the hash under which the lexicon keeps the form a+b+c, computed
// without building it: a spelling corrector tries thousands of edits of a
// word (prefix, new letters, suffix) and builds only those that are words.
func HashOf(a, b, c string) uint64 {
	h := uint64(14695981039346656037)
	for _, s := range [3]string{a, b, c} {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
	}
	return h
}

// The form set takes about a second to build for Russian, so Open keeps it
// in the user's cache directory, named by a hash of the two files it came
// from; a changed dictionary gets a new name. A cache that cannot be read or
// written is only slower.
func formCachePath(key []byte) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "sverka", fmt.Sprintf("lexicon-%x.forms", key[:12]))
}

func readFormCache(path string) formSet {
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil || len(b)%8 != 0 {
		return nil
	}
	set := make(formSet, len(b)/8)
	for i := range set {
		set[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	if !slices.IsSorted(set) {
		return nil
	}
	return set
}

func writeFormCache(path string, set formSet) {
	if path == "" || os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return
	}
	b := make([]byte, 0, 8*len(set))
	for _, h := range set {
		b = binary.LittleEndian.AppendUint64(b, h)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "lexicon-*.tmp")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		os.Remove(tmp.Name())
	}
}
