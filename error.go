package datchuan

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
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

// Error is a domain error: a code for programs and a message for people,
// safe to show, in Vietnamese (Message) and in English (MessageEn; empty
// when only Vietnamese was written). An EINVALID error of a form also
// says, in Fields and FieldsEn, what is wrong with each field, so that a
// page shows each problem beside its field and an API client gets the
// same words.
type Error struct {
	Code      string
	Message   string
	MessageEn string
	Fields    map[string]string
	FieldsEn  map[string]string
}

// Error is the text for logs and the command line: both languages.
func (e *Error) Error() string {
	return fmt.Sprintf("datchuan: %s: %s", e.Code, Text{e.Message, e.MessageEn})
}

// Text returns the message in both languages.
func (e *Error) Text() Text { return Text{e.Message, e.MessageEn} }

// NewError returns an *Error with a message written in both languages;
// the English text, a sentence of its own, starts with a capital letter.
func NewError(code string, t Text) *Error {
	return &Error{Code: code, Message: t.Vi, MessageEn: capitalFirst(t.En)}
}

// Errorf returns an *Error with the given code and a message formatted as
// Textf formats it: every message of the code base is written
// "Vietnamese (English)", and the trailing group in brackets is the
// English text.
func Errorf(code, format string, args ...any) *Error {
	return NewError(code, Textf(format, args...))
}

// Text is a message for people in both languages.
type Text struct {
	Vi, En string // En is empty when only Vietnamese was written
}

// In returns the text in lang: English for "en" (the Vietnamese when no
// English was written), else Vietnamese.
func (t Text) In(lang string) string {
	if lang == "en" && t.En != "" {
		return t.En
	}
	return t.Vi
}

// String writes both languages, "Vietnamese (English)", as the command
// line and the logs show a message.
func (t Text) String() string {
	if t.En == "" || t.En == t.Vi {
		return t.Vi
	}
	return t.Vi + " (" + t.En + ")"
}

// Textf formats a message written the code base's way, "Vietnamese
// (English)": the last group in brackets, when the format ends with one,
// is the English text and the rest the Vietnamese. The split is made on
// the format, not on the formatted text, so that a name typed by a user
// that ends in brackets is never taken for English; the arguments go to
// the Vietnamese part first, as many as its verbs, and the rest to the
// English part.
func Textf(format string, args ...any) Text {
	vi, en, ok := splitEnglish(format)
	if !ok {
		return Text{Vi: fmt.Sprintf(format, args...)}
	}
	n := min(countVerbs(vi), len(args))
	return Text{Vi: fmt.Sprintf(vi, args[:n]...), En: fmt.Sprintf(en, args[n:]...)}
}

// splitEnglish splits "Vietnamese (English)" at the bracket that opens the
// trailing group, which must follow a space.
func splitEnglish(format string) (vi, en string, ok bool) {
	f := strings.TrimSpace(format)
	if !strings.HasSuffix(f, ")") {
		return "", "", false
	}
	depth := 0
	for i := len(f) - 1; i >= 0; i-- {
		switch f[i] {
		case ')':
			depth++
		case '(':
			if depth--; depth == 0 {
				if i == 0 || f[i-1] != ' ' {
					return "", "", false
				}
				return strings.TrimSpace(f[:i]), f[i+1 : len(f)-1], true
			}
		}
	}
	return "", "", false
}

// countVerbs counts the verbs of a format (%% is none).
func countVerbs(format string) int {
	n := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			i++
			continue
		}
		n++
	}
	return n
}

func capitalFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
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

// internalText is what a person is told of a fault of ours; the detail
// goes to the log.
var internalText = Text{"Lỗi hệ thống. Vui lòng thử lại sau.", "Internal error. Please try again later."}

// ErrorText returns the user-facing message of err in both languages; an
// internal error gets a generic message so that no detail leaks.
func ErrorText(err error) Text {
	if err == nil {
		return Text{}
	}
	if e := domainError(err); e != nil {
		return e.Text()
	}
	return internalText
}

// ErrorMessage returns the user-facing message of err in Vietnamese.
func ErrorMessage(err error) string { return ErrorText(err).Vi }

// ErrorFields returns the problems of err by field, in Vietnamese; nil
// when err names no field.
func ErrorFields(err error) map[string]string { return ErrorFieldsIn(err, "vi") }

// ErrorFieldsIn returns the problems of err by field in lang ("en" or
// Vietnamese, as Text.In); nil when err names no field.
func ErrorFieldsIn(err error, lang string) map[string]string {
	e := domainError(err)
	if e == nil || e.Fields == nil {
		return nil
	}
	out := make(map[string]string, len(e.Fields))
	for f, vi := range e.Fields {
		out[f] = Text{vi, e.FieldsEn[f]}.In(lang)
	}
	return out
}

// Problems collects what is wrong with an input, field by field: the one
// shape every Validate returns, so that a form, the JSON API, an Excel
// import and the command line all say the same thing about the same input.
type Problems map[string]Text

// Add records the problem of a field, written "Vietnamese (English)" as
// for Textf; the first problem of a field stays.
func (p Problems) Add(field, format string, args ...any) {
	p.put(field, Textf(format, args...))
}

func (p Problems) put(field string, t Text) {
	if _, ok := p[field]; !ok {
		t.En = capitalFirst(t.En)
		p[field] = t
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
	if e := domainError(err); len(e.Fields) > 0 {
		for f, vi := range e.Fields {
			p.put(f, Text{vi, e.FieldsEn[f]})
		}
		return nil
	}
	p.put(field, ErrorText(err))
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
// apart, in both languages.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	fields := make([]string, 0, len(p))
	for f := range p {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	e := &Error{Code: EINVALID, Fields: make(map[string]string, len(p)), FieldsEn: make(map[string]string, len(p))}
	vi, en := make([]string, 0, len(p)), make([]string, 0, len(p))
	for _, f := range fields {
		t := p[f]
		e.Fields[f], e.FieldsEn[f] = t.Vi, t.In("en")
		vi, en = append(vi, t.Vi), append(en, t.In("en"))
	}
	e.Message, e.MessageEn = strings.Join(vi, " "), strings.Join(en, " ")
	return e
}
