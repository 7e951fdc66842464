package chart_test

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/datchuan/datchuan/web/chart"
)

// A district's panel on the province dashboard: two bars and the weekly
// trend, with its figures as a table for screen readers and print.
func Example() {
	page := template.Must(template.New("district").Parse(
		`<section>{{range .Bars}}{{.SVG}}{{end}}{{.Trend.SVG}}<details><summary>Số liệu</summary>{{.Trend.Table}}</details></section>`))

	ict := time.FixedZone("ICT", 7*3600)
	week := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, ict) }
	communes := 15
	trend := chart.Trend{
		Title:  "Huyện Thạch Thất",
		Series: []string{"Tiêu chí huyện đạt", "Xã đạt chuẩn"},
		Max:    float64(max(9, communes)), // one axis for both series
		Points: []chart.Point{
			{Week: week(2), Values: []chart.Value{chart.Num(6), chart.Num(10)}},
			{Week: week(9), Values: []chart.Value{chart.Num(7), {}}}, // no commune report that week
			{Week: week(16), Values: []chart.Value{chart.Num(7), chart.Num(12)}},
		},
	}
	criteria := chart.Progress{Label: "Tiêu chí đạt", Value: 7, Total: 9, Tone: chart.Warn}
	data := struct {
		Bars  []chart.Progress
		Trend chart.Trend
	}{
		Bars: []chart.Progress{
			criteria,
			{Label: "Xã đạt chuẩn", Value: 12, Total: communes, Tone: chart.Good},
		},
		Trend: trend,
	}
	var html strings.Builder
	if err := page.Execute(&html, data); err != nil {
		fmt.Println(err)
	}
	fmt.Println(strings.Count(html.String(), "<svg"), "charts,", strings.Count(html.String(), "<tr>"), "table rows")
	fmt.Println(criteria.Text())
	fmt.Println(trend.Desc())
	// Output:
	// 3 charts, 4 table rows
	// Tiêu chí đạt: 7/9 (78%)
	// Biểu đồ đường theo tuần, 3 tuần, từ 02/03/2026 đến 16/03/2026; trục dọc từ 0 đến 15. Tiêu chí huyện đạt: từ 6 (tuần 02/03/2026) đến 7 (tuần 16/03/2026). Xã đạt chuẩn: từ 10 (tuần 02/03/2026) đến 12 (tuần 16/03/2026), thiếu số liệu 1 tuần.
}
