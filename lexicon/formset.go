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

func (s formSet) has(form string) bool {
	_, ok := slices.BinarySearch(s, hashForm(form))
	return ok
}

// hashForm is 64-bit FNV-1a, written out so that it does not allocate.
func hashForm(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
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
