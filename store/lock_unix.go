//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// fileLock is an advisory lock on the file beside a database (PATH.lock):
// every process that opens the database holds it shared, and whoever
// replaces or migrates the database down holds it alone. SQLite's own locks
// are on the database file and are not touched.
type fileLock struct{ f *os.File }

// lockDatabase takes the lock of the database at path, shared or alone,
// without waiting: ErrInUse if it is held the other way.
func lockDatabase(path string, exclusive bool) (*fileLock, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock database: %w", err)
	}
	how := unix.LOCK_SH
	if exclusive {
		how = unix.LOCK_EX
	}
	if err := unix.Flock(int(f.Fd()), how|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, ErrInUse
		}
		return nil, fmt.Errorf("lock database: %w", err)
	}
	return &fileLock{f}, nil
}

// release lets go of the lock.
func (l *fileLock) release() error { return l.f.Close() }
