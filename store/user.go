package store

import "time"

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

var roleRank = map[Role]int{RoleReader: 1, RoleAnnotator: 2, RoleEditor: 3, RoleAdmin: 4}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool { return roleRank[r] > 0 }

// AtLeast reports whether r may do what min may.
func (r Role) AtLeast(min Role) bool { return r.Valid() && roleRank[r] >= roleRank[min] }

// User is a scholar with an account.
type User struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"createdAt"`
}
