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
