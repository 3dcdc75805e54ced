package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"

	"sverka"
)

// Argon2id parameters: RFC 9106's second recommended option scaled to one
// pass (64 MiB, t=1, 4 lanes), as golang.org/x/crypto/argon2 suggests. They
// are written into every hash, so they can be raised later without breaking
// existing passwords.
const (
	argonTime    = 1
	argonMemory  = 64 * 1024 // KiB
	argonThreads = 4
	argonKeyLen  = 32
	argonSaltLen = 16
)

// hashSlots bounds how many passwords are hashed at once, so that a burst of
// sign-ins cannot make the server allocate 64 MiB per request without limit.
var hashSlots = make(chan struct{}, 4)

// hashPassword returns the PHC-style argon2id encoding of password with a
// fresh random salt.
func hashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	hashSlots <- struct{}{}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	<-hashSlots
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// checkPassword reports whether password matches encoded, in time that does
// not depend on where they differ.
func checkPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var memory, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	hashSlots <- struct{}{}
	got := argon2.IDKey([]byte(password), salt, passes, memory, threads, uint32(len(want)))
	<-hashSlots
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when the user is unknown, disabled or has no
// password, so that every failed sign-in costs the same time.
var dummyHash = sync.OnceValue(func() string {
	h, err := hashPassword("sverka dummy password, never valid")
	if err != nil {
		panic(err)
	}
	return h
})

// CreateUser adds an account. An empty password makes an account that cannot
// sign in with a password (only with API tokens); any other password needs
// MinPasswordLength characters. A name already taken (ignoring case) is
// ErrConflict. The change is recorded as made by the system.
func (db *DB) CreateUser(ctx context.Context, name string, role sverka.Role, password string) (*sverka.User, error) {
	return db.CreateUserBy(ctx, 0, name, role, password)
}

// CreateUserBy is CreateUser on behalf of the user actorID (0: the system).
func (db *DB) CreateUserBy(ctx context.Context, actorID int64, name string, role sverka.Role, password string) (*sverka.User, error) {
	name = strings.TrimSpace(name)
	if err := sverka.ValidUserName(name); err != nil {
		return nil, err
	}
	if !role.Valid() {
		return nil, sverka.Invalid("role", "%q is not a role (reader, annotator, editor or admin)", role)
	}
	hash := ""
	if password != "" {
		if err := sverka.ValidPassword(password); err != nil {
			return nil, err
		}
		var err error
		if hash, err = hashPassword(password); err != nil {
			return nil, err
		}
	}
	u := &sverka.User{Name: name, Role: role, Version: 1, CreatedAt: db.now()}
	err := db.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name = ?`, name).Scan(&n); err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("the name %q is taken: %w", name, sverka.ErrConflict)
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			name, role, hash, formatTime(u.CreatedAt)).Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		return recordChange(ctx, tx, Change{At: u.CreatedAt, UserID: actorID, Entity: "user", EntityID: fmt.Sprint(u.ID), Action: "create", After: u})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

const userColumns = `id, name, role, disabled, version, created_at`

type rowScanner interface{ Scan(...any) error }

func scanUser(r rowScanner) (*sverka.User, error) {
	u := &sverka.User{}
	var disabled int
	var created string
	if err := r.Scan(&u.ID, &u.Name, &u.Role, &disabled, &u.Version, &created); err != nil {
		return nil, err
	}
	u.Disabled = disabled == 1
	u.CreatedAt = parseTime(created)
	return u, nil
}

// FindUsers lists every account by name (sortByName).
func (db *DB) FindUsers(ctx context.Context) ([]sverka.User, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT `+userColumns+` FROM users`)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	defer rows.Close()
	list := []sverka.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("find users: %w", err)
		}
		list = append(list, *u)
	}
	sortByName(list)
	return list, rows.Err()
}

// sortByName puts users in the order of their names as SQLite's NOCASE
// compares them (ASCII letters in lower case, then byte by byte), then of
// their ids, on either engine: PostgreSQL's nocase collation (ICU) puts
// punctuation and letters beyond ASCII elsewhere (vera_k before vera.k,
// émile before zoe).
func sortByName(users []sverka.User) {
	slices.SortFunc(users, func(a, b sverka.User) int {
		return cmp.Or(cmp.Compare(foldASCII(a.Name), foldASCII(b.Name)), cmp.Compare(a.ID, b.ID))
	})
}

// foldASCII is s with its ASCII capitals in lower case, as NOCASE sees it.
func foldASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// FindUserByID reads one account.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*sverka.User, error) {
	u, err := scanUser(db.reader.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("user %d: %w", id, sverka.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	return u, nil
}

// FindUserByName reads one account by its name, ignoring case.
func (db *DB) FindUserByName(ctx context.Context, name string) (*sverka.User, error) {
	u, err := scanUser(db.reader.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE name = ?`, strings.TrimSpace(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("user %q: %w", name, sverka.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	return u, nil
}

// Authenticate checks a name and password. Every failure is ErrCredentials
// and costs one password hash, whether the name is unknown, the account
// disabled or the password wrong, so the answer and its timing tell nothing.
func (db *DB) Authenticate(ctx context.Context, name, password string) (*sverka.User, error) {
	var hash string
	u, err := scanUserWithHash(db.reader.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE name = ?`, strings.TrimSpace(name)), &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	usable := err == nil && !u.Disabled && hash != "" && len(password) <= 1024
	if !usable {
		checkPassword(dummyHash(), password)
		return nil, sverka.ErrCredentials
	}
	if !checkPassword(hash, password) {
		return nil, sverka.ErrCredentials
	}
	return u, nil
}

func scanUserWithHash(r rowScanner, hash *string) (*sverka.User, error) {
	u := &sverka.User{}
	var disabled int
	var created string
	if err := r.Scan(&u.ID, &u.Name, &u.Role, &disabled, &u.Version, &created, hash); err != nil {
		return nil, err
	}
	u.Disabled = disabled == 1
	u.CreatedAt = parseTime(created)
	return u, nil
}

// UserUpdate says what to change in an account; nil fields stay as they are.
type UserUpdate struct {
	Role     *sverka.Role
	Disabled *bool
	Password *string
	// Version, if not 0, must be the account's current version, or the
	// update is refused with sverka.ErrStale (someone else changed it first).
	Version int64
	// KeepSession is the token of a session that outlives a change of
	// password alone: the one the user changed their own password from.
	KeepSession string
}

// UpdateUser changes an account on behalf of actorID (0: the system).
// Disabling an account or changing its role or password ends its sessions
// (a password change alone keeps upd.KeepSession).
// The last enabled admin cannot be demoted or disabled (ErrConflict).
func (db *DB) UpdateUser(ctx context.Context, actorID, id int64, upd UserUpdate) (*sverka.User, error) {
	if upd.Role == nil && upd.Disabled == nil && upd.Password == nil {
		return nil, sverka.Invalid("", "nothing to change: give a role, disabled or a password")
	}
	if upd.Role != nil && !upd.Role.Valid() {
		return nil, sverka.Invalid("role", "%q is not a role (reader, annotator, editor or admin)", *upd.Role)
	}
	hash := ""
	if upd.Password != nil {
		if err := sverka.ValidPassword(*upd.Password); err != nil {
			return nil, err
		}
		var err error
		if hash, err = hashPassword(*upd.Password); err != nil {
			return nil, err
		}
	}
	var after *sverka.User
	err := db.write(ctx, func(tx *sql.Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("user %d: %w", id, sverka.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if upd.Version != 0 && upd.Version != before.Version {
			return fmt.Errorf("user %s was changed meanwhile (version %d, not %d): %w", before.Name, before.Version, upd.Version, sverka.ErrStale)
		}
		a := *before
		if upd.Role != nil {
			a.Role = *upd.Role
		}
		if upd.Disabled != nil {
			a.Disabled = *upd.Disabled
		}
		if before.Role == sverka.RoleAdmin && !before.Disabled && (a.Role != sverka.RoleAdmin || a.Disabled) {
			var admins int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0`).Scan(&admins); err != nil {
				return fmt.Errorf("update user: %w", err)
			}
			if admins <= 1 {
				return fmt.Errorf("%s is the last admin; make another admin first: %w", before.Name, sverka.ErrConflict)
			}
		}
		a.Version++
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, disabled = ?, version = ? WHERE id = ?`, a.Role, boolInt(a.Disabled), a.Version, id); err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if upd.Password != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id); err != nil {
				return fmt.Errorf("update user: %w", err)
			}
		}
		if a.Disabled || a.Role != before.Role || upd.Password != nil && upd.KeepSession == "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return fmt.Errorf("update user: %w", err)
			}
		} else if upd.Password != nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, id, digest(upd.KeepSession)); err != nil {
				return fmt.Errorf("update user: %w", err)
			}
		}
		var what []string
		if a.Role != before.Role {
			what = append(what, "set-role")
		}
		if a.Disabled != before.Disabled {
			what = append(what, map[bool]string{true: "disable", false: "enable"}[a.Disabled])
		}
		if upd.Password != nil {
			what = append(what, "set-password") // the password itself is never recorded
		}
		if len(what) == 0 {
			what = []string{"update"}
		}
		after = &a
		return recordChange(ctx, tx, Change{At: db.now(), UserID: actorID, Entity: "user", EntityID: fmt.Sprint(id), Action: strings.Join(what, ","), Before: before, After: after})
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}

// ChangePassword sets a user's own password once the current one is given:
// a wrong current password is ErrCredentials, a new one that is not
// acceptable a *ValidationError, and neither changes anything. Every
// session of the user ends except keepSession, the token of the session
// the change is made from ("" ends them all). The change is recorded
// without the password; an account changed meanwhile is sverka.ErrStale.
func (db *DB) ChangePassword(ctx context.Context, id int64, current, next, keepSession string) error {
	if err := sverka.ValidPassword(next); err != nil {
		return err
	}
	var hash string
	u, err := scanUserWithHash(db.reader.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE id = ?`, id), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("user %d: %w", id, sverka.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if u.Disabled || hash == "" || len(current) > 1024 {
		checkPassword(dummyHash(), current)
		return sverka.ErrCredentials
	}
	if !checkPassword(hash, current) {
		return sverka.ErrCredentials
	}
	if _, err := db.UpdateUser(ctx, id, id, UserUpdate{Password: &next, Version: u.Version, KeepSession: keepSession}); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	return nil
}
