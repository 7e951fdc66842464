package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

// The demo's summer of 2022, week by week. The values written by
// createValues already arrive over July and August for the units not yet
// recognised; the setbacks below add what the plan's first review found in
// units that met the standard before it: one criterion each, found below
// its threshold on the plan's day and measured met again weeks later. So
// the weeks before the clock show fewer criteria met and fewer communes
// meeting the standard, rising week by week, while every unit's status
// today stays what it was: the last value of each indicator set back is
// the same measure as before, only newer.

// Clock is the moment the demo's story stands at: Thursday 01/09/2022
// 08:00, within Plan 45. Its weekly rounds are seeded up to the week
// before; the week of the clock is opened by the server's scheduler.
var Clock = time.Date(2022, 9, 1, 8, 0, 0, 0, datchuan.Vietnam())

// setback is one criterion of a unit that met it before the plan, found
// below its threshold on the plan's day (its first indicator, confirmed
// the day after) and measured met again on the day back (confirmed the
// day after that).
type setback struct {
	unit, set, criterion string
	back                 datchuan.Date
	why, fix             string
}

// setbacks are spread so that, at the Friday of each week, one more
// commune of Cầu Ngang or Duyên Hải meets the standard, and Duyên Hải's
// own criteria climb from 6 to 8 of 9. None touches a criterion that the
// plan assigns (1, 5 and 13), whose work the demo's other pages follow.
var setbacks = []setback{
	{"29449", CommuneSet, "2", datchuan.NewDate(2022, 7, 11), "Tuyến đường trục xã bị sạt lở, chưa khắc phục", "Đã sửa chữa, nâng cấp tuyến đường trục xã"},
	{"29425", CommuneSet, "9", datchuan.NewDate(2022, 7, 25), "Còn hộ ở nhà tạm, dột nát", "Đã hỗ trợ xóa nhà tạm cho các hộ còn lại"},
	{"29443", CommuneSet, "17", datchuan.NewDate(2022, 8, 15), "Tỷ lệ hộ có nước sạch giảm do mở rộng khu dân cư", "Đã nối mạng cấp nước cho khu dân cư mới"},
	{"29500", CommuneSet, "12", datchuan.NewDate(2022, 7, 18), "Tỷ lệ lao động qua đào tạo chưa cập nhật đủ", "Đã cập nhật sau lớp dạy nghề tháng 7"},
	{"29497", CommuneSet, "15", datchuan.NewDate(2022, 8, 8), "Tỷ lệ tham gia bảo hiểm y tế giảm đầu năm", "Đã vận động người dân tham gia bảo hiểm y tế"},
	{"850", DistrictSet, "8", datchuan.NewDate(2022, 7, 4), "Chỉ tiêu chất lượng môi trường sống chưa đạt", "Đã hoàn thành các công trình cấp nước tập trung"},
	{"850", DistrictSet, "3", datchuan.NewDate(2022, 8, 1), "Công trình thủy lợi liên xã chưa nghiệm thu", "Đã nghiệm thu công trình thủy lợi liên xã"},
}

// createSetbacks writes the setbacks; the units must have their values.
func (sd *seeder) createSetbacks(ctx context.Context) error {
	found := time.Date(CaseDate.Year, CaseDate.Month, CaseDate.Day, 14, 0, 0, 0, datchuan.Vietnam())
	for _, b := range setbacks {
		u, err := sd.unit(b.unit)
		if err != nil {
			return err
		}
		set, err := sd.sets.Set(b.set)
		if err != nil {
			return err
		}
		now, err := sd.metNow(ctx, u, set, b.criterion)
		if err != nil {
			return fmt.Errorf("demo setback %s %s: %w", b.unit, b.criterion, err)
		}
		ind := set.Criterion(b.criterion).Indicators[0]
		th, _ := ind.ThresholdFor(set.ClassOf(u.Classifiers), 2022)
		low := sample(ind.Kind, th.Value, false, hash(u.Code+ind.Code))
		back := time.Date(b.back.Year, b.back.Month, b.back.Day, 9, 0, 0, 0, datchuan.Vietnam())
		for _, v := range []*datchuan.Value{
			{UnitID: u.ID, SetID: set.ID, IndicatorCode: ind.Code, AsOf: CaseDate, Measure: low, ReportedAt: found,
				Comment: "Rà soát theo Kế hoạch 45/KH-BCĐ: " + b.why + " (minh họa)"},
			{UnitID: u.ID, SetID: set.ID, IndicatorCode: ind.Code, AsOf: b.back, Measure: now.Measure, ReportedAt: back,
				Comment: b.fix + " (minh họa)"},
		} {
			v.Evidence = []string{fmt.Sprintf("Biên bản kiểm tra ngày %s (minh họa)", v.AsOf.VN())}
			if err := sd.confirmed(ctx, v, v.ReportedAt.Add(25*time.Hour)); err != nil {
				return fmt.Errorf("demo setback %s %s: %w", b.unit, ind.Code, err)
			}
		}
	}
	return nil
}

// unit is the district or commune of the demo with the code.
func (sd *seeder) unit(code string) (*datchuan.Unit, error) {
	for _, d := range sd.districts {
		if d.Code == code {
			return d, nil
		}
		for _, c := range sd.communes[d.Code] {
			if c.Code == code {
				return c, nil
			}
		}
	}
	return nil, fmt.Errorf("demo: no unit %s in the demo's districts", code)
}

// metNow returns the current value of the criterion's first indicator,
// after checking that u meets the criterion with it: a setback of a
// criterion not met would change today's status.
func (sd *seeder) metNow(ctx context.Context, u *datchuan.Unit, set *datchuan.CriteriaSet, code string) (*datchuan.Value, error) {
	c := set.Criterion(code)
	if c == nil || len(c.Indicators) == 0 {
		return nil, fmt.Errorf("%s has no criterion %s", set.ID, code)
	}
	vals, err := sd.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: []int64{u.ID}, SetID: set.ID})
	if err != nil {
		return nil, err
	}
	r := status.EvaluateUnit(set, u.ID, u.Classifiers, 2022, vals)
	for _, cr := range r.Criteria {
		if cr.Code == code && cr.Status != status.Met {
			return nil, fmt.Errorf("criterion %s is %s, not met: nothing to set back", code, cr.Status)
		}
	}
	for _, v := range vals {
		if v.IndicatorCode == c.Indicators[0].Code {
			return v, nil
		}
	}
	return nil, fmt.Errorf("no value of %s", c.Indicators[0].Code)
}

// confirmed reports v and confirms it at the instant given.
func (sd *seeder) confirmed(ctx context.Context, v *datchuan.Value, at time.Time) error {
	if err := sd.Values.ReportValue(ctx, v); err != nil {
		return err
	}
	if err := sd.Values.ReviewValue(ctx, &datchuan.Review{ValueID: v.ID, Decision: datchuan.StateConfirmed, At: at}); err != nil {
		return err
	}
	sd.sum.Values++
	sd.sum.Reviews++
	return nil
}
