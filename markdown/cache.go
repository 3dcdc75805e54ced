package markdown

import "sync"

// cacheSize is how many rendered bodies a Cache holds before it starts
// afresh.
const cacheSize = 50000

// Cache keeps the rendered HTML of note bodies: rendering and sanitizing
// costs far more than listing, and a body renders the same every time. Each
// server (or export) has its own, so that nothing is shared between
// databases. The zero value is ready to use; a nil *Cache renders without
// caching.
type Cache struct {
	mu sync.Mutex
	m  map[string]string
}

// HTML renders src as ToHTML does, through the cache. It is emptied when it
// grows past cacheSize entries.
func (c *Cache) HTML(src string) string {
	if c == nil {
		return ToHTML(src)
	}
	c.mu.Lock()
	h, ok := c.m[src]
	c.mu.Unlock()
	if ok {
		return h
	}
	h = ToHTML(src)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= cacheSize {
		c.m = map[string]string{}
	}
	c.m[src] = h
	c.mu.Unlock()
	return h
}
