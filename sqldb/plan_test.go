package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

func TestPlans(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ps := db.Stores().Plans

		p45 := &datchuan.Plan{ProvinceID: w.province, Number: "45/KH-BCĐ", Date: datchuan.NewDate(2022, 6, 22),
			Issuer: "Ban Chỉ đạo các chương trình MTQG tỉnh Trà Vinh", Signer: "Trần Minh Đức",
			Title:     "Kế hoạch phân công nhiệm vụ hỗ trợ huyện Cầu Ngang và huyện Duyên Hải đạt chuẩn nông thôn mới năm 2022",
			TargetIDs: []int64{w.target, w.target}, Files: []string{w.file}, CreatedBy: w.user}
		must(t, ps.CreatePlan(ctx, p45))
		if p45.ID == 0 || !p45.CreatedAt.Equal(utcNow) || p45.CreatedAt.Location() != time.UTC || p45.Version != 1 {
			t.Errorf("after CreatePlan: ID %d, CreatedAt %v, version %d", p45.ID, p45.CreatedAt, p45.Version)
		}
		wantEqual(t, []int64{w.target}, p45.TargetIDs, "a repeated target is stored once")
		got, err := ps.Plan(ctx, p45.ID)
		must(t, err)
		wantEqual(t, p45, got, "Plan")

		// Newest first: by date, then the later ID of one day.
		older := &datchuan.Plan{ProvinceID: w.province, Number: "12/KH-BCĐ", Date: datchuan.NewDate(2022, 3, 1), Title: "Kế hoạch năm 2022"}
		sameDay := &datchuan.Plan{ProvinceID: w.province, Number: "46/KH-BCĐ", Date: p45.Date, Title: "Kế hoạch kiểm tra"}
		district := &datchuan.Plan{ProvinceID: w.district, Number: "7/KH-BCĐ", Date: datchuan.NewDate(2022, 7, 1), Title: "Kế hoạch của huyện"}
		for _, p := range []*datchuan.Plan{older, sameDay, district} {
			must(t, ps.CreatePlan(ctx, p))
		}
		plans, err := ps.Plans(ctx, w.province)
		must(t, err)
		wantEqual(t, []*datchuan.Plan{sameDay, p45, older}, plans, "Plans")
		if len(older.TargetIDs) != 0 || older.TargetIDs == nil {
			t.Errorf("a plan without targets has TargetIDs %#v, want empty", older.TargetIDs)
		}

		// UpdatePlan replaces the fields and lists; the creation stamp stays,
		// the version moves on.
		change := *p45
		change.Title, change.Signer, change.TargetIDs, change.Files = "Kế hoạch (sửa đổi)", "Kim Ngọc Thái", nil, []string{}
		change.CreatedBy, change.CreatedAt = 0, time.Time{}
		must(t, ps.UpdatePlan(ctx, &change))
		got, err = ps.Plan(ctx, p45.ID)
		must(t, err)
		wantEqual(t, &change, got, "after UpdatePlan")
		if got.CreatedBy != w.user || !got.CreatedAt.Equal(utcNow) || len(got.TargetIDs) != 0 || got.Version != 2 {
			t.Errorf("after UpdatePlan: %+v", got)
		}

		_, err = ps.Plan(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
		missing := *older
		missing.ID = 1 << 40
		wantCode(t, ps.UpdatePlan(ctx, &missing), datchuan.ENOTFOUND)
	})
}

func TestCreatePlanRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ps := db.Stores().Plans
		valid := func() *datchuan.Plan {
			return &datchuan.Plan{ProvinceID: w.province, Number: "45/KH-BCĐ", Date: datchuan.NewDate(2022, 6, 22), Title: "Kế hoạch"}
		}
		for name, change := range map[string]func(p *datchuan.Plan){
			"no number":       func(p *datchuan.Plan) { p.Number = "" },
			"no date":         func(p *datchuan.Plan) { p.Date = datchuan.Date{} },
			"no title":        func(p *datchuan.Plan) { p.Title = "" },
			"unknown unit":    func(p *datchuan.Plan) { p.ProvinceID = 1 << 40 },
			"unknown creator": func(p *datchuan.Plan) { p.CreatedBy = 1 << 40 },
			"unknown target":  func(p *datchuan.Plan) { p.TargetIDs = []int64{w.target, 1 << 40} },
			"unknown file":    func(p *datchuan.Plan) { p.Files = []string{strings.Repeat("0", 64)} },
		} {
			p := valid()
			change(p)
			err := ps.CreatePlan(ctx, p)
			wantCode(t, err, datchuan.EINVALID)
			if p.ID != 0 {
				t.Errorf("%s: refused plan got ID %d", name, p.ID)
			}
		}
		wantMessage(t, ps.CreatePlan(ctx, &datchuan.Plan{ProvinceID: w.province, Date: datchuan.NewDate(2022, 6, 22), Title: "x"}), "số, ký hiệu")
		// A refused list leaves no plan behind: the plan and its lists are one transaction.
		plans, err := ps.Plans(ctx, w.province)
		must(t, err)
		if len(plans) != 0 {
			t.Errorf("%d plans after refused creations", len(plans))
		}
	})
}

// ids returns the IDs of the assignments, in order.
func ids(as []*datchuan.Assignment) []int64 {
	return field(as, func(a *datchuan.Assignment) int64 { return a.ID })
}

func TestAssign(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ps := db.Stores().Plans
		p45 := &datchuan.Plan{ProvinceID: w.province, Number: "45/KH-BCĐ", Date: datchuan.NewDate(2022, 6, 22), Title: "Kế hoạch 45"}
		must(t, ps.CreatePlan(ctx, p45))

		aug31, jul31 := datchuan.NewDate(2022, 8, 31), datchuan.NewDate(2022, 7, 31)
		// Criterion 17 (environment) for three communes at once, led by
		// agriculture with the coordination office; criterion 2 and
		// indicator 17.8 of the first commune led by construction.
		c17 := func(unit int64) *datchuan.Assignment {
			return &datchuan.Assignment{PlanID: p45.ID, UnitID: unit, SetID: testSet, CriterionCode: "17", LeadID: w.snn,
				SupportIDs: []int64{w.vpdp}, Deadline: aug31, Outputs: []datchuan.Output{datchuan.OutputEvaluation, datchuan.OutputReport},
				CreatedBy: w.user}
		}
		a3, a2, a1 := c17(w.c3), c17(w.c2), c17(w.c1)
		c2 := &datchuan.Assignment{PlanID: p45.ID, UnitID: w.c1, SetID: testSet, CriterionCode: "2", LeadID: w.sxd, Deadline: jul31,
			Outputs: []datchuan.Output{datchuan.OutputGuidance, datchuan.OutputGuidance}, Note: "Giao thông"}
		i178 := &datchuan.Assignment{UnitID: w.c1, SetID: testSet, CriterionCode: "17", IndicatorCode: "17.8", LeadID: w.sxd,
			SupportIDs: []int64{w.snn, w.vpdp, w.snn}}
		must(t, ps.Assign(ctx, []*datchuan.Assignment{a3, a2, i178, a1, c2}))
		for _, a := range []*datchuan.Assignment{a1, a2, a3, c2, i178} {
			if a.ID == 0 || !a.CreatedAt.Equal(utcNow) || a.Done {
				t.Fatalf("after Assign: %+v", a)
			}
		}
		wantEqual(t, []datchuan.Output{datchuan.OutputGuidance}, c2.Outputs, "repeated output")
		wantEqual(t, []int64{w.snn, w.vpdp}, i178.SupportIDs, "repeated support")

		// By deadline (none last), unit, then criterion 2 before 17 and the
		// whole criterion before its indicator.
		all := mustFind(t, ps.Assignments, datchuan.AssignmentFilter{})
		wantEqual(t, []*datchuan.Assignment{c2, a1, a2, a3, i178}, all, "Assignments")

		for name, tc := range map[string]struct {
			f    datchuan.AssignmentFilter
			want []*datchuan.Assignment
		}{
			"ids":               {datchuan.AssignmentFilter{IDs: []int64{i178.ID, a2.ID}}, []*datchuan.Assignment{a2, i178}},
			"no ids":            {datchuan.AssignmentFilter{IDs: []int64{}}, nil},
			"plan":              {datchuan.AssignmentFilter{PlanID: p45.ID}, []*datchuan.Assignment{c2, a1, a2, a3}},
			"units":             {datchuan.AssignmentFilter{UnitIDs: []int64{w.c1}}, []*datchuan.Assignment{c2, a1, i178}},
			"support agency":    {datchuan.AssignmentFilter{AgencyIDs: []int64{w.vpdp}}, []*datchuan.Assignment{a1, a2, a3, i178}},
			"lead agency":       {datchuan.AssignmentFilter{AgencyIDs: []int64{w.sxd}}, []*datchuan.Assignment{c2, i178}},
			"lead or support":   {datchuan.AssignmentFilter{AgencyIDs: []int64{w.sxd, w.vpdp}}, []*datchuan.Assignment{c2, a1, a2, a3, i178}},
			"set":               {datchuan.AssignmentFilter{SetID: "other"}, nil},
			"criterion":         {datchuan.AssignmentFilter{SetID: testSet, CriterionCode: "17"}, []*datchuan.Assignment{a1, a2, a3, i178}},
			"due before":        {datchuan.AssignmentFilter{DueBefore: aug31}, []*datchuan.Assignment{c2}},
			"due before, after": {datchuan.AssignmentFilter{DueBefore: aug31.AddDays(1)}, []*datchuan.Assignment{c2, a1, a2, a3}},
			"combined":          {datchuan.AssignmentFilter{UnitIDs: []int64{w.c1, w.c2}, AgencyIDs: []int64{w.snn}, CriterionCode: "17"}, []*datchuan.Assignment{a1, a2, i178}},
		} {
			wantEqual(t, ids(tc.want), ids(mustFind(t, ps.Assignments, tc.f)), "%s", name)
		}

		// Done assignments drop out of Open; done can be undone.
		setDone := func(a *datchuan.Assignment, done bool) {
			t.Helper()
			a.Done = done
			must(t, ps.UpdateAssignment(ctx, a))
		}
		setDone(a2, true)
		setDone(c2, true)
		setDone(c2, false)
		open := mustFind(t, ps.Assignments, datchuan.AssignmentFilter{Open: true})
		wantEqual(t, []int64{c2.ID, a1.ID, a3.ID, i178.ID}, ids(open), "Open")
		missing := *a1
		missing.ID = 1 << 40
		wantCode(t, ps.UpdateAssignment(ctx, &missing), datchuan.ENOTFOUND)

		must(t, ps.DeleteAssignment(ctx, a3.ID, a3.Version))
		wantCode(t, ps.DeleteAssignment(ctx, a3.ID, a3.Version), datchuan.ENOTFOUND)
		if got := mustFind(t, ps.Assignments, datchuan.AssignmentFilter{AgencyIDs: []int64{w.vpdp}}); len(got) != 3 {
			t.Errorf("after deleting an assignment its agency still has %d: %v", len(got), ids(got))
		}
	})
}

// TestAssignAgain assigns work that is assigned already: the row is
// replaced in place, so the work moves to the new lead instead of doubling.
func TestAssignAgain(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ps := db.Stores().Plans
		first := &datchuan.Assignment{UnitID: w.c2, SetID: testSet, CriterionCode: "17", LeadID: w.snn, SupportIDs: []int64{w.vpdp},
			Deadline: datchuan.NewDate(2022, 8, 31), Outputs: []datchuan.Output{datchuan.OutputReport}, Note: "Lần đầu", CreatedBy: w.user}
		other := &datchuan.Assignment{UnitID: w.c3, SetID: testSet, CriterionCode: "17", LeadID: w.snn}
		must(t, ps.Assign(ctx, []*datchuan.Assignment{first, other}))
		first.Done = true
		must(t, ps.UpdateAssignment(ctx, first))
		if first.Version != 2 {
			t.Errorf("version after an update = %d, want 2", first.Version)
		}

		p := &datchuan.Plan{ProvinceID: w.province, Number: "52/KH-BCĐ", Date: datchuan.NewDate(2022, 9, 1), Title: "Kế hoạch bổ sung"}
		must(t, ps.CreatePlan(ctx, p))
		again := &datchuan.Assignment{PlanID: p.ID, UnitID: w.c2, SetID: testSet, CriterionCode: "17", LeadID: w.sxd,
			SupportIDs: []int64{w.snn}, Deadline: datchuan.NewDate(2022, 10, 15), Outputs: []datchuan.Output{datchuan.OutputDossier}, Note: "Chuyển Sở Xây dựng"}
		must(t, ps.Assign(ctx, []*datchuan.Assignment{again}))
		// Same row: its ID, done flag and creation stamp stay; it is a new
		// version, so that an edit begun before the batch is a conflict.
		want := *again
		want.ID, want.Done, want.CreatedBy, want.CreatedAt, want.Version = first.ID, true, w.user, utcNow, 3
		wantEqual(t, &want, again, "after assigning again")
		got := mustFind(t, ps.Assignments, datchuan.AssignmentFilter{UnitIDs: []int64{w.c2}})
		wantEqual(t, []*datchuan.Assignment{&want}, got, "stored")
		// The old supporting agency no longer sees it; the old lead supports now.
		if got := ids(mustFind(t, ps.Assignments, datchuan.AssignmentFilter{AgencyIDs: []int64{w.vpdp}})); len(got) != 0 {
			t.Errorf("coordination office still assigned %v", got)
		}
		wantEqual(t, []int64{first.ID, other.ID}, ids(mustFind(t, ps.Assignments, datchuan.AssignmentFilter{AgencyIDs: []int64{w.snn}})), "agriculture")
		if n := len(mustFind(t, ps.Assignments, datchuan.AssignmentFilter{})); n != 2 {
			t.Errorf("%d assignments after assigning again, want 2", n)
		}
		stale := *first
		stale.Note = "Sửa từ trang mở trước khi phân công lại"
		wantCode(t, ps.UpdateAssignment(ctx, &stale), datchuan.ECONFLICT)
		if other.Version != 1 {
			t.Errorf("an assignment the batch did not touch is at version %d, want 1", other.Version)
		}

		// Two rows of one batch with one key: written in order, the later
		// wins (whether a batch may repeat a key is the domain's to say).
		x := &datchuan.Assignment{UnitID: w.c1, SetID: testSet, CriterionCode: "5", LeadID: w.snn, Note: "x"}
		y := &datchuan.Assignment{UnitID: w.c1, SetID: testSet, CriterionCode: "5", LeadID: w.sxd, Note: "y"}
		must(t, ps.Assign(ctx, []*datchuan.Assignment{x, y}))
		got = mustFind(t, ps.Assignments, datchuan.AssignmentFilter{UnitIDs: []int64{w.c1}})
		if len(got) != 1 || got[0].ID != x.ID || y.ID != x.ID || got[0].Note != "y" || got[0].LeadID != w.sxd || got[0].Version != 2 {
			t.Errorf("after a batch repeating a key: %+v", got)
		}
	})
}

// TestAssignAllOrNothing sends batches with one bad row: the message names
// the row and what is wrong, and no row of the batch is written.
func TestAssignAllOrNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ps := db.Stores().Plans
		existing := &datchuan.Assignment{UnitID: w.c1, SetID: testSet, CriterionCode: "17", LeadID: w.snn, Note: "Ban đầu"}
		must(t, ps.Assign(ctx, []*datchuan.Assignment{existing}))
		before := mustFind(t, ps.Assignments, datchuan.AssignmentFilter{})

		good := func() *datchuan.Assignment {
			return &datchuan.Assignment{UnitID: w.c2, SetID: testSet, CriterionCode: "5", LeadID: w.sxd}
		}
		replace := func() *datchuan.Assignment {
			return &datchuan.Assignment{UnitID: w.c1, SetID: testSet, CriterionCode: "17", LeadID: w.sxd, Note: "Thay"}
		}
		for name, tc := range map[string]struct {
			bad  func(a *datchuan.Assignment)
			want string // part of the message
		}{
			"no unit":         {func(a *datchuan.Assignment) { a.UnitID = 0 }, "đơn vị hành chính 0 không tồn tại"},
			"no lead":         {func(a *datchuan.Assignment) { a.LeadID = 0 }, "cơ quan chủ trì 0 không tồn tại"},
			"bad output":      {func(a *datchuan.Assignment) { a.Outputs = []datchuan.Output{"minutes"} }, "minutes"},
			"lead supports":   {func(a *datchuan.Assignment) { a.SupportIDs = []int64{a.LeadID} }, "vừa chủ trì vừa phối hợp"},
			"unknown unit":    {func(a *datchuan.Assignment) { a.UnitID = 1 << 40 }, "unknown unit"},
			"unknown lead":    {func(a *datchuan.Assignment) { a.LeadID = 1 << 40 }, "unknown lead agency"},
			"unknown support": {func(a *datchuan.Assignment) { a.SupportIDs = []int64{w.vpdp, 1 << 40} }, "unknown supporting agency"},
			"unknown plan":    {func(a *datchuan.Assignment) { a.PlanID = 1 << 40 }, "kế hoạch"},
			"unknown creator": {func(a *datchuan.Assignment) { a.CreatedBy = 1 << 40 }, "người tạo"},
		} {
			bad := good()
			tc.bad(bad)
			first, third := replace(), good()
			third.UnitID = w.c3
			err := ps.Assign(ctx, []*datchuan.Assignment{first, bad, third})
			wantCode(t, err, datchuan.EINVALID)
			wantMessage(t, err, "Dòng 2")
			wantMessage(t, err, tc.want)
			if first.ID != 0 || third.ID != 0 {
				t.Errorf("%s: refused batch set IDs %d, %d", name, first.ID, third.ID)
			}
			wantUnchanged(t, before, mustFind(t, ps.Assignments, datchuan.AssignmentFilter{}), "%s: after a refused batch, the assignments", name)
		}
		wantCode(t, ps.Assign(ctx, []*datchuan.Assignment{nil}), datchuan.EINVALID)
		must(t, ps.Assign(ctx, nil))
	})
}
