package sverka

import (
	"errors"
	"fmt"
)

// ErrNotFound means the thing asked for does not exist (or is not visible to
// the one asking).
var ErrNotFound = errors.New("not found")

// ErrConflict means the change clashes with the current state: a stale
// version, a duplicate, an overlap.
var ErrConflict = errors.New("conflict")

// ErrStale means the change was made against a version that is no longer
// the current one (of an annotation, a document's revision, an account):
// someone else changed it first. It is also an ErrConflict, the one kind
// of conflict that redoing the change on the current version resolves.
var ErrStale = fmt.Errorf("stale version: %w", ErrConflict)

// ValidationError says what is wrong with the input, in words a person can act on.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Invalid builds a ValidationError.
func Invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}
