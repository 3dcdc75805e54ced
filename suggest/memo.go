package suggest

import "sync"

// memo is what the checker has worked out, by key, safe for concurrent
// use: forgotten all at once when it grows past its bound, so that a long
// running server's memory stays bounded. The workers of a check look up
// far more than they add, and together: lookups share the lock.
type memo[K comparable, V any] struct {
	mu    sync.RWMutex
	m     map[K]V
	bound int
}

func newMemo[K comparable, V any](bound int) *memo[K, V] {
	return &memo[K, V]{m: map[K]V{}, bound: bound}
}

func (m *memo[K, V]) get(k K) (V, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
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
