package sverka

import (
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Role is what a user may do. Each role may do everything the roles before
// it may: reader < annotator < editor < admin.
type Role string

// The roles, from least to most allowed.
const (
	RoleReader    Role = "reader"
	RoleAnnotator Role = "annotator"
	RoleEditor    Role = "editor"
	RoleAdmin     Role = "admin"
)

// Roles lists the roles from least to most allowed.
var Roles = []Role{RoleReader, RoleAnnotator, RoleEditor, RoleAdmin}

var roleRank = map[Role]int{RoleReader: 1, RoleAnnotator: 2, RoleEditor: 3, RoleAdmin: 4}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool { return roleRank[r] > 0 }

// AtLeast reports whether r may do what min may.
func (r Role) AtLeast(min Role) bool { return r.Valid() && roleRank[r] >= roleRank[min] }

// User is a scholar with an account. It never carries the password or its
// hash, so no answer, log line or export built from it can leak them.
type User struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Disabled  bool      `json:"disabled"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"createdAt"`
}

// ErrCredentials means a sign-in failed: unknown name, wrong password or a
// disabled account all give this one error, so none can be told apart.
var ErrCredentials = errors.New("wrong name or password")

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 8

// ValidUserName checks a user name: 1 to 64 characters of UTF-8, no spaces,
// control characters or slashes.
func ValidUserName(name string) error {
	if name == "" || utf8.RuneCountInString(name) > 64 {
		return Invalid("name", "a user name has 1 to 64 characters")
	}
	if !utf8.ValidString(name) || strings.ContainsRune(name, utf8.RuneError) {
		return Invalid("name", "a user name is UTF-8 text")
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '/' {
			return Invalid("name", "a user name has no spaces, control characters or slashes")
		}
	}
	return nil
}

// ValidPassword checks a new password's length.
func ValidPassword(password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return Invalid("password", "a password has at least %d characters", MinPasswordLength)
	}
	if len(password) > 1024 {
		return Invalid("password", "a password has at most 1024 bytes")
	}
	return nil
}
