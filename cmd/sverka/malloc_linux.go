//go:build cgo

package main

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
static void limit_arenas(int n) { mallopt(M_ARENA_MAX, n); }
#else
static void limit_arenas(int n) { (void)n; }
#endif
*/
import "C"

// limitMallocArenas holds the C allocator (SQLite's memory) to n arenas.
// glibc gives every thread that finds the arenas busy one of its own, up
// to eight per core, and each keeps what SQLite freed in it: under the
// mixed load on 10,000 documents (32 clients, 70/20/10) that was 30-35 MB
// of the server's resident memory (peak RSS 239 MB with glibc's default,
// 206 MB with 2 arenas and 206 MB with 1, same server CPU per request).
// Other C libraries keep no such arenas; nothing to do there.
func limitMallocArenas(n int) { C.limit_arenas(C.int(n)) }
