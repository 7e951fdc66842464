package web_test

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
	"github.com/datchuan/datchuan/web/chart"
	"github.com/datchuan/datchuan/web/webtest"
	"github.com/datchuan/datchuan/weekly"
)

// The province dashboard over the demo: Cầu Ngang and Duyên Hải, the two
// districts Plan 45 targets, come first as cards whose bars say what the
// status engine says, each with a trend over the ten weeks of demo
// history before the clock, as the closed rounds recorded them.

// trendRow is a row of a trend's data table: the week and its figures.
var trendRow = regexp.MustCompile(`<tr><th scope="row">(\d\d/\d\d/\d{4})</th><td>(\d+)</td><td>(\d+)</td></tr>`)

// weekFigures is a week of a trend: district criteria met, communes
// meeting the NTM standard.
type weekFigures struct {
	Week               string
	Criteria, Communes int
}

func trendRows(card string) []weekFigures {
	var out []weekFigures
	for _, m := range trendRow.FindAllStringSubmatch(card, -1) {
		c, _ := strconv.Atoi(m[2])
		n, _ := strconv.Atoi(m[3])
		out = append(out, weekFigures{m[1], c, n})
	}
	return out
}

// cardOf is the part of the province page that is district code's card.
func cardOf(page, code string) string {
	return between(page, `<article class="dcard" aria-labelledby="dcard-`+code+`"`, "</article>")
}

func TestProvinceDashboard(t *testing.T) {
	w := webtest.New(t)
	page := w.As(webtest.Leader).Get("/tinh/84")
	if page.Status != http.StatusOK {
		t.Fatalf("province page: %d\n%.500s", page.Status, page.Body)
	}
	// The target districts first, as cards; every district's tables after.
	first, second, rest := strings.Index(page.Body, `id="dcard-848"`), strings.Index(page.Body, `id="dcard-850"`), strings.Index(page.Body, `<details class="district">`)
	if !(first >= 0 && first < second && second < rest) || strings.Count(page.Body, `<article class="dcard"`) != 2 {
		t.Fatalf("cards of 848 at %d and 850 at %d, the other districts from %d, %d cards; want Cầu Ngang, Duyên Hải, then the rest",
			first, second, rest, strings.Count(page.Body, `<article class="dcard"`))
	}
	if other := strings.Index(page.Body, "Huyện Càng Long"); other < rest {
		t.Errorf("another district (Càng Long) at %d, before the tables at %d", other, rest)
	}

	ctx := context.Background()
	st := w.Stores()
	today := datchuan.DateOf(webtest.Start)
	ru := &rollup.Service{Tree: w.Service.Tree(), Targets: st.Targets, Values: st.Values, Sets: w.Sets, Agencies: st.Agencies, Plans: st.Plans, Today: today}
	latest, err := st.Rounds.Rounds(ctx, datchuan.RoundFilter{Limit: 1})
	if err != nil || len(latest) != 1 {
		t.Fatalf("the latest round: %v %v", latest, err)
	}
	reps, err := st.Rounds.Reports(ctx, datchuan.ReportFilter{RoundIDs: []int64{latest[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	received := 0
	for _, r := range reps {
		if r.Submitted() {
			received++
		}
	}
	for _, code := range []string{"848", "850"} {
		card := cardOf(page.Body, code)
		ds, err := ru.District(ctx, code, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, bar := range expectedBars(ds) {
			if want := `aria-label="` + template.HTMLEscapeString(bar.Text()) + `"`; !strings.Contains(card, want) {
				t.Errorf("%s's card lacks the bar %s", code, want)
			}
		}
		round := chart.Progress{Label: "Báo cáo tuần đã nhận", Value: received, Total: len(latest[0].Reporters)}
		if !strings.Contains(card, template.HTMLEscapeString(round.Text())) || !strings.Contains(card, fmt.Sprintf(`href="/dot-bao-cao/%d"`, latest[0].ID)) {
			t.Errorf("%s's card lacks this week's round %q linked to /dot-bao-cao/%d", code, round.Text(), latest[0].ID)
		}
		if n := overdueIn(t, w, ds, today); (n > 0) != strings.Contains(card, fmt.Sprintf("⚠ %d việc quá hạn", n)) || (n == 0) != strings.Contains(card, "Không có việc quá hạn") {
			t.Errorf("%s's card does not say its %d overdue assignments", code, n)
		}

		rows := trendRows(card)
		want := recorded(t, w, ds)
		if len(rows) < 4 || !slices.Equal(rows, want) {
			t.Errorf("%s's trend table:\n got %v\nwant %v (at least 4 weeks, as the snapshots say)", code, rows, want)
		}
		if n := len(rows); n > 0 && (rows[n-1].Criteria <= rows[0].Criteria || rows[n-1].Communes <= rows[0].Communes) {
			t.Errorf("%s's demo history does not rise: %v", code, rows)
		}
		if !strings.Contains(card, `class="chart chart-trend"`) || strings.Contains(card, `class="trend-note"`) {
			t.Errorf("%s's card: a trend chart %v, a note of back-dated values %v; want the chart and no note",
				code, strings.Contains(card, "chart-trend"), strings.Contains(card, "trend-note"))
		}
	}

	// A past day: the trend stops at the weeks closed by then.
	past := w.As(webtest.Coord).Get("/tinh/84?on=15/07/2022")
	if rows := trendRows(cardOf(past.Body, "848")); len(rows) != 4 || rows[3].Week != "11/07/2022" {
		t.Errorf("the trend on 15/07/2022: %v, want the 4 weeks from 20/06 to 11/07", rows)
	}
	// The district page has the same trend.
	district := w.As(webtest.District).Get("/huyen/848")
	if rows, want := trendRows(district.Body), trendRows(cardOf(page.Body, "848")); !slices.Equal(rows, want) {
		t.Errorf("the district page's trend %v, the province's %v", rows, want)
	}
}

// expectedBars are the bars of a target district's card, from its rollup.
func expectedBars(ds *rollup.DistrictStatus) []chart.Progress {
	count := func(tier datchuan.Tier) (met, total int) {
		for _, c := range ds.Communes {
			if c.Unit.Type != tier.UnitType() {
				continue
			}
			total++
			if r, ok := c.Results[tier]; ok && r.Meets {
				met++
			}
		}
		return met, total
	}
	ntm, communes := count(datchuan.TierCommuneNTM)
	adv, advTotal := count(datchuan.TierCommuneAdvanced)
	conds := 0
	for _, c := range ds.Result.Conditions {
		if c.Status == status.Met {
			conds++
		}
	}
	return []chart.Progress{
		{Label: "Tiêu chí huyện đạt", Value: ds.Result.Unit.Met, Total: ds.Result.Unit.Total},
		{Label: "Xã đạt chuẩn NTM", Value: ntm, Total: communes},
		{Label: "Xã đạt NTM nâng cao", Value: adv, Total: advTotal},
		{Label: "Điều kiện công nhận đạt", Value: conds, Total: len(ds.Result.Conditions)},
	}
}

// overdueIn counts the assignments of the district's units open past
// their deadline, but those done by their result.
func overdueIn(t *testing.T, w *webtest.World, ds *rollup.DistrictStatus, day datchuan.Date) int {
	ids := []int64{ds.Unit.ID}
	for _, c := range ds.Communes {
		ids = append(ids, c.Unit.ID)
	}
	as, err := w.Stores().Plans.Assignments(context.Background(), datchuan.AssignmentFilter{UnitIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	met := weekly.Index{}
	met.AddDistrict(ds)
	n := 0
	for _, a := range as {
		if !a.Done && a.Deadline.Before(day) && !(a.DoneByResult() && met.Met(weekly.Key{UnitID: a.UnitID, SetID: a.SetID, Criterion: a.CriterionCode})) {
			n++
		}
	}
	return n
}

// recorded reads the district's weeks from what the closed rounds kept:
// its own criteria met, its communes meeting the NTM standard.
func recorded(t *testing.T, w *webtest.World, ds *rollup.DistrictStatus) []weekFigures {
	ctx := context.Background()
	rounds, err := w.Stores().Rounds.Rounds(ctx, datchuan.RoundFilter{Closed: true})
	if err != nil {
		t.Fatal(err)
	}
	communes := map[int64]bool{}
	for _, c := range ds.Communes {
		communes[c.Unit.ID] = true
	}
	var out []weekFigures
	for _, r := range slices.Backward(rounds) {
		rows, err := w.Stores().Snapshots.Snapshots(ctx, datchuan.SnapshotFilter{RoundIDs: []int64{r.ID}})
		if err != nil {
			t.Fatal(err)
		}
		f := weekFigures{Week: r.Week.VN()}
		for _, s := range rows {
			switch {
			case s.Status != string(status.Met):
			case s.UnitID == ds.Unit.ID && s.SetID == demo.DistrictSet && s.CriterionCode != "":
				f.Criteria++
			case communes[s.UnitID] && s.SetID == demo.CommuneSet && s.CriterionCode == "":
				f.Communes++
			}
		}
		out = append(out, f)
	}
	return out
}

// TestTrendMarksBackDatedValues: a value entered today with an earlier
// date changes what the dated values say of the weeks after that date;
// the trend keeps what the rounds recorded and says where they differ.
func TestTrendMarksBackDatedValues(t *testing.T) {
	w := webtest.New(t)
	before := w.As(webtest.Leader).Get("/tinh/84")
	if strings.Contains(before.Body, `class="trend-note"`) {
		t.Fatal("a note of back-dated values before any was entered")
	}
	// Cầu Ngang's committee reports that Vĩnh Kim (29431, meeting the
	// standard since July) failed criterion 19 at an inspection of 27/07.
	resp := w.As(webtest.District).PostJSON("/api/values", map[string]any{"unit": "29431", "set_id": demo.CommuneSet,
		"indicator": "19.1", "value": "không đạt", "as_of": "27/07/2022", "comment": "Biên bản kiểm tra ngày 27/07 nộp muộn",
		"replace_confirmed": true, "keep_evidence": true})
	if resp.Status != http.StatusCreated {
		t.Fatalf("report a back-dated value: %d\n%.500s", resp.Status, resp.Body)
	}
	after := w.As(webtest.Leader).Get("/tinh/84")
	card := cardOf(after.Body, "848")
	for _, week := range []string{"25/07", "01/08", "08/08", "15/08", "22/08"} {
		if !strings.Contains(card, "Tuần "+week+": số liệu bổ sung sau (ghi ngày trước) làm khác ảnh chụp: xã đạt chuẩn") {
			t.Errorf("the week of %s, closed after 27/07, is not marked", week)
		}
	}
	if strings.Contains(card, "Tuần 18/07:") || strings.Contains(cardOf(after.Body, "850"), `class="trend-note"`) {
		t.Error("a week closed before 27/07, or another district, is marked")
	}
	// The chart and its table still say what the rounds recorded.
	if got, want := trendRows(card), trendRows(cardOf(before.Body, "848")); !slices.Equal(got, want) {
		t.Errorf("the record changed:\n got %v\nwant %v", got, want)
	}
	if page := w.As(webtest.District).Get("/huyen/848"); !page.Has("Tuần 25/07: số liệu bổ sung sau") {
		t.Error("the district page does not mark the week either")
	}
}
