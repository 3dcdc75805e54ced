//go:build linux

package store

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// writeTurn lets bulk writers (a command-line import, every process's
// background indexer) give way to other writes to the same SQLite file,
// across processes. SQLite alone is not fair: a writer that finds the file
// locked polls at growing intervals (up to 100 ms) and gets the lock only
// if it happens to poll while it is free, so a process committing one
// document after another kept a server's notes waiting for seconds.
//
// Two bytes of PATH.lock, locked with open-file-description locks (which
// conflict between any two opens, in one process or two, and leave the
// whole-file flock of lock_unix.go alone), carry the turns:
//   - waitingByte is held shared by every other writer from before it asks
//     for SQLite's lock until it commits: "a write is waiting or writing".
//   - bulkByte is held alone by a bulk writer for its transaction; a
//     waiting writer blocks on it, so the kernel wakes it the moment the
//     bulk transaction ends instead of at its next poll.
//
// A bulk writer starts a transaction only when no write is waiting (or
// after maxYield, so a stream of writes cannot stop it for good).
type writeTurn struct {
	// waiting and bulk are opens of PATH.lock of their own: locks taken
	// through one open never conflict with each other.
	waiting, bulk *os.File
	// mu and writers count this process's writes holding waitingByte.
	mu      sync.Mutex
	writers int
	// bulkMu keeps this process's bulk writers to one at a time on bulk.
	bulkMu sync.Mutex
}

const (
	bulkByte    = 0
	waitingByte = 1
	// indexerByte is held by the one process whose background indexer is
	// at work: two indexing the same queued document at once would both
	// write its passages.
	indexerByte = 2
	// maxYield bounds how long a bulk writer gives way at a time.
	maxYield = time.Second
)

// openTurn opens the turns of the database at path.
func openTurn(path string) (*writeTurn, error) {
	waiting, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("write turns: %w", err)
	}
	bulk, err := os.OpenFile(path+".lock", os.O_RDWR, 0o600)
	if err != nil {
		waiting.Close()
		return nil, fmt.Errorf("write turns: %w", err)
	}
	return &writeTurn{waiting: waiting, bulk: bulk}, nil
}

func (t *writeTurn) close() error {
	if t == nil {
		return nil
	}
	return errors.Join(t.waiting.Close(), t.bulk.Close())
}

// byteLock locks (typ F_RDLCK or F_WRLCK) or unlocks (F_UNLCK) one byte of
// f, waiting for it if wait.
func byteLock(f *os.File, at int64, typ int16, wait bool) error {
	cmd := unix.F_OFD_SETLK
	if wait {
		cmd = unix.F_OFD_SETLKW
	}
	lk := unix.Flock_t{Type: typ, Whence: 0, Start: at, Len: 1}
	for {
		err := unix.FcntlFlock(f.Fd(), cmd, &lk)
		if err != unix.EINTR {
			return err
		}
	}
}

// write takes this process's turn for a write that others give way to:
// it says a write is waiting, then waits for a bulk transaction in progress
// to end. The function it returns ends the turn, after the commit.
func (t *writeTurn) write() func() {
	if t == nil {
		return func() {}
	}
	t.mu.Lock()
	if t.writers == 0 {
		// Shared locks never conflict with one another, and no one holds
		// waitingByte alone (bulk writers only look), so this never waits.
		byteLock(t.waiting, waitingByte, unix.F_RDLCK, false)
	}
	t.writers++
	t.mu.Unlock()
	// Wait for a bulk transaction under way, if any: it ends by itself.
	if byteLock(t.waiting, bulkByte, unix.F_RDLCK, true) == nil {
		byteLock(t.waiting, bulkByte, unix.F_UNLCK, false)
	}
	return func() {
		t.mu.Lock()
		t.writers--
		if t.writers == 0 {
			byteLock(t.waiting, waitingByte, unix.F_UNLCK, false)
		}
		t.mu.Unlock()
	}
}

// bulkWrite takes a turn for a bulk transaction: it waits (up to maxYield)
// until no other write is waiting, then holds bulkByte. The function it
// returns ends the turn, after the commit or rollback.
func (t *writeTurn) bulkWrite() func() {
	if t == nil {
		return func() {}
	}
	t.bulkMu.Lock()
	for deadline := time.Now().Add(maxYield); time.Now().Before(deadline) && t.othersWaiting(); {
		time.Sleep(time.Millisecond)
	}
	if byteLock(t.bulk, bulkByte, unix.F_WRLCK, true) != nil {
		t.bulkMu.Unlock()
		return func() {}
	}
	return func() {
		byteLock(t.bulk, bulkByte, unix.F_UNLCK, false)
		t.bulkMu.Unlock()
	}
}

// othersWaiting reports whether a write of any process (this one's too)
// holds waitingByte.
func (t *writeTurn) othersWaiting() bool {
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: waitingByte, Len: 1}
	if err := unix.FcntlFlock(t.bulk.Fd(), unix.F_OFD_GETLK, &lk); err != nil {
		return false
	}
	return lk.Type != unix.F_UNLCK
}

// indexer takes the indexer's turn if no other process has it, and
// returns the function that gives it back; ok is false when another
// process is indexing.
func (t *writeTurn) indexer() (release func(), ok bool) {
	if t == nil {
		return func() {}, true
	}
	if byteLock(t.bulk, indexerByte, unix.F_WRLCK, false) != nil {
		return nil, false
	}
	return func() { byteLock(t.bulk, indexerByte, unix.F_UNLCK, false) }, true
}
