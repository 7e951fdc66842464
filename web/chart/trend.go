package chart

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Trend is a weekly line chart of one or more series over the same weeks,
// for instance a district's criteria met (0..9) and its communes meeting
// the standard (0..number of communes), over the last 4 to 26 weeks.
//
// The series share one vertical axis from 0 to Max: give the larger of the
// two ranges (max(9, communes)). Series are told apart by their position,
// not by colour alone: the first is solid with round markers, the second
// dashed with hollow square markers, then dotted with triangles, then
// dash-dotted with hollow diamonds; a fifth series looks like the first.
type Trend struct {
	Title  string   // e.g. "Diễn biến theo tuần"; empty for that default
	Series []string // the series' names, in the order of Point.Values
	Max    float64  // top of the axis; 0 or less: the largest value shown
	Points []Point  // any order: the chart sorts a copy by Week
}

// Point is one week: its date (the week's first day, say) and one Value
// per series, in the order of Trend.Series. Values missing at the end are
// missing weeks of those series.
type Point struct {
	Week   time.Time
	Values []Value
}

// Value is one week's figure of one series. The zero Value is a missing
// figure: the line breaks there instead of falling to 0.
type Value struct {
	N  float64
	OK bool
}

// Num is the known figure n; NaN and infinities count as missing.
func Num(n float64) Value { return Value{N: n, OK: true} }

// known is v's figure, and false when v is missing.
func (v Value) known() (float64, bool) {
	if !v.OK || math.IsNaN(v.N) || math.IsInf(v.N, 0) {
		return 0, false
	}
	return v.N, true
}

// noWeeks is the message of a trend with nothing to draw.
const noWeeks = "Chưa có số liệu theo tuần"

// trend is a Trend made ready to draw: clean names, points sorted by week,
// a positive axis maximum.
type trend struct {
	title  string
	names  []string
	points []Point
	max    float64
}

// prepare cleans t for drawing without changing the caller's slices.
func (t Trend) prepare() trend {
	d := trend{title: clean(t.Title), max: t.Max}
	if d.title == "" {
		d.title = "Diễn biến theo tuần"
	}
	for i, name := range t.Series {
		name = clean(name)
		if name == "" {
			name = "Dãy " + strconv.Itoa(i+1)
		}
		d.names = append(d.names, name)
	}
	d.points = slices.Clone(t.Points)
	slices.SortStableFunc(d.points, func(a, b Point) int { return a.Week.Compare(b.Week) })
	if !(d.max > 0) || math.IsInf(d.max, 0) {
		d.max = 0
		for _, p := range d.points {
			for i := range d.names {
				if v, ok := d.value(p, i); ok {
					d.max = math.Max(d.max, v)
				}
			}
		}
		if d.max <= 0 {
			d.max = 1
		}
	}
	return d
}

// value is series i's figure in week p, and false when it is missing.
func (d trend) value(p Point, i int) (float64, bool) {
	if i >= len(p.Values) {
		return 0, false
	}
	return p.Values[i].known()
}

// empty reports whether there is no figure to draw at all.
func (d trend) empty() bool {
	for _, p := range d.points {
		for i := range d.names {
			if _, ok := d.value(p, i); ok {
				return false
			}
		}
	}
	return true
}

// titleText is the chart's <title>: its title and every series' full name.
func (d trend) titleText() string {
	if len(d.names) == 0 {
		return d.title
	}
	return d.title + ": " + strings.Join(d.names, "; ")
}

// Desc is the chart in words, as its <desc> says it: the weeks, the axis,
// and each series' first and last figures with their weeks.
func (t Trend) Desc() string { return t.prepare().desc() }

func (d trend) desc() string {
	if d.empty() {
		return noWeeks + "."
	}
	first, last := d.points[0].Week, d.points[len(d.points)-1].Week
	var b strings.Builder
	b.WriteString("Biểu đồ đường theo tuần, ")
	if len(d.points) == 1 {
		fmt.Fprintf(&b, "1 tuần (%s)", fullDate(first))
	} else {
		fmt.Fprintf(&b, "%d tuần, từ %s đến %s", len(d.points), fullDate(first), fullDate(last))
	}
	fmt.Fprintf(&b, "; trục dọc từ 0 đến %s.", number(d.max))
	for i, name := range d.names {
		b.WriteString(" " + name + ": " + d.seriesWords(i) + ".")
	}
	return b.String()
}

// seriesWords says series i's first and last known figures and how many
// weeks lack one. Figures above the axis are said as they are.
func (d trend) seriesWords(i int) string {
	var known []int
	for k, p := range d.points {
		if _, ok := d.value(p, i); ok {
			known = append(known, k)
		}
	}
	if len(known) == 0 {
		return noData + " số liệu"
	}
	say := func(k int) string {
		v, _ := d.value(d.points[k], i)
		return number(v) + " (tuần " + fullDate(d.points[k].Week) + ")"
	}
	words := say(known[0])
	if len(known) > 1 {
		words = "từ " + words + " đến " + say(known[len(known)-1])
	}
	if missing := len(d.points) - len(known); missing > 0 {
		words += ", thiếu số liệu " + strconv.Itoa(missing) + " tuần"
	}
	return words
}

// Table is the chart's figures as a plain HTML table, one row a week
// (dd/mm/yyyy) and one column a series, for screen readers and printed
// appendices. Missing figures say "chưa có"; figures above the axis are
// written as they are. With no weeks it is a paragraph saying so.
func (t Trend) Table() template.HTML {
	d := t.prepare()
	if len(d.points) == 0 {
		return template.HTML(`<p class="chart-data">` + esc(noWeeks) + `</p>`)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<table class="chart-data"><caption>%s</caption><thead><tr><th scope="col">Tuần</th>`, esc(d.title))
	for _, name := range d.names {
		fmt.Fprintf(&b, `<th scope="col">%s</th>`, esc(name))
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, p := range d.points {
		fmt.Fprintf(&b, `<tr><th scope="row">%s</th>`, fullDate(p.Week))
		for i := range d.names {
			cell := noData
			if v, ok := d.value(p, i); ok {
				cell = number(v)
			}
			fmt.Fprintf(&b, `<td>%s</td>`, esc(cell))
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return template.HTML(b.String())
}

// fullDate is t's date as dd/mm/yyyy in t's own location.
func fullDate(t time.Time) string { return t.Format("02/01/2006") }

// dayMonth is t's date as dd/mm, the x axis labels.
func dayMonth(t time.Time) string { return t.Format("02/01") }
