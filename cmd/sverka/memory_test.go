package main

import "testing"

// TestMallocArenaLimit: serve holds the C allocator to mallocArenas arenas
// unless MALLOC_ARENA_MAX, which glibc reads itself, says otherwise.
func TestMallocArenaLimit(t *testing.T) {
	if got := mallocArenaLimit(Config{}); got != mallocArenas || got < 1 {
		t.Errorf("without MALLOC_ARENA_MAX: %d arenas, want mallocArenas (%d)", got, mallocArenas)
	}
	if got := mallocArenaLimit(Config{MallocArenaMax: "8"}); got != 0 {
		t.Errorf("with MALLOC_ARENA_MAX=8: serve set %d arenas, want none (glibc's own reading wins)", got)
	}
}

// TestHeapSettings: the heap's soft limit leaves room for every cache full,
// scans and the OCR checker's memos included, above what a server holds besides (a limit under that has
// the collector run without end once scans fill their cache), and GOMEMLIMIT
// or GOGC, when set, win.
func TestHeapSettings(t *testing.T) {
	cfg := Config{CacheMB: 16, ImageCacheMB: 128, CheckerCacheMB: 40}
	limit, percent := heapSettings(cfg)
	if full := int64(cfg.CacheMB+cfg.ImageCacheMB+cfg.CheckerCacheMB+memoryHeadroomMB) << 20; limit < full {
		t.Errorf("limit %d MB, want at least the caches full plus the headroom, %d MB", limit>>20, full>>20)
	}
	if percent != gcPercent {
		t.Errorf("GOGC %d, want gcPercent (%d)", percent, gcPercent)
	}
	if limit, percent := heapSettings(Config{CacheMB: 16, ImageCacheMB: 128, GoMemLimit: "1GiB", GoGC: "200"}); limit != 0 || percent != 0 {
		t.Errorf("with GOMEMLIMIT and GOGC set: limit %d, GOGC %d, want both left to the runtime", limit, percent)
	}
}
