package datchuan

import (
	"errors"
	"fmt"
	"sort"
	"strings"
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
// Message is safe to show to a user (Vietnamese first). An EINVALID error
// of a form also says, in Fields, what is wrong with each field, so that a
// page shows each problem beside its field and an API client gets the same
// words.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string { return fmt.Sprintf("datchuan: %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// domainError returns the first *Error in err's chain, or nil.
func domainError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	if e := domainError(err); e != nil {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err; internal errors get a
// generic message so that no detail leaks.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	if e := domainError(err); e != nil {
		return e.Message
	}
	return "Lỗi hệ thống. Vui lòng thử lại sau. (Internal error.)"
}

// ErrorFields returns the problems of err by field; nil when err names no
// field.
func ErrorFields(err error) map[string]string {
	if e := domainError(err); e != nil {
		return e.Fields
	}
	return nil
}

// Problems collects what is wrong with an input, field by field: the one
// shape every Validate returns, so that a form, the JSON API, an Excel
// import and the command line all say the same thing about the same input.
type Problems map[string]string

// Add records the problem of a field; the first problem of a field stays.
func (p Problems) Add(field, format string, args ...any) {
	if _, ok := p[field]; !ok {
		p[field] = fmt.Sprintf(format, args...)
	}
}

// Merge adds the problems of err (its fields, or its message under field)
// and reports whether err was an EINVALID error; any other error is
// returned for the caller to pass on.
func (p Problems) Merge(field string, err error) error {
	if err == nil {
		return nil
	}
	if ErrorCode(err) != EINVALID {
		return err
	}
	if fs := ErrorFields(err); len(fs) > 0 {
		for f, m := range fs {
			p.Add(f, "%s", m)
		}
		return nil
	}
	p.Add(field, "%s", ErrorMessage(err))
	return nil
}

// Check adds the problems of err — what a Validate returned — and returns
// every problem as one error, nil when there is none. An error that is no
// refusal of the input is returned as it is.
func (p Problems) Check(err error) error {
	if err := p.Merge("", err); err != nil {
		return err
	}
	return p.Err()
}

// Err returns nil when there is no problem, else one EINVALID error whose
// message lists every problem (in field order) and whose Fields keep them
// apart.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	fields := make([]string, 0, len(p))
	for f := range p {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	msgs := make([]string, 0, len(p))
	for _, f := range fields {
		msgs = append(msgs, p[f])
	}
	copied := make(map[string]string, len(p))
	for f, m := range p {
		copied[f] = m
	}
	return &Error{Code: EINVALID, Message: strings.Join(msgs, " "), Fields: copied}
}
