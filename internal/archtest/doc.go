// Package archtest holds the test that keeps the package map of
// ARCHITECTURE.md true: it lists every package's imports with go list and
// fails on an arrow the map does not allow.
package archtest
