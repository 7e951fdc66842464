package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// The trend's geometry in viewBox units. The chart is 360 units wide and
// scales with its container at a fixed aspect ratio; at 328 px (a phone)
// a unit is 0.91 px, so 13-unit text is 11.8 px and 2.5-unit lines 2.3 px.
const (
	trendWidth  = 360
	plotLeft    = 36  // room for the y labels
	plotRight   = 340 // half an x label of room on the right
	legendRow   = 20  // one legend row a series, above the plot
	plotHeight  = 160 // the plot's height
	lineWidth   = 2.5
	maxXLabels  = 6
	xLabelRoom  = 44 // units between x label centres: "dd/mm" is about 34 wide
	yLabelRoom  = 24 // units between y labels: 13-unit text and a gap
	legendChars = 40 // characters of a series name in the legend
	maxYLines   = 5  // intervals between gridlines at most
)

// style is how a series is drawn: a colour that reads 4.5:1 or more on
// white, and a dash and a marker shape that tell it apart without colour.
type style struct {
	colour string
	dash   string // stroke-dasharray; "" is a solid line
	marker string // circle, square, triangle or diamond
	hollow bool   // the marker is an outline on white
}

// seriesStyle is the style of the i-th series; the fifth repeats the first.
func seriesStyle(i int) style {
	switch i % 4 {
	case 1:
		return style{colour: "#8a4b00", dash: "7 4", marker: "square", hollow: true}
	case 2:
		return style{colour: "#6a3fb5", dash: "2 3", marker: "triangle"}
	case 3:
		return style{colour: "#176c32", dash: "9 3 2 3", marker: "diamond", hollow: true}
	}
	return style{colour: "#1f4e79", marker: "circle"}
}

// SVG draws the trend: a legend above, gridlines at round figures from 0 to
// Max, one line a series broken where a week is missing, a marker at every
// known figure, and at most six dd/mm labels under the weeks. Figures above
// Max are drawn at the top of the axis ([Trend.Table] and the description
// say them as they are).
//
// The <svg> has role="img", is named by its <title> (title and full series
// names) and described by its <desc> ([Trend.Desc]). With no figure at all
// it is a short box saying "Chưa có số liệu theo tuần".
func (t Trend) SVG() template.HTML {
	d := t.prepare()
	title, desc := d.titleText(), d.desc()
	id := chartID(title, desc)
	if d.empty() {
		return emptySVG(id, title, desc)
	}
	top := legendRow*len(d.names) + 14
	bottom := top + plotHeight
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-trend" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="%s-t %s-d" font-family="%s" font-size="%d">`,
		trendWidth, bottom+26, id, id, fontFamily, fontSize)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
	d.legend(&b)
	d.grid(&b, top)
	xs := d.xs()
	for _, k := range xLabels(xs) {
		fmt.Fprintf(&b, `<text class="x-label" x="%s" y="%d" text-anchor="middle" fill="%s">%s</text>`,
			coord(xs[k]), bottom+19, mutedText, dayMonth(d.points[k].Week))
	}
	for i := range d.names {
		d.series(&b, i, xs, top)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// emptySVG is the box of a trend with nothing to draw.
func emptySVG(id, title, desc string) template.HTML {
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-trend chart-empty" viewBox="0 0 %d 48" width="100%%" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="%s-t %s-d" font-family="%s" font-size="%d">`+
		`<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`+
		`<rect x="1" y="1" width="%d" height="46" rx="4" fill="#fff" stroke="#767676" stroke-width="2" stroke-dasharray="6 4"/>`+
		`<text x="%d" y="29" text-anchor="middle" fill="%s">%s</text></svg>`,
		trendWidth, id, id, fontFamily, fontSize, id, esc(title), id, esc(desc),
		trendWidth-2, trendWidth/2, mutedText, esc(noWeeks)))
}

// legend writes one row a series: a sample of its line and marker, then
// its name, cut with an ellipsis when long (the <title> has it whole).
func (d trend) legend(b *strings.Builder) {
	for i, name := range d.names {
		s, y := seriesStyle(i), float64(legendRow*i+16)
		fmt.Fprintf(b, `<g class="legend"><line x1="4" y1="%s" x2="34" y2="%s" stroke="%s" stroke-width="%s"%s/>`,
			coord(y-4.5), coord(y-4.5), s.colour, coord(lineWidth), dashAttr(s))
		marker(b, s, 19, y-4.5, "legend-marker")
		fmt.Fprintf(b, `<text x="42" y="%s" fill="%s">%s</text></g>`, coord(y), textColour, esc(truncate(name, legendChars)))
	}
}

// grid writes the horizontal gridlines and their figures.
func (d trend) grid(b *strings.Builder, top int) {
	for _, v := range yTicks(d.max) {
		y := d.y(v, top)
		colour, width := "#d9d9d9", "1"
		if v == 0 {
			colour, width = "#767676", "1.5"
		}
		fmt.Fprintf(b, `<line class="grid" x1="%d" y1="%s" x2="%d" y2="%s" stroke="%s" stroke-width="%s"/>`,
			plotLeft, coord(y), plotRight, coord(y), colour, width)
		fmt.Fprintf(b, `<text class="y-label" x="%d" y="%s" text-anchor="end" fill="%s">%s</text>`,
			plotLeft-6, coord(y+4.5), mutedText, number(v))
	}
}

// series writes series i: one polyline a run of known weeks, so that a
// missing week is a gap, and a marker at every known figure.
func (d trend) series(b *strings.Builder, i int, xs []float64, top int) {
	s := seriesStyle(i)
	fmt.Fprintf(b, `<g class="series series-%d">`, i+1)
	var run []string
	flush := func() {
		if len(run) > 1 {
			fmt.Fprintf(b, `<polyline class="line" points="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"%s/>`,
				strings.Join(run, " "), s.colour, coord(lineWidth), dashAttr(s))
		}
		run = run[:0]
	}
	for k, p := range d.points {
		v, ok := d.value(p, i)
		if !ok {
			flush()
			continue
		}
		run = append(run, coord(xs[k])+","+coord(d.y(v, top)))
	}
	flush()
	for k, p := range d.points {
		if v, ok := d.value(p, i); ok {
			marker(b, s, xs[k], d.y(v, top), "marker")
		}
	}
	b.WriteString(`</g>`)
}

// y is the height of figure v, held within 0..max.
func (d trend) y(v float64, top int) float64 {
	v = math.Max(0, math.Min(v, d.max))
	return float64(top) + plotHeight*(1-v/d.max)
}

// xs places the weeks along the plot by date, so that a week absent from
// the list leaves its room; one week, or one date, sits in the middle.
func (d trend) xs() []float64 {
	xs := make([]float64, len(d.points))
	first, last := d.points[0].Week, d.points[len(d.points)-1].Week
	span := last.Sub(first).Seconds()
	for k, p := range d.points {
		if span <= 0 {
			xs[k] = (plotLeft + plotRight) / 2
			continue
		}
		xs[k] = plotLeft + (plotRight-plotLeft)*p.Week.Sub(first).Seconds()/span
	}
	return xs
}

// xLabels picks the weeks that get a dd/mm label: every step-th week back
// from the last (the latest week is always named), at most six, and never
// two closer than a label's width.
func xLabels(xs []float64) []int {
	step := (len(xs) + maxXLabels - 1) / maxXLabels
	var picked []int
	prev := math.Inf(1)
	for k := len(xs) - 1; k >= 0; k -= step {
		if prev-xs[k] >= xLabelRoom {
			picked = append(picked, k)
			prev = xs[k]
		}
	}
	for i, j := 0, len(picked)-1; i < j; i, j = i+1, j-1 {
		picked[i], picked[j] = picked[j], picked[i]
	}
	return picked
}

// yTicks are the gridline figures from 0 to max, at most five intervals
// apart. A round step that divides max (3 for 9 criteria, 5 for 15
// communes) ends the axis on a gridline; otherwise the step is 1, 2 or 5
// times a power of ten, and max gets its own line, which replaces the last
// multiple when their labels would touch.
func yTicks(max float64) []float64 {
	step := yStep(max)
	var ticks []float64
	for v := 0.0; v < max-1e-9; v += step {
		ticks = append(ticks, v)
	}
	if n := len(ticks); n > 1 && (max-ticks[n-1])*plotHeight/max < yLabelRoom {
		ticks = ticks[:n-1]
	}
	return append(ticks, max)
}

// yStep is the distance between gridlines for an axis from 0 to max: of
// the whole round steps that divide max into at most five intervals, the
// widest that still gives three; failing that, 1, 2 or 5 times a power of
// ten.
func yStep(max float64) float64 {
	var fits []float64
	for mag := 1.0; mag <= max; mag *= 10 {
		for _, m := range []float64{1, 2, 2.5, 3, 4, 5} {
			s := m * mag
			if s == math.Trunc(s) && max/s <= maxYLines && math.Mod(max, s) == 0 {
				fits = append(fits, s)
			}
		}
	}
	for i := len(fits) - 1; i >= 0; i-- {
		if max/fits[i] >= 3 {
			return fits[i]
		}
	}
	if len(fits) > 0 {
		return fits[0]
	}
	for mag := 1.0; ; mag *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if max/(m*mag) <= maxYLines {
				return m * mag
			}
		}
	}
}

// dashAttr is s's stroke-dasharray attribute, or nothing for a solid line.
func dashAttr(s style) string {
	if s.dash == "" {
		return ""
	}
	return ` stroke-dasharray="` + s.dash + `"`
}

// marker writes s's marker centred on x, y.
func marker(b *strings.Builder, s style, x, y float64, class string) {
	fill := s.colour
	if s.hollow {
		fill = "#fff"
	}
	paint := fmt.Sprintf(`fill="%s" stroke="%s" stroke-width="2"`, fill, s.colour)
	switch s.marker {
	case "square":
		fmt.Fprintf(b, `<rect class="%s" x="%s" y="%s" width="9" height="9" %s/>`, class, coord(x-4.5), coord(y-4.5), paint)
	case "triangle":
		fmt.Fprintf(b, `<polygon class="%s" points="%s,%s %s,%s %s,%s" %s/>`, class,
			coord(x), coord(y-5.5), coord(x+5.5), coord(y+4.5), coord(x-5.5), coord(y+4.5), paint)
	case "diamond":
		fmt.Fprintf(b, `<polygon class="%s" points="%s,%s %s,%s %s,%s %s,%s" %s/>`, class,
			coord(x), coord(y-6), coord(x+6), coord(y), coord(x), coord(y+6), coord(x-6), coord(y), paint)
	default:
		fmt.Fprintf(b, `<circle class="%s" cx="%s" cy="%s" r="4.5" %s/>`, class, coord(x), coord(y), paint)
	}
}
