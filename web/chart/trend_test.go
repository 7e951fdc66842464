package chart

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// ict is Vietnam's time, fixed: weeks start at local midnight.
var ict = time.FixedZone("ICT", 7*3600)

// weekly is a trend of two series over len(a) weeks from Monday 05/01/2026;
// a negative figure is a missing week.
func weekly(max float64, a, b []float64) Trend {
	t := Trend{Series: []string{"Tiêu chí huyện đạt", "Xã đạt chuẩn"}, Max: max}
	for k := range a {
		p := Point{Week: time.Date(2026, 1, 5+7*k, 0, 0, 0, 0, ict)}
		for _, v := range []float64{a[k], b[k]} {
			if v >= 0 {
				p.Values = append(p.Values, Num(v))
			} else {
				p.Values = append(p.Values, Value{})
			}
		}
		t.Points = append(t.Points, p)
	}
	return t
}

// present counts the known figures of a trend.
func present(t Trend) int {
	n := 0
	for _, p := range t.Points {
		for _, v := range p.Values {
			if _, ok := v.known(); ok {
				n++
			}
		}
	}
	return n
}

func TestTrendMarkersAndGaps(t *testing.T) {
	const x = -1 // a missing week
	tests := []struct {
		name  string
		trend Trend
		lines [2]int // polylines of each series
	}{
		{"whole", weekly(15, []float64{5, 6, 6, 7}, []float64{8, 9, 11, 12}), [2]int{1, 1}},
		{"one gap splits a line", weekly(15, []float64{5, 6, x, 7, 8}, []float64{8, 9, 10, 11, 12}), [2]int{2, 1}},
		{"alternate weeks leave markers only", weekly(9, []float64{1, x, 2, x, 3}, []float64{x, x, x, x, 4}), [2]int{0, 0}},
		{"one week", weekly(9, []float64{7}, []float64{3}), [2]int{0, 0}},
		{"all equal", weekly(9, []float64{4, 4, 4, 4}, []float64{4, 4, 4, 4}), [2]int{1, 1}},
		{"max 0", weekly(0, []float64{0, 0, 0}, []float64{0, 0, 0}), [2]int{1, 1}},
		{"above max", weekly(9, []float64{8, 9, 12}, []float64{3, 20, 40}), [2]int{1, 1}},
		{"NaN is missing", Trend{Series: []string{"a"}, Points: []Point{
			{Week: time.Date(2026, 1, 5, 0, 0, 0, 0, ict), Values: []Value{Num(2)}},
			{Week: time.Date(2026, 1, 12, 0, 0, 0, 0, ict), Values: []Value{Num(math.NaN())}},
			{Week: time.Date(2026, 1, 19, 0, 0, 0, 0, ict)},
		}}, [2]int{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := mustParse(t, string(tt.trend.SVG()))
			if got, want := len(root.class("marker")), present(tt.trend); got != want {
				t.Errorf("%d markers, want %d, one a known figure", got, want)
			}
			for i, want := range tt.lines[:len(tt.trend.Series)] {
				series := root.class(fmt.Sprintf("series-%d", i+1))
				if len(series) != 1 {
					t.Fatalf("series %d drawn %d times", i+1, len(series))
				}
				if got := len(series[0].tag("polyline")); got != want {
					t.Errorf("series %d: %d polylines, want %d", i+1, got, want)
				}
			}
			if got := root.attr("role"); got != "img" {
				t.Errorf("role = %q, want img", got)
			}
			mustParse(t, string(tt.trend.Table()))
		})
	}
}

func TestTrendClamps(t *testing.T) {
	tr := weekly(9, []float64{8, 9, 12}, []float64{3, 4, 5})
	root := mustParse(t, string(tr.SVG()))
	first := root.class("series-1")[0].class("marker")
	if got, want := first[2].attr("cy"), first[1].attr("cy"); got != want {
		t.Errorf("12 of 9 drawn at cy %s, want the top of the axis %s (where 9 is)", got, want)
	}
	table := string(tr.Table())
	mustParse(t, table)
	if !strings.Contains(table, "<td>12</td>") {
		t.Errorf("table lacks the true figure 12:\n%s", table)
	}
	if !strings.Contains(tr.Desc(), "đến 12 (tuần 19/01/2026)") {
		t.Errorf("desc lacks the true last figure: %s", tr.Desc())
	}
}

func TestTrendAxis(t *testing.T) {
	tests := []struct {
		max  float64
		want string
	}{
		{9, "0 3 6 9"},
		{15, "0 5 10 15"},
		{12, "0 4 8 12"},
		{10, "0 2 4 6 8 10"},
		{2, "0 1 2"},
		{26, "0 10 20 26"},
		{7, "0 2 4 7"}, // 6 would touch 7
		{60, "0 20 40 60"},
		{1, "0 1"},
		{0.5, "0 0,5"},
		{100, "0 25 50 75 100"},
		{101, "0 50 101"}, // 100 would touch 101
		{1e6, "0 250.000 500.000 750.000 1.000.000"},
	}
	for _, tt := range tests {
		tr := weekly(tt.max, []float64{0, 1}, []float64{0, 1})
		labels := mustParse(t, string(tr.SVG())).class("y-label")
		var got []string
		for _, l := range labels {
			got = append(got, l.Text)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("max %v: y labels %q, want %q", tt.max, got, tt.want)
		}
	}
	// Max 0: the axis goes to the largest figure.
	tr := weekly(0, []float64{3, 7}, []float64{1, 2})
	if labels := mustParse(t, string(tr.SVG())).class("y-label"); labels[len(labels)-1].Text != "7" {
		t.Errorf("max 0: top label %q, want 7", labels[len(labels)-1].Text)
	}
}

func TestTrendXLabels(t *testing.T) {
	for _, n := range []int{1, 2, 4, 6, 7, 13, 26, 52} {
		a := make([]float64, n)
		tr := weekly(9, a, a)
		labels := mustParse(t, string(tr.SVG())).class("x-label")
		if len(labels) == 0 || len(labels) > 6 {
			t.Errorf("%d weeks: %d x labels, want 1..6", n, len(labels))
			continue
		}
		last := tr.Points[n-1].Week.Format("02/01")
		if labels[len(labels)-1].Text != last {
			t.Errorf("%d weeks: last label %q, want the latest week %s", n, labels[len(labels)-1].Text, last)
		}
		for i := 1; i < len(labels); i++ {
			var x0, x1 float64
			fmt.Sscan(labels[i-1].attr("x"), &x0)
			fmt.Sscan(labels[i].attr("x"), &x1)
			// 44 units are 40 px on a 328 px phone: "dd/mm" at 11.8 px is about 31.
			if x1-x0 < xLabelRoom {
				t.Errorf("%d weeks: labels %q and %q only %v apart", n, labels[i-1].Text, labels[i].Text, x1-x0)
			}
		}
	}
	if got := len(mustParse(t, string(weekly(9, make([]float64, 26), make([]float64, 26)).SVG())).class("x-label")); got != 6 {
		t.Errorf("26 weeks: %d x labels, want 6", got)
	}
}

func TestTrendWords(t *testing.T) {
	const x = -1
	tr := weekly(15, []float64{x, 5, 6, 7, x}, []float64{8, x, x, x, x})
	tr.Title = "Huyện Thạch Thất"
	want := "Biểu đồ đường theo tuần, 5 tuần, từ 05/01/2026 đến 02/02/2026; trục dọc từ 0 đến 15." +
		" Tiêu chí huyện đạt: từ 5 (tuần 12/01/2026) đến 7 (tuần 26/01/2026), thiếu số liệu 2 tuần." +
		" Xã đạt chuẩn: 8 (tuần 05/01/2026), thiếu số liệu 4 tuần."
	if got := tr.Desc(); got != want {
		t.Errorf("Desc =\n%s\nwant\n%s", got, want)
	}
	root := mustParse(t, string(tr.SVG()))
	title, desc := root.tag("title")[0], root.tag("desc")[0]
	if desc.Text != want {
		t.Errorf("<desc> = %q, want Desc", desc.Text)
	}
	if title.Text != "Huyện Thạch Thất: Tiêu chí huyện đạt; Xã đạt chuẩn" {
		t.Errorf("<title> = %q", title.Text)
	}
	if got, want := root.attr("aria-labelledby"), title.attr("id")+" "+desc.attr("id"); got != want {
		t.Errorf("aria-labelledby = %q, want %q", got, want)
	}
	if once, again := tr.SVG(), tr.SVG(); once != again {
		t.Error("two renders of the same trend differ")
	}

	one := weekly(9, []float64{7}, []float64{x})
	if got, want := one.Desc(), "Biểu đồ đường theo tuần, 1 tuần (05/01/2026); trục dọc từ 0 đến 9. Tiêu chí huyện đạt: 7 (tuần 05/01/2026). Xã đạt chuẩn: chưa có số liệu."; got != want {
		t.Errorf("one week: Desc = %q, want %q", got, want)
	}
}

func TestTrendEmpty(t *testing.T) {
	for name, tr := range map[string]Trend{
		"no points": {Series: []string{"Tiêu chí huyện đạt"}, Max: 9},
		"no series": {Points: []Point{{Week: time.Date(2026, 1, 5, 0, 0, 0, 0, ict)}}},
		"no figure": weekly(9, []float64{-1, -1}, []float64{-1, -1}),
	} {
		root := mustParse(t, string(tr.SVG()))
		if got := root.texts(); len(got) != 1 || got[0] != "Chưa có số liệu theo tuần" {
			t.Errorf("%s: texts %q, want the no-data message", name, got)
		}
		if got := root.tag("desc")[0].Text; got != "Chưa có số liệu theo tuần." {
			t.Errorf("%s: <desc> = %q", name, got)
		}
		mustParse(t, "<div>"+string(tr.Table())+"</div>")
	}
}

func TestTrendNamesEscapedAndCut(t *testing.T) {
	long := "Số xã đạt chuẩn nông thôn mới nâng cao và nông thôn mới kiểu mẫu trên địa bàn huyện"
	tr := weekly(9, []float64{1, 2}, []float64{3, 4})
	tr.Series = []string{"<script>alert(1)</script>", long}
	tr.Title = `Huyện "A" & <B>`
	for name, out := range map[string]string{"SVG": string(tr.SVG()), "Table": string(tr.Table())} {
		if strings.Contains(out, "<script>") || strings.Contains(out, "<B>") {
			t.Errorf("%s: a name is not escaped:\n%s", name, out)
		}
		if !strings.Contains(out, "&lt;script&gt;") {
			t.Errorf("%s: the escaped name is missing:\n%s", name, out)
		}
	}
	root := mustParse(t, string(tr.SVG()))
	legend := root.class("legend")
	if got := legend[0].tag("text")[0].Text; got != "<script>alert(1)</script>" {
		t.Errorf("legend 1 = %q", got)
	}
	cut := legend[1].tag("text")[0].Text
	if !strings.HasSuffix(cut, "…") || len([]rune(cut)) > legendChars {
		t.Errorf("legend 2 = %q, want at most %d characters ending in …", cut, legendChars)
	}
	if title := root.tag("title")[0].Text; !strings.Contains(title, long) {
		t.Errorf("<title> %q lacks the full name", title)
	}
}

func TestTruncateKeepsAccents(t *testing.T) {
	decomposed := "Vie\u0302\u0323t Nam" // ệ typed as e + two accents
	if got := truncate(decomposed, 4); got != "Vi…" {
		t.Errorf("truncate(%q, 4) = %q, want Vi…", decomposed, got)
	}
	if got := truncate("Xã đạt", 10); got != "Xã đạt" {
		t.Errorf("short text changed: %q", got)
	}
}

func TestNumber(t *testing.T) {
	for x, want := range map[float64]string{0: "0", 7: "7", 1234: "1.234", 1234567.5: "1.234.567,5", 0.125: "0,13", -3.5: "-3,5"} {
		if got := number(x); got != want {
			t.Errorf("number(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestTrendFourSeries(t *testing.T) {
	tr := Trend{Series: []string{"Một\x00\x1b", "", "Ba", "Bốn"}, Max: 9}
	for k := range 3 {
		tr.Points = append(tr.Points, Point{
			Week:   time.Date(2026, 1, 5+7*k, 0, 0, 0, 0, ict),
			Values: []Value{Num(1), Num(2), Num(float64(3 + k)), Num(4)},
		})
	}
	root := mustParse(t, string(tr.SVG()))
	if got := len(root.class("marker")); got != 12 {
		t.Errorf("%d markers, want 12", got)
	}
	shapes := map[string]int{}
	for _, m := range root.class("legend-marker") {
		shapes[m.XMLName.Local]++
	}
	if shapes["circle"] != 1 || shapes["rect"] != 1 || shapes["polygon"] != 2 {
		t.Errorf("legend markers %v, want a circle, a square and two polygons", shapes)
	}
	dashes := map[string]bool{}
	for _, l := range root.class("line") {
		dashes[l.attr("stroke-dasharray")] = true
	}
	if len(dashes) != 4 {
		t.Errorf("line dashes %v, want four different ones", dashes)
	}
	if got := root.tag("title")[0].Text; got != "Diễn biến theo tuần: Một; Dãy 2; Ba; Bốn" {
		t.Errorf("<title> = %q", got)
	}
}
