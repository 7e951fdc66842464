package datchuan

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold turns Vietnamese text into a search key: lower case, no tone marks or
// other diacritics, đ as d, runs of spaces collapsed. "Xã Hiệp Mỹ Đông" and
// "xa hiep my dong" fold to the same key, and so do "Hòa" and "Hoà".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
