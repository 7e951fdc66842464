package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// TestInspections plans, edits, moves and lists inspections on both
// engines: an edit from a stale version is refused, a gone one is not
// found, the units and criteria come back as written, and the filters
// select by province, agency, unit visited and state, the latest first.
func TestInspections(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		is := db.Stores().Inspections
		plan := func(agency int64, title string, day datchuan.Date, units ...int64) *datchuan.Inspection {
			t.Helper()
			x := &datchuan.Inspection{ProvinceID: w.province, AgencyID: agency, Title: title, Planned: day,
				State: datchuan.InspectionPlanned, Team: "Lê Thị Hồng, Chánh Văn phòng\nPhạm Quốc Bảo", UnitIDs: units,
				SetID: testSet, Criteria: []string{"17", "2", "17"}, CreatedBy: w.user}
			must(t, is.CreateInspection(ctx, x))
			return x
		}
		first := plan(w.vpdp, "Kiểm tra Mỹ Long Bắc và Mỹ Hòa", datchuan.NewDate(2022, 8, 25), w.c2, w.c3, w.c2)
		second := plan(w.sxd, "Kiểm tra quy hoạch huyện Cầu Ngang", datchuan.NewDate(2022, 9, 8), w.district)
		want := &datchuan.Inspection{ID: first.ID, ProvinceID: w.province, AgencyID: w.vpdp, Title: first.Title,
			Planned: datchuan.NewDate(2022, 8, 25), State: datchuan.InspectionPlanned, Team: first.Team,
			UnitIDs: []int64{w.c2, w.c3}, SetID: testSet, Criteria: []string{"17", "2"}, CreatedBy: w.user,
			CreatedAt: utcNow, UpdatedAt: utcNow, Version: 1}
		wantEqual(t, want, first, "after CreateInspection")
		got, err := is.Inspection(ctx, first.ID)
		must(t, err)
		wantEqual(t, want, got, "Inspection")

		// Done: the day and the conclusion are kept; the units may change.
		stale := *first
		first.State, first.Done, first.Summary = datchuan.InspectionDone, datchuan.NewDate(2022, 8, 25), "Hai xã cơ bản đạt"
		first.UnitIDs = []int64{w.c3, w.c2, w.c1}
		must(t, is.UpdateInspection(ctx, first))
		if first.Version != 2 || first.CreatedBy != w.user || !first.CreatedAt.Equal(utcNow) {
			t.Errorf("after UpdateInspection: %+v", first)
		}
		got, err = is.Inspection(ctx, first.ID)
		must(t, err)
		wantEqual(t, first, got, "Inspection after the update")
		stale.Title = "Sửa từ trang cũ"
		wantCode(t, is.UpdateInspection(ctx, &stale), datchuan.ECONFLICT)
		gone := *second
		gone.ID = second.ID + 1000
		wantCode(t, is.UpdateInspection(ctx, &gone), datchuan.ENOTFOUND)
		_, err = is.Inspection(ctx, gone.ID)
		wantCode(t, err, datchuan.ENOTFOUND)

		list := func(f datchuan.InspectionFilter) []int64 {
			t.Helper()
			xs, err := is.Inspections(ctx, f)
			must(t, err)
			ids := []int64{}
			for _, x := range xs {
				ids = append(ids, x.ID)
			}
			return ids
		}
		wantEqual(t, []int64{second.ID, first.ID}, list(datchuan.InspectionFilter{ProvinceID: w.province}), "the province's, latest first")
		wantEqual(t, []int64{second.ID}, list(datchuan.InspectionFilter{AgencyIDs: []int64{w.sxd}}), "by agency")
		wantEqual(t, []int64{first.ID}, list(datchuan.InspectionFilter{UnitIDs: []int64{w.c1}}), "by unit visited")
		wantEqual(t, []int64{second.ID}, list(datchuan.InspectionFilter{States: []datchuan.InspectionState{datchuan.InspectionPlanned}}), "by state")
		wantEqual(t, []int64{}, list(datchuan.InspectionFilter{UnitIDs: []int64{}}), "an empty list of units")

		// What the domain never sends, the tables refuse.
		bad := &datchuan.Inspection{ProvinceID: w.province, AgencyID: w.vpdp, Title: "x", Planned: datchuan.NewDate(2022, 9, 1), State: "lost"}
		wantCode(t, is.CreateInspection(ctx, bad), datchuan.EINVALID)
		bad.State, bad.UnitIDs = datchuan.InspectionPlanned, []int64{999999}
		wantCode(t, is.CreateInspection(ctx, bad), datchuan.EINVALID)
	})
}

// TestInspectionFindingsAndPhotos records findings and photos on both
// engines: they come back as written, one finding per unit and criterion,
// a stale correction is refused, a finding links the obstacle it became,
// and a photo's file is in use for the clean-up of unused uploads.
func TestInspectionFindingsAndPhotos(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Stores()
		w := mustPlanWorld(t, db)
		x := &datchuan.Inspection{ProvinceID: w.province, AgencyID: w.vpdp, Title: "Kiểm tra", Planned: datchuan.NewDate(2022, 8, 25),
			State: datchuan.InspectionPlanned, UnitIDs: []int64{w.c2, w.c3}, SetID: testSet}
		must(t, st.Inspections.CreateInspection(ctx, x))
		finding := func(unit int64, crit, ind string, r datchuan.FindingResult) *datchuan.Finding {
			return &datchuan.Finding{InspectionID: x.ID, UnitID: unit, SetID: testSet, CriterionCode: crit, IndicatorCode: ind,
				Result: r, Note: "Nhận xét " + crit, RecordedBy: w.user}
		}
		waste := finding(w.c2, "17", "17.2", datchuan.FindingNotMet)
		must(t, st.Inspections.AddFinding(ctx, waste))
		roads := finding(w.c2, "2", "", datchuan.FindingMet)
		roads.RecordedAt = utcNow.Add(time.Hour)
		must(t, st.Inspections.AddFinding(ctx, roads))
		wantCode(t, st.Inspections.AddFinding(ctx, finding(w.c2, "17", "17.2", datchuan.FindingMet)), datchuan.ECONFLICT)
		must(t, st.Inspections.AddFinding(ctx, finding(w.c3, "17", "17.2", datchuan.FindingMoreWork))) // another unit

		o := &datchuan.Obstacle{ProvinceID: w.province, UnitID: w.c2, SetID: testSet, CriterionCode: "17", Title: "Chưa có điểm tập kết rác",
			OwnerID: w.snn, State: datchuan.ObstacleOpen, Source: datchuan.FromInspection, SourceID: x.ID}
		must(t, st.Obstacles.RaiseObstacle(ctx, o))
		stale := *waste
		waste.ObstacleID, waste.Note = o.ID, "Chưa có điểm tập kết rác thải"
		must(t, st.Inspections.UpdateFinding(ctx, waste))
		if waste.Version != 2 || waste.UnitID != w.c2 || waste.IndicatorCode != "17.2" {
			t.Errorf("after UpdateFinding: %+v", waste)
		}
		stale.Result = datchuan.FindingMet
		wantCode(t, st.Inspections.UpdateFinding(ctx, &stale), datchuan.ECONFLICT)
		gone := *roads
		gone.ID += 1000
		wantCode(t, st.Inspections.UpdateFinding(ctx, &gone), datchuan.ENOTFOUND)
		got, err := st.Inspections.Finding(ctx, waste.ID)
		must(t, err)
		wantEqual(t, waste, got, "Finding")
		all, err := st.Inspections.Findings(ctx, x.ID)
		must(t, err)
		if len(all) != 3 || all[0].ID != waste.ID || all[2].ID != roads.ID {
			t.Errorf("findings in the order recorded: %+v", all)
		}
		bad := *roads
		bad.TaskID = 999999
		wantCode(t, st.Inspections.UpdateFinding(ctx, &bad), datchuan.EINVALID)

		old := testNow.Add(-datchuan.UnusedAfter - time.Minute)
		photo := &datchuan.Attachment{Name: "anh.jpg", Data: []byte("\xff\xd8\xff a photo"), UploadedAt: old}
		must(t, st.Files.PutAttachment(ctx, photo))
		later := &datchuan.Attachment{Name: "anh-2.jpg", Data: []byte("\xff\xd8\xff another"), UploadedAt: old}
		must(t, st.Files.PutAttachment(ctx, later))
		taken := time.Date(2022, 8, 25, 9, 12, 0, 0, datchuan.Vietnam())
		photos := []*datchuan.InspectionPhoto{
			{InspectionID: x.ID, AttachmentID: later.ID, TakenAt: taken.Add(time.Hour), TakenFrom: datchuan.PhotoTimeUpload, AddedBy: w.user},
			{InspectionID: x.ID, AttachmentID: photo.ID, Caption: "Bãi rác tự phát", TakenAt: taken, TakenFrom: datchuan.PhotoTimeEXIF, AddedBy: w.user},
		}
		must(t, st.Inspections.AddPhotos(ctx, photos))
		back, err := st.Inspections.Photos(ctx, x.ID)
		must(t, err)
		wantEqual(t, []*datchuan.InspectionPhoto{photos[1], photos[0]}, back, "Photos, by the time taken")
		wantCode(t, st.Inspections.AddPhotos(ctx, photos[1:]), datchuan.ECONFLICT)
		removed, err := st.Files.RemoveUnused(ctx, testNow.Add(-datchuan.UnusedAfter))
		must(t, err)
		for _, id := range removed.IDs {
			if id == photo.ID || id == later.ID {
				t.Errorf("the clean-up removed a photo of an inspection: %v", removed.IDs)
			}
		}
	})
}
