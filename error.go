package datchuan

import (
	"errors"
	"fmt"
)

// Error codes: the small vocabulary every layer speaks. The web layer maps
// each one to an HTTP status in a single table.
const (
	ECONFLICT     = "conflict"     // the action conflicts with the current state
	EINTERNAL     = "internal"     // a fault of ours; details go to the log only
	EINVALID      = "invalid"      // the input is wrong; the message says how
	ENOTFOUND     = "not_found"    // the thing asked for does not exist
	EFORBIDDEN    = "forbidden"    // the caller may not do this
	EUNAUTHORIZED = "unauthorized" // the caller is not signed in
)

// Error is a domain error: a code for programs and a message for people.
// Message is safe to show to a user (Vietnamese first).
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("datchuan: %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the user-facing message of err; internal errors get a
// generic message so that no detail leaks.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "Lỗi hệ thống. Vui lòng thử lại sau. (Internal error.)"
	}
}
