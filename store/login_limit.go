package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// LoginBucket is a token bucket of failed sign-ins, kept in the database
// so that every server on it counts the same failures: Burst failures in a
// row, then one per Refill.
type LoginBucket struct {
	// Key names what is counted: an account, a client address.
	Key    string
	Burst  int
	Refill time.Duration
}

// loginForget is how long a bucket is kept after its last failure; by
// then it has filled up again.
const loginForget = time.Hour

// LoginWait says how long until a sign-in may be tried under every bucket:
// 0 when it may be now.
func (db *DB) LoginWait(ctx context.Context, buckets ...LoginBucket) (time.Duration, error) {
	var wait time.Duration
	err := db.read(ctx, func(tx *sql.Tx) error {
		now := db.now()
		for _, b := range buckets {
			tokens, err := loginTokens(ctx, tx, b, now)
			if err != nil {
				return err
			}
			if tokens < 1 {
				wait = max(wait, time.Duration((1-tokens)*float64(b.Refill)))
			}
		}
		return nil
	})
	return wait, err
}

// LoginFailed counts a failed sign-in in every bucket. It changes nothing
// a page shows, so it does not move Writes on.
func (db *DB) LoginFailed(ctx context.Context, buckets ...LoginBucket) error {
	return db.commit(ctx, func(tx *sql.Tx) error {
		now := db.now()
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < ?`, formatTime(now.Add(-loginForget))); err != nil {
			return fmt.Errorf("count a failed sign-in: %w", err)
		}
		for _, b := range buckets {
			tokens, err := loginTokens(ctx, tx, b, now)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key, tokens, at) VALUES (?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at`,
				b.Key, max(tokens-1, 0), formatTime(now)); err != nil {
				return fmt.Errorf("count a failed sign-in: %w", err)
			}
		}
		return nil
	}, unseenWrite)
}

// loginTokens is what bucket b holds at now: what it held at its last
// failure, plus one per Refill since, up to Burst.
func loginTokens(ctx context.Context, tx *sql.Tx, b LoginBucket, now time.Time) (float64, error) {
	var tokens float64
	var at string
	err := tx.QueryRowContext(ctx, `SELECT tokens, at FROM login_failures WHERE key = ?`, b.Key).Scan(&tokens, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return float64(b.Burst), nil
	}
	if err != nil {
		return 0, fmt.Errorf("read failed sign-ins: %w", err)
	}
	refilled := tokens + float64(now.Sub(parseTime(at)))/float64(b.Refill)
	return min(refilled, float64(b.Burst)), nil
}
