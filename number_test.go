package datchuan_test

import (
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
)

// Typed numbers follow one rule (parseNumber): digits with at most one
// decimal separator, dots as thousands separators only in full groups
// and then a decimal comma; a lone separator before exactly three digits
// is ambiguous, and no sign, exponent, hex or underscore is read.
func TestParseNumberRule(t *testing.T) {
	amount := datchuan.KindAmountMin // triệu đồng/người/năm: where 47.000 misleads
	for in, want := range map[string]float64{
		"47": 47, "47000": 47000, "0": 0, "007": 7,
		"47,5": 47.5, "47.5": 47.5, "1234,5": 1234.5, "1234.5": 1234.5,
		"1.234,5": 1234.5, "1.234.567": 1234567, "12.345.678,25": 12345678.25,
		"0,125": 0.125, "0.125": 0.125, // no thousands group starts with 0
		"1234.567": 1234.567, "1,2340": 1.234, "2,50": 2.5, " 47 ": 47,
	} {
		m, err := datchuan.ParseMeasure(amount, in)
		if err != nil || m != datchuan.NumberMeasure(want) {
			t.Errorf("%q = %v, %v; want %v", in, m, err, want)
		}
	}
	for in, want := range map[string][]string{
		"47.000":                       {"47 hay 47 000", "Hãy viết 47 hoặc 47000"},
		"1,234":                        {"1,234 hay 1 234", "1,2340 hoặc 1234"},
		"2.500":                        {"2,5 hay 2 500"},
		"1.200/300":                    {`"1.200"`, "1,2 hay 1 200"},
		"-0":                           {"không viết dấu -"},
		"+5":                           {"không viết dấu +"},
		"-3":                           {"không viết dấu -"},
		"0x1p4":                        {"không đọc được"},
		"1_000":                        {"không đọc được"},
		"1e2":                          {"không đọc được"},
		"Inf":                          {"không đọc được"},
		"NaN":                          {"không đọc được"},
		"1,234.5":                      {"không đọc được"}, // a comma for thousands is not Vietnamese
		"1,2,3":                        {"không đọc được"},
		"1.23,4":                       {"không đọc được"},
		"1.234.5":                      {"không đọc được"},
		"01.234,5":                     {"không đọc được"},
		".5":                           {"không đọc được"},
		"5.":                           {"không đọc được"},
		"1 234":                        {"không đọc được"},
		"١٢":                           {"không đọc được"}, // digits of another script
		"1" + strings.Repeat("0", 400): {"không đọc được"},
	} {
		_, err := datchuan.ParseMeasure(amount, in)
		if datchuan.ErrorCode(err) != datchuan.EINVALID {
			t.Errorf("%q: %v, want EINVALID", in, err)
			continue
		}
		for _, w := range want {
			if msg := datchuan.ErrorText(err).Vi; !strings.Contains(msg, w) {
				t.Errorf("%q: message %q lacks %q", in, msg, w)
			}
		}
	}
}
