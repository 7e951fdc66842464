package datchuan

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date with no time zone: validity bounds, as-of dates and
// deadlines. The zero Date means "not set" (an open bound).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{y, m, d} }

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// The shapes of a date people and files write: ISO (2022-06-22) and
// Vietnamese (22/06/2022, or 22/6/2022).
var (
	isoDate = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	vnDate  = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
)

// The years of the dates people write: every document, report and
// deadline of the programme falls within them. A year outside (0000, 1900,
// 2202) is a typing mistake, and one PostgreSQL would not even store.
const (
	MinYear = 1945
	MaxYear = 2100
)

// ParseDate reads an ISO date (2022-06-22) or a Vietnamese one (22/06/2022)
// that people or files write. A text of another shape is refused as such; a
// date of the right shape that is not in the calendar (31/02/2022) is
// refused as a date that does not exist, so that nobody looks for a typing
// mistake in the format; a date outside MinYear–MaxYear is refused as
// such (CheckRange). Every date typed (forms, JSON, ?on=, workbooks, set
// files) comes through here.
func ParseDate(s string) (Date, error) {
	d, err := parseDate(s)
	if err == nil {
		err = d.CheckRange()
	}
	if err != nil {
		return Date{}, err
	}
	return d, nil
}

// CheckRange refuses a date whose year is outside MinYear–MaxYear.
func (d Date) CheckRange() error {
	if d.Year < MinYear || d.Year > MaxYear {
		return Errorf(EINVALID, "Ngày %s nằm ngoài khoảng năm %d–%d; hãy kiểm tra năm (the date must fall between %d and %d)",
			d.VN(), MinYear, MaxYear, MinYear, MaxYear)
	}
	return nil
}

// parseDate is ParseDate without the range of years: the shape and the
// calendar only.
func parseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	var y, m, d int
	if p := isoDate.FindStringSubmatch(s); p != nil {
		y, m, d = atoi(p[1]), atoi(p[2]), atoi(p[3])
	} else if p := vnDate.FindStringSubmatch(s); p != nil {
		d, m, y = atoi(p[1]), atoi(p[2]), atoi(p[3])
	} else {
		return Date{}, Errorf(EINVALID, "Ngày %q cần dạng dd/mm/yyyy (the date must be dd/mm/yyyy)", s)
	}
	if m < 1 || m > 12 {
		return Date{}, Errorf(EINVALID, "Ngày %s không có thật: không có tháng %d (no such date: there is no month %d)", s, m, m)
	}
	if n := daysIn(y, time.Month(m)); d < 1 || d > n {
		return Date{}, Errorf(EINVALID, "Ngày %s không có thật: tháng %d/%d chỉ có %d ngày (no such date: month %d of %d has %d days)", s, m, y, n, m, y, n)
	}
	return Date{y, time.Month(m), d}, nil
}

// daysIn is the number of days of month m of year y.
func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// atoi reads the digits a date pattern matched.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// MustDate is ParseDate for literals known to be valid; it panics otherwise.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// AddDays returns the date n days after d (before, for negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.Time(time.UTC).AddDate(0, 0, n)) }

// String formats d as ISO 8601 (2022-06-22), or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// VN formats d the Vietnamese way: 22/06/2022.
func (d Date) VN() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
}

// MarshalText writes the ISO form, so JSON carries "2022-06-22" (or "").
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the forms ParseDate accepts; "" is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	*d = v
	return err
}

// Value stores a Date as ISO text (NULL when zero); both databases accept it.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a Date from text or a time.Time (PostgreSQL DATE columns).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = DateOf(v.UTC())
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	}
	return fmt.Errorf("scan date: unsupported type %T", src)
}

// scanText reads a stored date. What is stored is read back whatever its
// year, so that a date stored before the range of years was checked (an
// old SQLite database holds 0000-01-01) does not make its page fail.
func (d *Date) scanText(s string) error {
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := parseDate(s)
	*d = v
	return err
}

// Within reports whether d falls in the half-open interval [from, to), where
// a zero from is open to the past and a zero to open to the future.
func (d Date) Within(from, to Date) bool {
	return (from.IsZero() || !d.Before(from)) && (to.IsZero() || d.Before(to))
}
