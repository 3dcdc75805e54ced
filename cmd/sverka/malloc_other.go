//go:build !linux || !cgo

package main

// limitMallocArenas does nothing without glibc (malloc_linux.go).
func limitMallocArenas(int) {}
