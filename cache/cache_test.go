package cache

import (
	"strconv"
	"strings"
	"sync"
	"testing"
)

func weight(s string) int64 { return int64(len(s)) }

func TestLRUKeepsWithinBudget(t *testing.T) {
	c := New[string](10*(100+entryOverhead), weight)
	for i := range 50 {
		c.Put(strconv.Itoa(i), strings.Repeat("x", 100))
		if c.Bytes() > 10*(100+entryOverhead) {
			t.Fatalf("after %d puts: got %d bytes, want at most the budget %d", i+1, c.Bytes(), 10*(100+entryOverhead))
		}
	}
	if c.Len() != 10 {
		t.Errorf("got %d entries, want 10", c.Len())
	}
	for i := range 40 {
		if _, ok := c.Get(strconv.Itoa(i)); ok {
			t.Errorf("entry %d was kept, want it dropped (least recently used)", i)
		}
	}
	if v, ok := c.Get("49"); !ok || v != strings.Repeat("x", 100) {
		t.Errorf("got %q, %v for the newest entry, want it", v, ok)
	}
}

func TestLRUDropsTheLeastRecentlyUsed(t *testing.T) {
	c := New[string](3*(1+entryOverhead), weight)
	c.Put("a", "1")
	c.Put("b", "2")
	c.Put("c", "3")
	c.Get("a") // a is now the most recent; b the least
	c.Put("d", "4")
	for key, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if _, ok := c.Get(key); ok != want {
			t.Errorf("%s kept: got %v, want %v", key, ok, want)
		}
	}
}

func TestLRUReplacesAndRemoves(t *testing.T) {
	c := New[string](1000, weight)
	c.Put("k", "short")
	c.Put("k", "longer value")
	if v, _ := c.Get("k"); v != "longer value" {
		t.Errorf("got %q, want the value put last", v)
	}
	if got, want := c.Bytes(), int64(len("longer value")+entryOverhead); got != want {
		t.Errorf("got %d bytes, want %d", got, want)
	}
	c.Put("huge", strings.Repeat("x", 2000))
	if _, ok := c.Get("huge"); ok {
		t.Error("a value heavier than the budget was kept")
	}
	c.Remove("k")
	if c.Len() != 0 || c.Bytes() != 0 {
		t.Errorf("after Remove: got %d entries, %d bytes; want none", c.Len(), c.Bytes())
	}
}

func TestLRUIsSafeForConcurrentUse(t *testing.T) {
	c := New[int](50*(8+entryOverhead), func(s string) int64 { return int64(len(s)) })
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				c.Put((g*1000+i)%200, "12345678")
				c.Get(i % 200)
			}
		}()
	}
	wg.Wait()
	if c.Bytes() > 50*(8+entryOverhead) || c.Len() > 50 {
		t.Errorf("got %d entries, %d bytes; want within the budget", c.Len(), c.Bytes())
	}
}
