package datchuan

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
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

// SortByName orders items by a name the Vietnamese way (Đ after D, tones
// after the bare letter), the order officers expect in any list; items of
// equal names keep their order.
func SortByName[T any](items []T, name func(T) string) {
	c := collate.New(language.Vietnamese) // not safe for concurrent use: one per call
	sort.SliceStable(items, func(i, j int) bool { return c.CompareString(name(items[i]), name(items[j])) < 0 })
}

// CompareNames compares two names the Vietnamese way, for sorts that order
// by more than a name.
func CompareNames() func(a, b string) int {
	c := collate.New(language.Vietnamese)
	return c.CompareString
}
