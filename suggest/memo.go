package suggest

import (
	"sync"
	"unsafe"
)

// memo is what the checker has worked out, by key, safe for concurrent
// use, in two generations: when the newer would hold more than half the
// memo's budget of bytes it becomes the older and the older is forgotten.
// So a memo never holds more than its budget, and what a document's check
// worked out stays until two generations of new work came after it: a
// check after an edit finds it again. The budgets (New) are shares of a
// setting; one generation of 200,000 entries, forgotten all at once, let a
// server grow by about 27 MB with every 2,000-sentence document checked,
// to 500 MB of resident memory after 46 of them. Bounds in entries (half
// as much again as such a document needs, a generation) let the memos
// hold up to three times the 40 MB of such a document, as an entry's size
// varies widely (a name's variants take 11.6 KB, a form 89 bytes): a
// server that checked ten long documents in turn reached 294-300 MB
// resident, 182-184 MB with the default budget. (A lookup found in the
// older generation is not taken into the newer: a check after an edit
// that did so filled the newer and dropped the older again and again. A
// read lock for lookups, tried, blocked a first check's workers for longer
// on a busy machine: every addition, a first check's many, waits for the
// lookups under way.)
type memo[K comparable, V any] struct {
	mu           sync.Mutex
	newer, older map[K]V
	// newerBytes and olderBytes are what each generation holds (size).
	newerBytes, olderBytes int
	budget                 int // bytes, both generations
	size                   func(K, V) int
	slot                   int // an entry's share of its map (see newMemo)
}

// newMemo returns a memo that holds at most budget bytes, as size says
// each entry holds beyond the map's slot for it.
func newMemo[K comparable, V any](budget int, size func(K, V) int) *memo[K, V] {
	var (
		k K
		v V
	)
	// Go's maps (swiss tables) keep each entry in a slot of key and value
	// with a control byte, in tables at most 7/8 full whose sizes are
	// powers of two, so 1.15 to 2.3 slots an entry, counted as two: a memo
	// of forms (slots of 41 bytes) held 53 to 86 bytes of map an entry,
	// 3,000 to 100,000 entries, unbounded or turned over.
	slot := (int(unsafe.Sizeof(k)) + int(unsafe.Sizeof(v)) + 1) * 2
	return &memo[K, V]{newer: map[K]V{}, budget: budget, size: size, slot: slot}
}

func (m *memo[K, V]) get(k K) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.newer[k]; ok {
		return v, true
	}
	v, ok := m.older[k]
	return v, ok
}

func (m *memo[K, V]) put(k K, v V) {
	n := m.slot + m.size(k, v)
	if n > m.budget/2 {
		return // more than a generation holds: worked out again when asked
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	grow := n
	if old, ok := m.newer[k]; ok {
		grow -= m.slot + m.size(k, old)
	}
	if m.newerBytes+grow > m.budget/2 {
		m.older, m.olderBytes = m.newer, m.newerBytes
		m.newer, m.newerBytes = make(map[K]V, len(m.older)), 0
		grow = n
	}
	m.newer[k] = v
	m.newerBytes += grow
}

// DefaultMemoBytes is what a checker's memos hold at most unless told
// otherwise (MemoBytes): the units' share (New) holds what the check of a
// 2,000-sentence document worked out (8.1 MB) with a fifth to spare in
// each generation. With 16 MB a check after an edit of such a document
// took 250-280 ms of CPU instead of 20-40 ms, with 8 MB 1.0-1.1 s, as
// much as its first check. A server that checked the ten longest
// documents of the 10,000 in turn and then read every document reached
// 277 MB resident with this budget, 249 MB with 16 MB, 229 MB with 8 MB,
// and 172 MB having checked none (load 15-19, one run each).
const DefaultMemoBytes = 32 << 20

// An Option changes how New makes a checker.
type Option func(*settings)

type settings struct {
	memoBytes int
}

// MemoBytes bounds what the checker's memos hold, in bytes.
func MemoBytes(n int) Option { return func(s *settings) { s.memoBytes = n } }
