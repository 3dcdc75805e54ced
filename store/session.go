package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"sverka"
)

// Session is a signed-in browser. Its Token goes into a cookie and is only
// known when the session is created; the database keeps its digest, so
// sessions can be listed and revoked but not stolen from a backup.
type Session struct {
	Token     string
	UserID    int64
	CSRFToken string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CreateSession signs userID in for ttl.
func (db *DB) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (*Session, error) {
	token, err := newSecret()
	if err != nil {
		return nil, err
	}
	csrf, err := newSecret()
	if err != nil {
		return nil, err
	}
	now := db.now()
	s := &Session{Token: token, UserID: userID, CSRFToken: csrf, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	err = db.write(ctx, func(tx *sql.Tx) error {
		// Expired sessions are swept whenever someone signs in.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, formatTime(now)); err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			digest(token), userID, csrf, formatTime(now), formatTime(s.ExpiresAt))
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// FindSession reads the live session of token and its (enabled) user; an
// unknown or expired session, or a disabled user, is ErrNotFound.
func (db *DB) FindSession(ctx context.Context, token string) (*Session, *sverka.User, error) {
	if token == "" || len(token) > 100 {
		return nil, nil, fmt.Errorf("session: %w", sverka.ErrNotFound)
	}
	s := &Session{Token: token}
	var created, expires string
	var disabled int
	u := &sverka.User{}
	var ucreated string
	err := db.reader.QueryRowContext(ctx, `
		SELECT s.user_id, s.csrf_token, s.created_at, s.expires_at,
		       u.id, u.name, u.role, u.disabled, u.version, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ?`, digest(token)).Scan(
		&s.UserID, &s.CSRFToken, &created, &expires,
		&u.ID, &u.Name, &u.Role, &disabled, &u.Version, &ucreated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("session: %w", sverka.ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find session: %w", err)
	}
	s.CreatedAt, s.ExpiresAt = parseTime(created), parseTime(expires)
	u.Disabled, u.CreatedAt = disabled == 1, parseTime(ucreated)
	if u.Disabled || !db.now().Before(s.ExpiresAt) {
		return nil, nil, fmt.Errorf("session: %w", sverka.ErrNotFound)
	}
	return s, u, nil
}

// DeleteSession signs a browser out. An unknown session is not an error.
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, digest(token)); err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return nil
	})
}

// DeleteUserSessions signs userID out everywhere.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("delete sessions: %w", err)
		}
		return nil
	})
}
