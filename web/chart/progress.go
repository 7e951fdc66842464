package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Tone is the colour the caller gives a bar's fill; the zero Tone is
// Neutral. A tone adds emphasis only: the figure says the same in print.
type Tone int

// The tones, in the page's status colours (each 4.5:1 or more on white).
const (
	Neutral Tone = iota
	Good
	Warn
	Bad
)

// colour is the fill of a bar of tone t.
func (t Tone) colour() string {
	switch t {
	case Good:
		return "#176c32"
	case Warn:
		return "#7a5f00"
	case Bad:
		return "#b3261e"
	}
	return "#5f6368"
}

// Progress is one progress bar: Value of Total, for instance "criteria
// met 7/9" or "communes meeting the standard 12/15".
type Progress struct {
	Label string // Vietnamese, e.g. "Tiêu chí đạt"; escaped when drawn
	Value int
	Total int // 0 or less: nothing to count yet, the bar says "chưa có"
	Tone  Tone
}

// The bar's geometry, in px: it keeps its height and text size on every
// screen and stretches only in width.
const (
	progressHeight = 38
	progressBarY   = 20
	progressBarH   = 14
	phoneWidth     = 328 // a 360 px phone less the page's padding
)

// Percent is Value as a whole percentage of Total, and false when Total is
// 0 or less. It says 100 only when Value reaches Total and 0 only when
// Value is 0: a district one commune short must not read "100%".
func (p Progress) Percent() (int, bool) {
	if p.Total <= 0 {
		return 0, false
	}
	pct := int(math.Round(100 * float64(p.Value) / float64(p.Total)))
	switch {
	case pct >= 100 && p.Value < p.Total:
		pct = 99
	case pct <= 0 && p.Value > 0:
		pct = 1
	}
	return pct, true
}

// Figure is what the bar writes beside it: "7/9 (78%)", or "chưa có" when
// there is no total. A value above the total is written as it is.
func (p Progress) Figure() string {
	pct, ok := p.Percent()
	if !ok {
		return noData
	}
	return number(float64(p.Value)) + "/" + number(float64(p.Total)) + " (" + strconv.Itoa(pct) + "%)"
}

// Text is the bar in words, its accessible name: "Tiêu chí đạt: 7/9 (78%)".
func (p Progress) Text() string {
	if label := clean(p.Label); label != "" {
		return label + ": " + p.Figure()
	}
	return p.Figure()
}

// fill is the filled share of the bar in percent, within 0..100.
func (p Progress) fill() float64 {
	if p.Total <= 0 || p.Value <= 0 {
		return 0
	}
	return math.Min(100, 100*float64(p.Value)/float64(p.Total))
}

// SVG draws the bar: the label on the left and the figure on the right of
// one line, the bar under them, the full width of its container.
//
// It has no viewBox, unlike [Trend.SVG]: its coordinates are percentages of
// its width, so a bar as wide as a desktop panel keeps 13 px text and a
// 14 px bar instead of growing three times as tall. The label is cut with
// an ellipsis where it would run into the figure on a 328 px phone column;
// the accessible name and the tooltip (<title>) keep it whole.
func (p Progress) SVG() template.HTML {
	name, figure := p.Text(), p.Figure()
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-progress" width="100%%" height="%d" role="img" aria-label="%s" font-family="%s" font-size="%d">`,
		progressHeight, esc(name), fontFamily, fontSize)
	fmt.Fprintf(&b, `<title>%s</title>`, esc(name))
	if label := clean(p.Label); label != "" {
		fmt.Fprintf(&b, `<text x="0" y="14" fill="%s">%s</text>`, textColour, esc(truncate(label, labelRoom(figure))))
	}
	fmt.Fprintf(&b, `<text x="100%%" y="14" text-anchor="end" font-weight="700" fill="%s">%s</text>`, textColour, esc(figure))
	fmt.Fprintf(&b, `<rect class="track" x="0" y="%d" width="100%%" height="%d" rx="2" fill="#e3e3e3"/>`, progressBarY, progressBarH)
	if f := p.fill(); f > 0 {
		fmt.Fprintf(&b, `<rect class="fill" x="0" y="%d" width="%s%%" height="%d" rx="2" fill="%s"/>`, progressBarY, coord(f), progressBarH, p.Tone.colour())
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// labelRoom is how many characters of label fit left of figure on a phone
// column: about 7 px a character of 13 px text, 8 px for the bold figure,
// and a 12 px gap.
func labelRoom(figure string) int {
	room := (phoneWidth - 8*utf8.RuneCountInString(figure) - 12) / 7
	return max(room, 8)
}
