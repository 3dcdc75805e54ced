package suggest

import "sync"

// memo is what the checker has worked out, by key, safe for concurrent
// use: forgotten all at once when it grows past its bound, so that a long
// running server's memory stays bounded. (A read lock for lookups, tried,
// blocked a first check's workers for longer on a busy machine: every
// addition, a first check's many, waits for the lookups under way and
// stops the others.)
type memo[K comparable, V any] struct {
	mu    sync.Mutex
	m     map[K]V
	bound int
}

func newMemo[K comparable, V any](bound int) *memo[K, V] {
	return &memo[K, V]{m: map[K]V{}, bound: bound}
}

func (m *memo[K, V]) get(k K) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[k]
	return v, ok
}

func (m *memo[K, V]) put(k K, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.m) >= m.bound {
		clear(m.m)
	}
	m.m[k] = v
}
