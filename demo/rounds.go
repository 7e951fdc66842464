package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/weekly"
)

// The weekly rounds of Plan 45 before the demo's clock: one a week from
// the plan's week to the week before the clock's, each closed an hour
// after its deadline with the snapshot a round keeps, and the reports the
// five reporters sent. The week of the clock is left to the scheduler,
// which opens it on the server's first start (it opens the week's round
// when the plan's latest one is older, and closes only open ones).

// answers tell how each reporter answered each week, in the order of
// roundReporters: o on time, l late (after 16:00, before the round
// closed), - not at all. The plan was issued on a Wednesday: in its first
// week the Department of Construction sent nothing.
var answers = []string{
	"ol-oo", "oolol", "ooool", "loooo", "ooolo",
	"ooooo", "olooo", "ooooo", "ooloo", "ooooo",
}

// roundReporters are who reports on Plan 45, as the service finds them:
// the lead departments of its assignments by code, then the committee of
// each target district.
func (sd *seeder) roundReporters() []*datchuan.Agency {
	var leads []*datchuan.Agency
	for _, a := range planAssignments {
		if ag := sd.agencies[a.lead]; !slices.Contains(leads, ag) {
			leads = append(leads, ag)
		}
	}
	slices.SortFunc(leads, func(a, b *datchuan.Agency) int { return strings.Compare(a.Code, b.Code) })
	for _, d := range sd.districts {
		leads = append(leads, sd.agencies[d.Code+"-BCD"])
	}
	return leads
}

// createRounds writes the closed weekly rounds of the plan before Clock.
func (sd *seeder) createRounds(ctx context.Context) error {
	pl := sd.case45
	targets := make([]*datchuan.Target, 0, len(pl.TargetIDs))
	for _, id := range pl.TargetIDs {
		t, err := sd.Targets.Target(ctx, id)
		if err != nil {
			return err
		}
		targets = append(targets, t)
	}
	reporters := sd.roundReporters()
	ids := make([]int64, len(reporters))
	for i, ag := range reporters {
		ids[i] = ag.ID
	}
	tree := datchuan.NewUnitTree(sd.Units, func() time.Time { return Clock })
	last := datchuan.Week(datchuan.DateOf(Clock)).AddDays(-7)
	for i, week := 0, datchuan.Week(pl.Date); !last.Before(week); i, week = i+1, week.AddDays(7) {
		opened := week.Time(datchuan.Vietnam()).Add(7 * time.Hour)
		if i == 0 {
			opened = pl.Date.Time(datchuan.Vietnam()).Add(9 * time.Hour) // the day the plan was issued
		}
		r := &datchuan.Round{PlanID: pl.ID, Kind: datchuan.RoundWeekly, Week: week, Deadline: pl.ReportSchedule().Deadline(week),
			Reporters: ids, OpenedAt: opened}
		if err := r.Validate(); err != nil {
			return fmt.Errorf("demo round %s: %w", week.VN(), err)
		}
		if err := sd.Rounds.OpenRound(ctx, r); err != nil {
			return fmt.Errorf("demo round %s: %w", week.VN(), err)
		}
		if err := sd.createReports(ctx, r, reporters, answers[i%len(answers)], i); err != nil {
			return err
		}
		day := datchuan.DateOf(r.Deadline)
		ru := &rollup.Service{Tree: tree, Targets: sd.Targets, Values: sd.Values, Sets: sd.sets,
			Agencies: sd.Agencies, Plans: sd.Plans, Today: day}
		x, err := weekly.OfTargets(ctx, ru, targets, day)
		if err != nil {
			return fmt.Errorf("demo round %s: measure: %w", week.VN(), err)
		}
		if err := sd.Rounds.CloseRound(ctx, r.ID, r.Deadline.Add(time.Hour), r.Version); err != nil {
			return fmt.Errorf("demo round %s: close: %w", week.VN(), err)
		}
		if err := sd.Snapshots.KeepSnapshots(ctx, r.ID, x.Snapshots(r.ID)); err != nil {
			return fmt.Errorf("demo round %s: snapshot: %w", week.VN(), err)
		}
		sd.sum.Rounds++
	}
	return nil
}

// createReports writes the reports of round r as answered: one letter a
// reporter, in order.
func (sd *seeder) createReports(ctx context.Context, r *datchuan.Round, reporters []*datchuan.Agency, answered string, week int) error {
	for k, ag := range reporters {
		var sent time.Time
		switch answered[k] {
		case 'o': // on time: on the Friday, from 08:00 to 14:00
			sent = r.Deadline.Add(-8*time.Hour + time.Duration(k)*90*time.Minute)
		case 'l': // late, before the round closed
			sent = r.Deadline.Add(time.Duration(15+5*k) * time.Minute)
		default:
			continue
		}
		summary, item := reportText(ag, week)
		rep := &datchuan.Report{RoundID: r.ID, AgencyID: ag.ID, State: datchuan.ReportSubmitted, Summary: summary,
			Items: []datchuan.ReportItem{item}, FirstSentAt: sent, SentAt: sent, Revision: 1, UpdatedAt: sent}
		if err := rep.Validate(); err != nil {
			return fmt.Errorf("demo report of %s: %w", ag.Code, err)
		}
		rev := &datchuan.Revision{Number: 1, SentAt: sent, Summary: rep.Summary, Items: rep.Items}
		if err := sd.Rounds.SaveReport(ctx, rep, rev); err != nil {
			return fmt.Errorf("demo report of %s, week %s: %w", ag.Code, r.Week.VN(), err)
		}
		sd.sum.Reports++
	}
	return nil
}

// reportText is what a reporter wrote in the week-th round: a summary and
// one criterion it leads or covers, with a difficulty every third week.
func reportText(ag *datchuan.Agency, week int) (string, datchuan.ReportItem) {
	item := datchuan.ReportItem{SetID: CommuneSet}
	var summary string
	switch {
	case strings.HasSuffix(ag.Code, "-SXD"):
		item.CriterionCode = "1"
		summary = "Hướng dẫn các xã huyện Cầu Ngang rà soát, điều chỉnh quy hoạch chung xây dựng xã"
		item.Work = "Kiểm tra hồ sơ quy hoạch của các xã"
		if week%3 == 1 {
			item.Difficulties, item.Causes, item.Proposals = "Một số xã chưa bố trí kinh phí điều chỉnh quy hoạch", "Ngân sách xã hạn chế",
				"Đề nghị Sở Tài chính tham mưu hỗ trợ kinh phí"
		}
	case strings.HasSuffix(ag.Code, "-SGDDT"):
		item.CriterionCode = "5"
		summary = "Kiểm tra cơ sở vật chất trường học các xã huyện Duyên Hải"
		item.Work = "Rà soát tỷ lệ trường đạt chuẩn cơ sở vật chất"
		if week%3 == 2 {
			item.Difficulties, item.Causes = "Hai trường còn thiếu phòng học bộ môn", "Vốn đầu tư công giải ngân chậm"
		}
	case strings.HasSuffix(ag.Code, "-SNNPTNT"):
		item.CriterionCode = "13"
		summary = "Hỗ trợ hợp tác xã huyện Cầu Ngang xây dựng liên kết sản xuất, tiêu thụ sản phẩm"
		item.Work = "Tập huấn cho hợp tác xã về liên kết chuỗi giá trị"
		if week%3 == 0 {
			item.Difficulties, item.Proposals = "Hợp tác xã thiếu vốn đối ứng", "Đề nghị ngân hàng chính sách ưu tiên cho vay"
		}
	default: // a district committee: its district as a whole
		item.SetID = DistrictSet
		summary = "Ban Chỉ đạo huyện chỉ đạo các xã hoàn thiện hồ sơ, minh chứng các tiêu chí"
		item.Work = "Họp Ban Chỉ đạo huyện, phân công thành viên phụ trách từng xã"
		if week%3 == 1 {
			item.Difficulties = "Hồ sơ minh chứng của một số xã chưa đầy đủ"
		}
	}
	return fmt.Sprintf("Tuần %d: %s (minh họa).", week+1, summary), item
}
