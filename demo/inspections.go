package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/datchuan/datchuan"
)

// The site inspections of the demo (demo data): the coordination office
// inspected two communes of Cầu Ngang on 25/08/2022, a week before the
// demo's clock, and raised one of its findings as an obstacle; it plans to
// inspect Duyên Hải on 08/09/2022.

// demoFinding is a finding of the demo's done inspection; owner, when
// set, is the agency code of the obstacle it was raised as.
type demoFinding struct {
	commune, criterion, indicator string
	result                        datchuan.FindingResult
	note                          string
	owner, obstacle               string
}

var inspectedFindings = []demoFinding{
	{commune: "29446", criterion: "17", indicator: "17.6", result: datchuan.FindingNotMet,
		note:  "Chưa có điểm tập kết rác thải tập trung; rác sinh hoạt còn đổ tự phát ven kênh (minh họa)",
		owner: "84-STNMT", obstacle: "Xã Nhị Trường chưa có điểm tập kết rác thải tập trung (minh họa)"},
	{commune: "29446", criterion: "2", result: datchuan.FindingMet,
		note: "Đường trục xã, liên ấp đã bê tông hóa, ô tô đi lại thuận tiện (minh họa)"},
	{commune: "29452", criterion: "13", indicator: "13.2", result: datchuan.FindingMoreWork,
		note: "Hợp tác xã đã có hợp đồng liên kết sản xuất, chưa có hợp đồng tiêu thụ sản phẩm chủ lực (minh họa)"},
	{commune: "29452", criterion: "17", indicator: "17.7", result: datchuan.FindingNotMet,
		note: "Tỷ lệ hộ có nhà tiêu hợp vệ sinh đạt khoảng 82%, chưa đạt (minh họa)"},
}

// createInspections writes the demo's two inspections.
func (sd *seeder) createInspections(ctx context.Context) error {
	vn := datchuan.Vietnam()
	office := sd.agencies[sd.plan.Province+"-VPDP"]
	if office == nil {
		return fmt.Errorf("demo inspections: no coordination office")
	}
	team := "Lê Thị Hồng, Chánh Văn phòng Điều phối nông thôn mới tỉnh (minh họa)\nPhạm Quốc Bảo, Chuyên viên Văn phòng Điều phối (minh họa)"
	var visited []int64
	units := map[string]*datchuan.Unit{}
	for _, c := range sd.communes["848"] {
		if c.Code == "29446" || c.Code == "29452" {
			visited, units[c.Code] = append(visited, c.ID), c
		}
	}
	done := &datchuan.Inspection{ProvinceID: sd.province.ID, AgencyID: office.ID,
		Title:   "Kiểm tra thực tế xã Nhị Trường và xã Hiệp Mỹ Đông, huyện Cầu Ngang (minh họa)",
		Planned: datchuan.NewDate(2022, 8, 25), Done: datchuan.NewDate(2022, 8, 25), State: datchuan.InspectionDone,
		Team:    team + "\nVõ Thị Mai, Chuyên viên Sở Nông nghiệp và PTNT (minh họa)",
		UnitIDs: visited, SetID: CommuneSet, Criteria: []string{"2", "13", "17"},
		Summary:   "Hai xã cơ bản hoàn thành tiêu chí giao thông; tiêu chí 17 (môi trường) và 13 (tổ chức sản xuất) còn phải tập trung hoàn thiện trước ngày 30/9/2022 (minh họa).",
		CreatedAt: time.Date(2022, 8, 18, 9, 0, 0, 0, vn)}
	if err := sd.addInspection(ctx, done); err != nil {
		return err
	}
	at := time.Date(2022, 8, 25, 16, 0, 0, 0, vn)
	for i, df := range inspectedFindings {
		if err := sd.addFinding(ctx, done, units[df.commune], df, at.Add(time.Duration(i)*time.Minute)); err != nil {
			return err
		}
	}
	var district []int64
	for _, d := range sd.districts {
		if d.Code == "850" {
			district = append(district, d.ID)
		}
	}
	planned := &datchuan.Inspection{ProvinceID: sd.province.ID, AgencyID: office.ID,
		Title:   "Kiểm tra thực tế các tiêu chí huyện nông thôn mới tại huyện Duyên Hải (minh họa)",
		Planned: datchuan.NewDate(2022, 9, 8), State: datchuan.InspectionPlanned, Team: team,
		UnitIDs: district, SetID: DistrictSet, CreatedAt: time.Date(2022, 8, 30, 10, 0, 0, 0, vn)}
	return sd.addInspection(ctx, planned)
}

func (sd *seeder) addInspection(ctx context.Context, x *datchuan.Inspection) error {
	if err := x.Validate(datchuan.DateOf(Clock)); err != nil {
		return fmt.Errorf("demo inspection %q: %w", x.Title, err)
	}
	if err := sd.Inspections.CreateInspection(ctx, x); err != nil {
		return fmt.Errorf("demo inspection %q: %w", x.Title, err)
	}
	return nil
}

// addFinding writes a finding of x and, for one the office raised, its
// obstacle, linked to it.
func (sd *seeder) addFinding(ctx context.Context, x *datchuan.Inspection, u *datchuan.Unit, df demoFinding, at time.Time) error {
	if u == nil {
		return fmt.Errorf("demo finding: commune %s is not in the demo", df.commune)
	}
	f := &datchuan.Finding{InspectionID: x.ID, UnitID: u.ID, SetID: x.SetID, CriterionCode: df.criterion, IndicatorCode: df.indicator,
		Result: df.result, Note: df.note, RecordedAt: at}
	if df.owner != "" {
		o := &datchuan.Obstacle{ProvinceID: sd.province.ID, UnitID: u.ID, SetID: x.SetID, CriterionCode: df.criterion, IndicatorCode: df.indicator,
			Title: df.obstacle, Detail: "Phát hiện khi kiểm tra thực tế ngày " + x.Done.VN() + " (" + x.Title + "): " + df.note,
			OwnerID: sd.agencies[df.owner].ID, Due: datchuan.NewDate(2022, 9, 30), State: datchuan.ObstacleOpen,
			Source: datchuan.FromInspection, SourceID: x.ID, RaisedAt: at.Add(time.Hour)}
		if err := o.Validate(); err != nil {
			return fmt.Errorf("demo obstacle of %s: %w", u.Code, err)
		}
		if err := sd.Obstacles.RaiseObstacle(ctx, o); err != nil {
			return fmt.Errorf("demo obstacle of %s: %w", u.Code, err)
		}
		f.ObstacleID = o.ID
	}
	if err := f.Validate(); err != nil {
		return fmt.Errorf("demo finding of %s: %w", u.Code, err)
	}
	if err := sd.Inspections.AddFinding(ctx, f); err != nil {
		return fmt.Errorf("demo finding of %s: %w", u.Code, err)
	}
	return nil
}
