package suggest

import "sync"

// memo is what the checker has worked out, by key, safe for concurrent
// use, in two generations: when the newer holds bound entries it becomes
// the older and the older is forgotten. So a memo never holds more than
// twice its bound, and what a document's check worked out stays until two
// generations of new work came after it: a check after an edit finds it
// again. The bounds (New) are what a long document needs; one generation
// of 200,000 entries, forgotten all at once, let a server grow by about
// 27 MB with every 2,000-sentence document checked, to 500 MB of resident
// memory after 46 of them. (A lookup found in the older generation is not
// taken into the newer: a check after an edit that did so filled the newer
// and dropped the older again and again. A read lock for lookups, tried,
// blocked a first check's workers for longer on a busy machine: every
// addition, a first check's many, waits for the lookups under way.)
type memo[K comparable, V any] struct {
	mu           sync.Mutex
	newer, older map[K]V
	bound        int
}

func newMemo[K comparable, V any](bound int) *memo[K, V] {
	return &memo[K, V]{newer: map[K]V{}, bound: bound}
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
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.newer) >= m.bound {
		m.older, m.newer = m.newer, make(map[K]V, m.bound)
	}
	m.newer[k] = v
}
