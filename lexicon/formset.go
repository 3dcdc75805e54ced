package lexicon

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// formSet holds every form the dictionary generates as a sorted array of
// 64-bit FNV-1a hashes: 8 bytes a form (a Russian lexicon's 1.4 million
// forms in 12 MB) and a lookup in a few dozen nanoseconds, against
// microseconds for taking affixes off. Two forms share a hash with
// probability about n²/2⁶⁵, negligible here.
type formSet []uint64

// formLows is a formSet as the lexicon keeps it: the low 32 bits of each
// hash, in the same order. A lookup compares them within the bucket of the
// hash's leading bucketBits bits (formIndex), so 52 bits of the hash still
// tell forms apart, in half the memory: 6.4 MB instead of 12.8 for the
// Russian and English lexicons a server holds (1.6 million forms).
type formLows []uint32

func (set formSet) lows() formLows {
	out := make(formLows, len(set))
	for i, h := range set {
		out[i] = uint32(h)
	}
	return out
}

// bucketBits is how many leading bits of a hash index formIndex.
const bucketBits = 20

// formFilter has the bit of each form's hash set (its low bits, as many
// as the filter has: at least 16 a form, a power of two), which turns away
// most strings that are no word with one memory read, before the bucket
// search: 4 MB for the Russian lexicon's 1.4 million forms, 512 KB for the
// English one's 167,000.
type formFilter []uint64

func filterForms(set formSet) formFilter {
	words := 1
	for words*64 < 16*len(set) {
		words *= 2
	}
	f := make(formFilter, words)
	for _, h := range set {
		i, m := f.bit(h)
		f[i] |= m
	}
	return f
}

// bit is where h stands in f (whose length is a power of two).
func (f formFilter) bit(h uint64) (int, uint64) {
	b := h & uint64(len(f)*64-1)
	return int(b / 64), 1 << (b % 64)
}

func (f formFilter) mayHave(h uint64) bool {
	i, m := f.bit(h)
	return f[i]&m != 0
}

// blockBits is how many leading bits of a bucket number pick its block in
// formIndex.
const blockBits = 8

// formIndex tells where the hashes with leading bits b (a bucket) start in
// a formSet: at blocks[b>>blockBits] + offsets[b], a block's start and the
// bucket's offset in it (a block of 256 buckets holds a few hundred
// forms), so that the index of a million buckets takes 2 MB, not 4.
type formIndex struct {
	blocks  []uint32
	offsets []uint16
}

func (x formIndex) at(b uint64) uint32 {
	return x.blocks[b>>blockBits] + uint32(x.offsets[b])
}

// indexForms indexes a formSet whose every block of buckets holds fewer
// than 65,536 forms (a lexicon of hundreds of millions would not).
func indexForms(set formSet) (formIndex, error) {
	x := formIndex{make([]uint32, 1<<(bucketBits-blockBits)+1), make([]uint16, 1<<bucketBits+1)}
	b := 0
	start := func(b, i int) error {
		if b%(1<<blockBits) == 0 {
			x.blocks[b>>blockBits] = uint32(i)
		}
		off := i - int(x.blocks[b>>blockBits])
		if off > math.MaxUint16 {
			return fmt.Errorf("%d forms in a block of the form index", off)
		}
		x.offsets[b] = uint16(off)
		return nil
	}
	for i, h := range set {
		for ; b <= int(h>>(64-bucketBits)); b++ {
			if err := start(b, i); err != nil {
				return formIndex{}, err
			}
		}
	}
	for ; b < len(x.offsets); b++ {
		if err := start(b, len(set)); err != nil {
			return formIndex{}, err
		}
	}
	return x, nil
}

// expand builds the form set of the whole lexicon, and the filters of the
// beginnings and endings of its forms, on every core.
func (lx *Lexicon) expand() (formSet, prefixFilter, prefixFilter) {
	stems := make([]string, 0, lx.Len())
	lx.Stems(func(s string) bool {
		stems = append(stems, s)
		return true
	})
	workers := runtime.GOMAXPROCS(0)
	parts := make([][]uint64, workers)
	prefixes := make([]prefixFilter, workers)
	suffixes := make([]prefixFilter, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out []uint64
			pf, sf := newPrefixFilter(), newPrefixFilter()
			for i := w; i < len(stems); i += workers {
				for _, f := range lx.Forms(stems[i]) {
					out = append(out, hashForm(f))
					pf.addPrefixes(f)
					sf.addSuffixes(f)
				}
			}
			parts[w], prefixes[w], suffixes[w] = out, pf, sf
		}()
	}
	wg.Wait()
	set := formSet(slices.Concat(parts...))
	slices.Sort(set)
	for w := 1; w < workers; w++ {
		prefixes[0].union(prefixes[w])
		suffixes[0].union(suffixes[w])
	}
	return slices.Compact(set), prefixes[0], suffixes[0]
}

// hashForm is 64-bit FNV-1a, written out so that it does not allocate.
func hashForm(s string) uint64 {
	return HashOf(s, "", "")
}

// HashOf is the hash under which the lexicon keeps the form a+b+c, computed
// without building it: a spelling corrector tries thousands of edits of a
// word (prefix, new letters, suffix) and builds only those that are words.
func HashOf(a, b, c string) uint64 {
	return ExtendHash(ExtendHash(ExtendHash(emptyHash, a), b), c)
}

// The form set takes about a second to build for Russian, so Open keeps it
// in the user's cache directory, named by a hash of the two files it came
// from, with the prefix and suffix filters beside it; a changed dictionary gets a new
// name. A cache that cannot be read or written is only slower.
func formCachePath(key []byte) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "sverka", fmt.Sprintf("lexicon-%x.forms", key[:12]))
}

// filterCachePath is where a filter (kind "prefixes" or "suffixes") of the
// forms cached at path is.
func filterCachePath(path, kind string) string {
	return strings.TrimSuffix(path, ".forms") + "." + kind
}

// readFormCache reads the forms cached at path, or nil when they or their
// prefix and suffix filters are missing or damaged.
func readFormCache(path string) formSet {
	if path == "" {
		return nil
	}
	for _, kind := range []string{"prefixes", "suffixes"} {
		if st, err := os.Stat(filterCachePath(path, kind)); err != nil || st.Size() != 8*prefixWords {
			return nil
		}
	}
	set := readWords(path)
	if set == nil || !slices.IsSorted(set) {
		return nil
	}
	return set
}

// readEdges reads the prefix and suffix filters cached beside the forms,
// or builds them again when they cannot be read.
func (lx *Lexicon) readEdges() {
	lx.prefixes = prefixFilter(readWords(filterCachePath(lx.edgesAt, "prefixes")))
	lx.suffixes = prefixFilter(readWords(filterCachePath(lx.edgesAt, "suffixes")))
	if len(lx.prefixes) != prefixWords || len(lx.suffixes) != len(lx.prefixes) {
		_, lx.prefixes, lx.suffixes = lx.expand()
	}
}

// readWords reads a file of little-endian 64-bit words, or returns nil.
// It reads a block at a time, so that loading holds the words once, not
// also the whole file's bytes beside them.
func readWords(path string) []uint64 {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size()%8 != 0 || fi.Size() == 0 {
		return nil
	}
	out := make([]uint64, fi.Size()/8)
	buf := make([]byte, 64<<10)
	for i := 0; i < len(out); {
		n, err := io.ReadFull(f, buf[:8*min(len(buf)/8, len(out)-i)])
		if err != nil {
			return nil
		}
		for k := 0; k < n; k += 8 {
			out[i] = binary.LittleEndian.Uint64(buf[k:])
			i++
		}
	}
	return out
}

func writeFormCache(path string, set formSet, pf, sf prefixFilter) {
	if path == "" || os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return
	}
	// The filters first: a form file without its filters is not read.
	if writeWords(filterCachePath(path, "prefixes"), pf) && writeWords(filterCachePath(path, "suffixes"), sf) {
		writeWords(path, set)
	}
}

// writeWords writes words as readWords reads them, through a temporary
// file renamed into place, and reports whether it did.
func writeWords(path string, words []uint64) bool {
	b := make([]byte, 0, 8*len(words))
	for _, h := range words {
		b = binary.LittleEndian.AppendUint64(b, h)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "lexicon-*.tmp")
	if err != nil {
		return false
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		os.Remove(tmp.Name())
		return false
	}
	return true
}
