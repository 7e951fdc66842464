package docx

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Length is a distance on the page in twips (twentieths of a point), the
// unit of most WordprocessingML measures.
type Length int

// Pt returns a length of p points.
func Pt(p float64) Length { return Length(roundHalfUp(p * 20)) }

// Mm returns a length of m millimetres.
func Mm(m float64) Length { return Length(roundHalfUp(m * 1440 / 25.4)) }

// Cm returns a length of c centimetres.
func Cm(c float64) Length { return Mm(c * 10) }

func roundHalfUp(f float64) int {
	if f < 0 {
		return -int(-f + 0.5)
	}
	return int(f + 0.5)
}

// xmlBuf builds an XML part as text. Building by hand rather than with
// encoding/xml keeps the exact element order the WordprocessingML schema
// requires (Word refuses a file whose w:pPr children are out of order) and
// the prefixes Word expects.
type xmlBuf struct{ strings.Builder }

// raw writes markup as it is.
func (b *xmlBuf) raw(parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// text writes s escaped for element content or an attribute value.
func (b *xmlBuf) text(s string) { escapeTo(&b.Builder, s) }

// val writes an empty element with one w:val attribute: <w:jc w:val="both"/>.
func (b *xmlBuf) val(name, value string) {
	b.raw("<", name, ` w:val="`)
	b.text(value)
	b.raw(`"/>`)
}

// attrs writes an empty element with attributes given as name, value pairs.
func (b *xmlBuf) attrs(name string, pairs ...string) {
	b.raw("<", name)
	for i := 0; i+1 < len(pairs); i += 2 {
		b.raw(" ", pairs[i], `="`)
		b.text(pairs[i+1])
		b.raw(`"`)
	}
	b.raw("/>")
}

// escapeTo writes s with the five XML special characters escaped, invalid
// UTF-8 replaced by U+FFFD and the characters XML 1.0 forbids (most C0
// controls, lone surrogates, U+FFFE, U+FFFF) dropped: a stray control
// character pasted from another program must not make the file unreadable.
func escapeTo(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&apos;")
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case r == '\r':
			b.WriteString("&#xD;") // kept as data, not normalised away by parsers
		case !legalXML(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
}

// legalXML reports whether r may appear in an XML 1.0 document
// (production [2] Char). utf8.DecodeRuneInString already maps invalid
// bytes to U+FFFD, which is legal.
func legalXML(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	default:
		return r >= 0x10000 && r <= utf8.MaxRune
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func twips(l Length) string { return strconv.Itoa(int(l)) }
