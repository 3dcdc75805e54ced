package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"sverka"
)

// idempotencyTTL is how long the answer to a request with an
// Idempotency-Key is kept for a retry.
const idempotencyTTL = 24 * time.Hour

// IdempotencyKey names one request a user may send more than once: the
// key the client chose and a digest of what it asked (method, route and
// body), so that a key used again for something else is caught.
type IdempotencyKey struct {
	UserID      int64
	Key         string
	RequestHash string
}

// StoredAnswer is the answer given to the first request with a key.
type StoredAnswer struct {
	Status int
	Header map[string]string
	Body   []byte
}

// ClaimIdempotencyKey is called before a request with an Idempotency-Key
// runs. If the key is new, it is taken for this request (true): run it,
// then SaveIdempotentAnswer or ReleaseIdempotencyKey. If the first request
// with the key has been answered, that answer comes back (false) to send
// again. A key whose first request is still running is sverka.ErrConflict;
// one used for a different request, a ValidationError.
func (db *DB) ClaimIdempotencyKey(ctx context.Context, k IdempotencyKey) (StoredAnswer, bool, error) {
	var out StoredAnswer
	claimed := false
	err := db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, formatTime(now.Add(-idempotencyTTL))); err != nil {
			return fmt.Errorf("forget old idempotency keys: %w", err)
		}
		var hash, header string
		err := tx.QueryRowContext(ctx, `SELECT request_hash, status, header, body FROM idempotency_keys WHERE user_id = ? AND key = ?`,
			k.UserID, k.Key).Scan(&hash, &out.Status, &header, &out.Body)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES (?, ?, ?, ?)`,
				k.UserID, k.Key, k.RequestHash, formatTime(now))
			if err != nil {
				return fmt.Errorf("claim idempotency key: %w", err)
			}
			claimed = true
			return nil
		case err != nil:
			return fmt.Errorf("find idempotency key: %w", err)
		case hash != k.RequestHash:
			return sverka.Invalid("Idempotency-Key", "this key was used for another request; use a new key for a new request")
		case out.Status == 0:
			return fmt.Errorf("the first request with this Idempotency-Key has not finished (if it was cut short, whether it took effect is unknown: look before sending it with a new key): %w", sverka.ErrConflict)
		}
		return json.Unmarshal([]byte(header), &out.Header)
	})
	return out, claimed, err
}

// SaveIdempotentAnswer keeps the answer to the request that claimed k.
func (db *DB) SaveIdempotentAnswer(ctx context.Context, k IdempotencyKey, a StoredAnswer) error {
	header, err := json.Marshal(a.Header)
	if err != nil {
		return fmt.Errorf("save idempotent answer: %w", err)
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET status = ?, header = ?, body = ? WHERE user_id = ? AND key = ? AND request_hash = ?`,
			a.Status, string(header), a.Body, k.UserID, k.Key, k.RequestHash)
		if err != nil {
			return fmt.Errorf("save idempotent answer: %w", err)
		}
		return nil
	})
}

// ReleaseIdempotencyKey forgets k, whose request failed without an answer
// worth repeating (a server error), so that it may be sent again.
func (db *DB) ReleaseIdempotencyKey(ctx context.Context, k IdempotencyKey) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND request_hash = ?`, k.UserID, k.Key, k.RequestHash)
		if err != nil {
			return fmt.Errorf("release idempotency key: %w", err)
		}
		return nil
	})
}
