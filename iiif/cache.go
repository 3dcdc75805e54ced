package iiif

import (
	"container/list"
	"sync"
)

// cache keeps values up to a total cost, dropping the least recently used.
type cache[V any] struct {
	mu    sync.Mutex
	limit int
	used  int
	order *list.List // of *entry[V], most recent first
	byKey map[string]*list.Element
}

type entry[V any] struct {
	key  string
	val  V
	cost int
}

func newCache[V any](limit int) *cache[V] {
	return &cache[V]{limit: limit, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *cache[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*entry[V]).val, true
	}
	var zero V
	return zero, false
}

// put keeps val unless its cost alone is over the limit.
func (c *cache[V]) put(key string, val V, cost int) {
	if cost > c.limit {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.used -= el.Value.(*entry[V]).cost
		c.order.Remove(el)
	}
	c.byKey[key] = c.order.PushFront(&entry[V]{key, val, cost})
	c.used += cost
	for c.used > c.limit {
		el := c.order.Back()
		e := el.Value.(*entry[V])
		c.order.Remove(el)
		delete(c.byKey, e.key)
		c.used -= e.cost
	}
}
