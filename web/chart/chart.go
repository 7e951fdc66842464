// Package chart draws the small charts of the dashboards as inline SVG on
// the server: progress bars ([Progress]) and weekly trend lines ([Trend])
// that read with no JavaScript, on a 360 px phone, on an old office PC and
// in black-and-white print.
//
// Every text that reaches a chart is escaped here, so the [template.HTML]
// values are safe to place in an html/template page as they are.
//
// A chart carries no style attribute and no <style> element: the pages'
// Content-Security-Policy (style-src 'self') would drop them. Colours,
// dashes and sizes are presentation attributes, and each chart has classes
// (chart, chart-progress, chart-trend, chart-data) for the page's own
// stylesheet, for instance to cap a trend's width on a wide screen.
//
// What a chart tells by colour it also tells without: the figures are
// written out, series differ by dash and marker shape, and every chart has
// an accessible name and description in words.
package chart

import (
	"hash/fnv"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Drawing constants shared by the charts. Text is 13 units high: a trend
// is 360 units wide, so on a 328 px phone column it is still 11.8 px.
const (
	fontFamily = `'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif`
	fontSize   = 13
	textColour = "#1f1f1f" // the page's body text, 16:1 on white
	mutedText  = "#4d4d4d" // axis labels, 8.5:1 on white
	ellipsis   = "…"
	noData     = "chưa có"
)

// esc escapes s for an XML or HTML text or attribute value.
func esc(s string) string { return template.HTMLEscapeString(s) }

// clean makes s fit for a chart: valid UTF-8, no control characters (XML
// refuses most of them), no outer spaces.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// truncate shortens s to at most n characters, the last an ellipsis. It
// never cuts a base letter from its combining accent (a name typed in
// decomposed form: "e" + U+0302 + U+0301).
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, count := 0, 0
	for i := range s {
		if count == n-1 {
			cut = i
			break
		}
		count++
	}
	for cut > 0 {
		r, _ := utf8.DecodeRuneInString(s[cut:])
		if !unicode.Is(unicode.Mn, r) {
			break
		}
		_, size := utf8.DecodeLastRuneInString(s[:cut])
		cut -= size
	}
	return strings.TrimRightFunc(s[:cut], unicode.IsSpace) + ellipsis
}

// number writes x the Vietnamese way: dots between thousands, a decimal
// comma, at most two decimals (1.234,5).
func number(x float64) string {
	r := math.Round(x*100) / 100
	neg := r < 0
	if neg {
		r = -r
	}
	s := strconv.FormatFloat(r, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// coord writes a drawing coordinate to a tenth of a unit, without "-0".
func coord(x float64) string {
	r := math.Round(x*10) / 10
	if r == 0 {
		r = 0
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// chartID names a chart's <title> and <desc> for aria-labelledby. It is a
// hash of what the chart says, so it is the same on every render, and two
// charts on one page share an id only when they say the same words.
func chartID(parts ...string) string {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return "chart-" + strconv.FormatUint(h.Sum64(), 36)
}
