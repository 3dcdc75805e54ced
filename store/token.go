package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"sverka"
)

// Token is a personal API token as its owner sees it later: never the secret,
// only its first characters to recognise it.
type Token struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"userID"`
	Label      string    `json:"label"`
	Prefix     string    `json:"prefix"`
	CreatedAt  time.Time `json:"createdAt"`
	LastUsedAt time.Time `json:"lastUsedAt,omitzero"`
}

// tokenPrefix starts every API token, so that a leaked one is easy to spot.
const tokenPrefix = "svk_"

// newSecret returns 32 random bytes, URL-safe base64 encoded.
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// digest is what the database keeps of a secret. The secrets are 256 random
// bits, so a plain SHA-256 is enough: there is nothing to brute-force.
func digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a new API token for userID and returns it; this is the
// only time the token can be seen. The user acts with it under their role.
func (db *DB) CreateToken(ctx context.Context, userID int64, label string) (string, error) {
	label = strings.TrimSpace(label)
	if label == "" || utf8.RuneCountInString(label) > 100 {
		return "", sverka.Invalid("label", "a token label has 1 to 100 characters")
	}
	if !utf8.ValidString(label) || strings.ContainsRune(label, utf8.RuneError) {
		return "", sverka.Invalid("label", "a token label is UTF-8 text")
	}
	secret, err := newSecret()
	if err != nil {
		return "", err
	}
	token := tokenPrefix + secret
	t := Token{UserID: userID, Label: label, Prefix: token[:len(tokenPrefix)+6], CreatedAt: db.now()}
	err = db.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE id = ?`, userID).Scan(&n); err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("user %d: %w", userID, sverka.ErrNotFound)
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, label, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			userID, label, digest(token), t.Prefix, formatTime(t.CreatedAt)).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return recordChange(ctx, tx, Change{At: t.CreatedAt, UserID: userID, Entity: "token", EntityID: fmt.Sprint(t.ID), Action: "create", After: t})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// FindUserByToken is the enabled user an API token belongs to; an unknown
// token or a disabled account is ErrNotFound.
func (db *DB) FindUserByToken(ctx context.Context, token string) (*sverka.User, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 100 {
		return nil, fmt.Errorf("token: %w", sverka.ErrNotFound)
	}
	u, err := scanUser(db.reader.QueryRowContext(ctx, `
		SELECT u.id, u.name, u.role, u.disabled, u.version, u.created_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND u.disabled = 0`, digest(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("token: %w", sverka.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("find token: %w", err)
	}
	return u, nil
}

// FindTokens lists the tokens of userID, newest first.
func (db *DB) FindTokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, user_id, label, prefix, created_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("find tokens: %w", err)
	}
	defer rows.Close()
	list := []Token{}
	for rows.Next() {
		var t Token
		var created, used string
		if err := rows.Scan(&t.ID, &t.UserID, &t.Label, &t.Prefix, &created, &used); err != nil {
			return nil, fmt.Errorf("find tokens: %w", err)
		}
		t.CreatedAt, t.LastUsedAt = parseTime(created), parseTime(used)
		list = append(list, t)
	}
	return list, rows.Err()
}

// DeleteToken revokes token id of userID. A token of someone else is
// ErrNotFound, as if it did not exist.
func (db *DB) DeleteToken(ctx context.Context, userID, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var t Token
		var created string
		err := tx.QueryRowContext(ctx, `SELECT id, user_id, label, prefix, created_at FROM api_tokens WHERE id = ? AND user_id = ?`, id, userID).
			Scan(&t.ID, &t.UserID, &t.Label, &t.Prefix, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("token %d: %w", id, sverka.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("delete token: %w", err)
		}
		t.CreatedAt = parseTime(created)
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete token: %w", err)
		}
		return recordChange(ctx, tx, Change{At: db.now(), UserID: userID, Entity: "token", EntityID: fmt.Sprint(id), Action: "delete", Before: t})
	})
}
