// Package cache is a least-recently-used cache bounded by bytes rather
// than by entries, so that memory stays within a budget whatever the size
// of the things kept: a short letter and a 5,000-sentence report cost
// what they weigh.
package cache

import (
	"container/list"
	"sync"
)

// LRU keeps values by key up to a byte budget, dropping the least recently
// used first. It is safe for concurrent use.
type LRU[K comparable, V any] struct {
	mu     sync.Mutex
	budget int64
	used   int64
	size   func(V) int64
	order  *list.List // front: most recently used
	items  map[K]*list.Element
}

type entry[K comparable, V any] struct {
	key   K
	value V
	size  int64
}

// entryOverhead is what an entry costs beyond its value: the map slot, the
// list element, the key.
const entryOverhead = 96

// New returns a cache of at most budget bytes, each value weighing what
// size says (plus a small overhead per entry).
func New[K comparable, V any](budget int64, size func(V) int64) *LRU[K, V] {
	return &LRU[K, V]{budget: budget, size: size, order: list.New(), items: map[K]*list.Element{}}
}

// Get returns the value of key and marks it used.
func (c *LRU[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry[K, V]).value, true
}

// Put keeps value under key, replacing what was there, and drops the least
// recently used entries until the budget holds. A value heavier than the
// whole budget is not kept.
func (c *LRU[K, V]) Put(key K, value V) {
	size := c.size(value) + entryOverhead
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.drop(el)
	}
	if size > c.budget {
		return
	}
	c.items[key] = c.order.PushFront(&entry[K, V]{key: key, value: value, size: size})
	c.used += size
	for c.used > c.budget {
		c.drop(c.order.Back())
	}
}

// Remove drops key.
func (c *LRU[K, V]) Remove(key K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.drop(el)
	}
}

func (c *LRU[K, V]) drop(el *list.Element) {
	e := c.order.Remove(el).(*entry[K, V])
	delete(c.items, e.key)
	c.used -= e.size
}

// Bytes is the weight of what is kept; never more than the budget.
func (c *LRU[K, V]) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

// Len is the number of entries kept.
func (c *LRU[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}
