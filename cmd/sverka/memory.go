package main

import "runtime/debug"

// holdMemory sets how far a server's memory may grow past what is live: the
// Go collector's pace and soft limit (heapSettings) and the C allocator's
// arenas (mallocArenaLimit), each unless its own environment variable
// already says.
func holdMemory(cfg Config) {
	limit, percent := heapSettings(cfg)
	if limit > 0 {
		debug.SetMemoryLimit(limit)
	}
	if percent > 0 {
		debug.SetGCPercent(percent)
	}
	if arenas := mallocArenaLimit(cfg); arenas > 0 {
		limitMallocArenas(arenas)
	}
}

// heapSettings is the Go heap's soft limit in bytes and the collector's
// GOGC percentage for a server; 0 leaves one as GOMEMLIMIT or GOGC set it.
//
// The limit holds every cache full (documents, scans and the OCR checker's
// memos) plus memoryHeadroomMB, so that a full image cache never has the collector run
// without end; under it, gcPercent keeps the heap near what is live.
func heapSettings(cfg Config) (limit int64, percent int) {
	if cfg.GoMemLimit == "" {
		limit = int64(cfg.CacheMB+cfg.ImageCacheMB+cfg.CheckerCacheMB+memoryHeadroomMB) << 20
	}
	if cfg.GoGC == "" {
		percent = gcPercent
	}
	return limit, percent
}

// memoryHeadroomMB is what the server needs besides its caches: the search
// lexicons and the OCR checker (about 35 MB: packed tables, not maps),
// requests under way (about 70 MB live under mixed load on 10,000
// documents), and room for garbage.
const memoryHeadroomMB = 128

// gcPercent has the collector run when the heap has grown by half of what
// was live, not by all of it (Go's default, 100). Under mixed load on
// 10,000 documents (32 clients, 70/20/10, 5,000 requests after reading every
// document once; live heap ~68 MB): high-water mark 178 MB against 192 MB,
// 195 collections against 117, server CPU the same within the machine's noise
// (69.8 / 70.9 s against 69.9 / 75.3 s, load 15-19).
const gcPercent = 50

// mallocArenaLimit is how many arenas serve lets the C allocator keep
// (malloc_linux.go): mallocArenas, or none set when MALLOC_ARENA_MAX says
// how many already.
func mallocArenaLimit(cfg Config) int {
	if cfg.MallocArenaMax != "" {
		return 0
	}
	return mallocArenas
}

// mallocArenas is the C allocator's arenas in a server (malloc_linux.go).
const mallocArenas = 2
