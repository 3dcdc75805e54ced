package store

import (
	"context"
	"encoding/json"
	"sync"
)

// Notice is word of a change to a document, sent by one server to every
// server on the database, so that each can tell the pages reading it. Body
// is what the server that made the change says of it (JSON, small: on
// PostgreSQL a notice travels as a NOTIFY payload, under 8,000 bytes).
type Notice struct {
	Document string          `json:"doc"`
	Body     json.RawMessage `json:"body"`
}

// noticeBoard hands notices to this process's listeners; its zero value is
// ready.
type noticeBoard struct {
	mu        sync.Mutex
	next      int
	listeners map[int]func(Notice)
}

// Announce sends n to every listener on the database: on a SQLite file,
// those of this process, before it returns; on PostgreSQL, those of every
// server on it, this one's too (notice_postgres.go).
func (db *DB) Announce(ctx context.Context, n Notice) error {
	if db.shared() {
		return db.notify(ctx, n)
	}
	db.board.deliver(n)
	return nil
}

// Listen calls fn with every notice announced on the database, one at a
// time, until stop is called. On PostgreSQL a notice from another server
// also moves Writes on, so that what this process keeps of the database is
// looked at again.
func (db *DB) Listen(fn func(Notice)) (stop func(), err error) {
	if db.shared() {
		return db.listenShared(fn)
	}
	return db.board.add(fn), nil
}

func (b *noticeBoard) add(fn func(Notice)) (remove func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.listeners == nil {
		b.listeners = map[int]func(Notice){}
	}
	id := b.next
	b.next++
	b.listeners[id] = fn
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.listeners, id)
	}
}

func (b *noticeBoard) deliver(n Notice) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, fn := range b.listeners {
		fn(n)
	}
}
