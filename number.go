package datchuan

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// errUnreadable is parseNumber's answer to a text that is no number at all:
// the caller says which shapes a value takes.
var errUnreadable = errors.New("not a number")

// parseNumber reads a number as people type it, by one rule:
//   - digits with at most one decimal separator, a comma or a dot: 1234,5
//     or 1234.5;
//   - dots between full groups of three digits as thousands separators,
//     and then a comma as the decimal one: 1.234.567, 1.234,5;
//   - a lone dot or comma before exactly three digits (47.000, 1,234) is
//     either, and a Vietnamese reader means 47 000 where a program means
//     47: it is refused with both readings, and ways to write each;
//   - no sign (no indicator takes a negative value), no exponent, no hex,
//     no underscores: 0x1p4, 1_000, 1e2, -0 and Inf are what strconv
//     reads, not what an officer writes.
//
// The error is errUnreadable, or an EINVALID one that names s and says
// what is wrong. Numeric cells of a workbook are numbers already and do
// not come here.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errUnreadable
	}
	if s[0] == '-' || s[0] == '+' {
		if _, err := parseNumber(s[1:]); err != nil {
			return 0, err
		}
		return 0, Errorf(EINVALID, "%q: không viết dấu %c trước số, chỉ tiêu này không có giá trị âm (no sign: this indicator takes no negative value)", s, s[0])
	}
	if strings.Trim(s, "0123456789.,") != "" {
		return 0, errUnreadable
	}
	whole, frac, err := splitNumber(s)
	if err != nil {
		return 0, err
	}
	if frac != "" {
		whole += "." + frac
	}
	x, perr := strconv.ParseFloat(whole, 64)
	if perr != nil || math.IsInf(x, 0) {
		return 0, errUnreadable
	}
	return x, nil
}

// splitNumber splits a text of digits, dots and commas into its whole
// digits and its decimal digits, by parseNumber's rule.
func splitNumber(s string) (whole, frac string, err error) {
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case dots == 0 && commas == 0:
		return s, "", nil
	case commas > 1:
		return "", "", errUnreadable
	case dots+commas == 1:
		sep := strings.IndexAny(s, ".,")
		whole, frac = s[:sep], s[sep+1:]
		if whole == "" || frac == "" {
			return "", "", errUnreadable
		}
		if len(frac) == 3 && len(whole) <= 3 && whole[0] != '0' {
			return "", "", ambiguous(s, whole, frac)
		}
		return whole, frac, nil
	}
	// Thousands dots, and perhaps a decimal comma after them.
	grouped, frac, hasFrac := strings.Cut(s, ",")
	if hasFrac && (frac == "" || strings.Contains(frac, ".")) {
		return "", "", errUnreadable
	}
	groups := strings.Split(grouped, ".")
	if len(groups[0]) < 1 || len(groups[0]) > 3 || groups[0][0] == '0' {
		return "", "", errUnreadable
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", "", errUnreadable
		}
	}
	return strings.Join(groups, ""), frac, nil
}

// ambiguous is the refusal of s, whole and three digits frac around a lone
// separator: both readings, and how to write each so it reads one way.
func ambiguous(s, whole, frac string) error {
	dec := whole
	if f := strings.TrimRight(frac, "0"); f != "" {
		dec += "," + f
	}
	writeDec := dec
	if strings.TrimRight(frac, "0") == frac {
		writeDec += "0" // a fourth decimal: 1,2340 is no thousands group
	}
	thousands, writeThousands := whole+" "+frac, whole+frac
	return Errorf(EINVALID, "%q có thể là %s hay %s: dấu %q trước đúng ba chữ số vừa là dấu thập phân vừa là dấu hàng nghìn. Hãy viết %s hoặc %s (%q may mean %s or %s: write %s or %s)",
		s, dec, thousands, string(s[len(whole)]), writeDec, writeThousands, s, dec, thousands, writeDec, writeThousands)
}
