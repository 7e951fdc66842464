package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/status"
	"github.com/datchuan/datchuan/web/chart"
)

// The province dashboard answers "where do we stand" on the first screen of
// a phone: each target district as a card of progress bars — its own
// criteria, its communes meeting the standard and the advanced standard,
// the recognition conditions, this week's reports and the work overdue —
// with its weekly trend; the tables of every district folded below.

// districtCard is a target district on the province dashboard.
type districtCard struct {
	D        *rollup.DistrictStatus
	Bars     []chart.Progress
	Round    *service.RoundView // nil: no round yet
	RoundBar chart.Progress
	Overdue  int
	trendView
}

// trendView is a district's weekly trend as drawn: the chart of what the
// closed rounds kept, and a note for each week that the dated values now
// tell otherwise. The province's cards and the district page share it.
type trendView struct {
	Trend chart.Trend
	Weeks int
	Notes []trendNote
}

// trendNote marks a week whose record differs from the dated values now.
type trendNote struct {
	Week   datchuan.Date
	Vi, En string
}

// The trend's series, in the order of its points' values.
var trendSeries = []string{"Tiêu chí huyện đạt", "Xã đạt chuẩn NTM"}

// newTrendView draws the weeks of a district's trend: the record (what the
// committee was told), with a note where a back-dated value makes the
// dated values differ.
func newTrendView(t *service.DistrictTrend) trendView {
	v := trendView{Trend: chart.Trend{Title: "Diễn biến theo tuần — " + t.Unit.Name, Series: trendSeries}, Weeks: len(t.Weeks)}
	for _, w := range t.Weeks {
		v.Trend.Max = max(v.Trend.Max, float64(w.CriteriaTotal), float64(w.Total))
		v.Trend.Points = append(v.Trend.Points, chart.Point{Week: w.Round.Week.Time(datchuan.Vietnam()),
			Values: []chart.Value{chart.Num(float64(w.Criteria)), chart.Num(float64(w.Communes))}})
		if w.Differs() {
			v.Notes = append(v.Notes, noteOf(w))
		}
	}
	return v
}

// noteOf says how a week's record and its dated values differ.
func noteOf(w service.TrendWeek) trendNote {
	var vi, en []string
	if w.Criteria != w.CriteriaNow {
		vi = append(vi, fmt.Sprintf("tiêu chí huyện đạt %d → %d", w.Criteria, w.CriteriaNow))
		en = append(en, fmt.Sprintf("district criteria met %d → %d", w.Criteria, w.CriteriaNow))
	}
	if w.Communes != w.Now {
		vi = append(vi, fmt.Sprintf("xã đạt chuẩn %d → %d", w.Communes, w.Now))
		en = append(en, fmt.Sprintf("communes meeting the standard %d → %d", w.Communes, w.Now))
	}
	day := w.Round.Week.Time(time.UTC).Format("02/01")
	return trendNote{Week: w.Round.Week,
		Vi: "Tuần " + day + ": số liệu bổ sung sau (ghi ngày trước) làm khác ảnh chụp: " + strings.Join(vi, "; "),
		En: "Week of " + day + ": values entered later with an earlier date differ from the record: " + strings.Join(en, "; ")}
}

// districtCards builds the cards of the province's target districts (those
// with an NTM district target), in the province's order, and returns the
// others apart.
func (s *Server) districtCards(r *http.Request, p *rollup.ProvinceStatus) ([]districtCard, []*rollup.DistrictStatus, error) {
	var cards []districtCard
	var others []*rollup.DistrictStatus
	for _, d := range p.Districts {
		if d.Target == nil || d.Result == nil {
			others = append(others, d)
			continue
		}
		watch, err := s.svc.WatchDistrict(r.Context(), viewerOf(r).caller, d)
		if err != nil {
			return nil, nil, err
		}
		cards = append(cards, newCard(d, watch))
	}
	return cards, others, nil
}

// newCard lays out one target district's figures.
func newCard(d *rollup.DistrictStatus, w *service.DistrictWatch) districtCard {
	ntm, adv := tierShare(d.Communes, string(datchuan.TierCommuneNTM)), tierShare(d.Communes, string(datchuan.TierCommuneAdvanced))
	conds := 0
	for _, c := range d.Result.Conditions {
		if c.Status == status.Met {
			conds++
		}
	}
	own := d.Result.Unit
	c := districtCard{D: d, Round: w.Round, Overdue: w.Overdue, trendView: newTrendView(w.Trend),
		Bars: []chart.Progress{
			{Label: "Tiêu chí huyện đạt", Value: own.Met, Total: own.Total, Tone: toneOf(own.Met, own.Total)},
			{Label: "Xã đạt chuẩn NTM", Value: ntm.Met, Total: ntm.Total, Tone: toneOf(ntm.Met, ntm.Total)},
			{Label: "Xã đạt NTM nâng cao", Value: adv.Met, Total: adv.Total},
			{Label: "Điều kiện công nhận đạt", Value: conds, Total: len(d.Result.Conditions), Tone: toneOf(conds, len(d.Result.Conditions))},
		}}
	if w.Round != nil {
		n := w.Round.Count
		c.RoundBar = chart.Progress{Label: "Báo cáo tuần đã nhận", Value: n.Received(), Total: n.Expected, Tone: toneOf(n.Received(), n.Expected)}
	}
	return c
}

// toneOf colours a bar: all done, two thirds or more, less.
func toneOf(v, total int) chart.Tone {
	switch {
	case total <= 0:
		return chart.Neutral
	case v >= total:
		return chart.Good
	case 3*v >= 2*total:
		return chart.Warn
	}
	return chart.Bad
}
