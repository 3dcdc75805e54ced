package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// noticeChannel is the PostgreSQL channel that carries notices between the
// servers on one database.
const noticeChannel = "sverka_notices"

// noticeLimit keeps a notice under PostgreSQL's 8,000-byte NOTIFY payload.
const noticeLimit = 7900

// shared reports whether other servers may use the database at once, so
// that notices must travel through it: PostgreSQL.
func (db *DB) shared() bool { return isPostgres(db.path) }

// notify sends n to every server listening on the database; PostgreSQL
// delivers it once the statement commits, in the order sent.
func (db *DB) notify(ctx context.Context, n Notice) error {
	payload, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("announce: %w", err)
	}
	if len(payload) > noticeLimit {
		return fmt.Errorf("announce: a notice of %d bytes is over NOTIFY's limit", len(payload))
	}
	if _, err := db.writer.ExecContext(ctx, `SELECT pg_notify(?, ?)`, noticeChannel, string(payload)); err != nil {
		return fmt.Errorf("announce: %w", err)
	}
	return nil
}

// listenShared listens on a connection of its own (LISTEN holds one for as
// long as it lasts), already listening when it returns, and calls fn with
// each notice until stop. A lost connection is opened again; the notices
// sent meanwhile are lost, so Writes moves on then too.
func (db *DB) listenShared(fn func(Notice)) (stop func(), err error) {
	ctx, cancel := context.WithCancel(context.Background())
	conn, err := db.listenConn(ctx)
	if err != nil {
		cancel()
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			n, err := conn.WaitForNotification(ctx)
			if err != nil {
				conn.Close(context.Background())
				if conn = db.relisten(ctx); conn == nil {
					return
				}
				db.writes.Add(1)
				continue
			}
			db.writes.Add(1)
			var notice Notice
			if json.Unmarshal([]byte(n.Payload), &notice) == nil {
				fn(notice)
			}
		}
	}()
	return func() { cancel(); <-done }, nil
}

// listenConn opens a connection that listens on noticeChannel.
func (db *DB) listenConn(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, db.path)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	if _, err := conn.Exec(ctx, `LISTEN `+noticeChannel); err != nil {
		conn.Close(context.Background())
		return nil, fmt.Errorf("listen: %w", err)
	}
	return conn, nil
}

// relisten opens the listening connection again, once a second until it
// works; nil once ctx ends.
func (db *DB) relisten(ctx context.Context) *pgx.Conn {
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
		if conn, err := db.listenConn(ctx); err == nil {
			return conn
		}
	}
}
