//go:build !linux

package store

// writeTurn stands for the turns of turn_linux.go: elsewhere writers rely
// on SQLite's own lock waits alone.
type writeTurn struct{}

func openTurn(string) (*writeTurn, error) { return nil, nil }

func (*writeTurn) close() error { return nil }

func (*writeTurn) write() func() { return func() {} }

func (*writeTurn) bulkWrite() func() { return func() {} }

func (*writeTurn) indexer() (func(), bool) { return func() {}, true }
