package datchuan_test

import (
	"context"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
)

func TestInspectionMoves(t *testing.T) {
	for _, c := range []struct {
		from, to datchuan.InspectionState
		ok       bool
	}{
		{datchuan.InspectionPlanned, datchuan.InspectionDone, true},
		{datchuan.InspectionPlanned, datchuan.InspectionCancelled, true},
		{datchuan.InspectionCancelled, datchuan.InspectionPlanned, true},
		{datchuan.InspectionDone, datchuan.InspectionPlanned, false}, // its report was signed
		{datchuan.InspectionDone, datchuan.InspectionCancelled, false},
		{datchuan.InspectionCancelled, datchuan.InspectionDone, false},
		{datchuan.InspectionPlanned, datchuan.InspectionPlanned, false},
		{datchuan.InspectionPlanned, "lost", false},
	} {
		if got := c.from.CanMoveTo(c.to); got != c.ok {
			t.Errorf("%s → %s: %v, want %v", c.from, c.to, got, c.ok)
		}
	}
}

// TestInspectionValidate: a planned inspection needs a title, an agency,
// a day and units; a done one also the day it was done, not in the
// future, and its team; the team lead is the first member's name.
func TestInspectionValidate(t *testing.T) {
	today := datchuan.NewDate(2022, 9, 1)
	x := &datchuan.Inspection{ProvinceID: 1, AgencyID: 2, Title: "Kiểm tra Cầu Ngang", Planned: datchuan.NewDate(2022, 9, 8),
		State: datchuan.InspectionPlanned, UnitIDs: []int64{3}, SetID: "s"}
	if err := x.Validate(today); err != nil {
		t.Fatalf("a planned inspection: %v", err)
	}
	x.State, x.Done = datchuan.InspectionDone, datchuan.NewDate(2022, 9, 2)
	f := datchuan.ErrorFields(x.Validate(today))
	if f[datchuan.FieldDone] == "" || f[datchuan.FieldTeam] == "" {
		t.Errorf("done tomorrow, without a team: %v", f)
	}
	x.Done, x.Team = today, "\n  Lê Thị Hồng, Chánh Văn phòng \nPhạm Quốc Bảo - chuyên viên\n"
	if err := x.Validate(today); err != nil {
		t.Errorf("a done inspection: %v", err)
	}
	if got := x.Lead(); got != "Lê Thị Hồng" || len(x.Members()) != 2 {
		t.Errorf("lead %q of members %q", got, x.Members())
	}
	x.State = datchuan.InspectionCancelled
	if f := datchuan.ErrorFields(x.Validate(today)); f[datchuan.FieldDone] == "" {
		t.Errorf("a cancelled inspection keeps a done date: %v", f)
	}
	empty := &datchuan.Inspection{State: datchuan.InspectionPlanned, Title: "Có\x00lỗi"}
	f = datchuan.ErrorFields(empty.Validate(today))
	for _, field := range []string{datchuan.FieldTitle, datchuan.FieldAgency, datchuan.FieldPlanned, datchuan.FieldUnits, datchuan.FieldCriteria} {
		if f[field] == "" {
			t.Errorf("an empty inspection has no problem on %s: %v", field, f)
		}
	}

	fd := &datchuan.Finding{InspectionID: 1, UnitID: 3, SetID: "s", CriterionCode: "17", Result: datchuan.FindingNotMet, ObstacleID: 4, TaskID: 5}
	if f := datchuan.ErrorFields(fd.Validate()); f[datchuan.FieldFollowUp] == "" {
		t.Errorf("a finding both an obstacle and a task: %v", f)
	}
	now := time.Date(2022, 9, 1, 8, 0, 0, 0, datchuan.Vietnam())
	ph := &datchuan.InspectionPhoto{AttachmentID: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		TakenAt: now.Add(time.Hour), TakenFrom: datchuan.PhotoTimeTyped}
	if f := datchuan.ErrorFields(ph.Validate(now)); f[datchuan.FieldTaken] == "" {
		t.Errorf("a photo typed as taken in the future: %v", f)
	}
	ph.TakenFrom = datchuan.PhotoTimeEXIF // a camera's clock may run ahead: its word is kept
	if err := ph.Validate(now); err != nil {
		t.Errorf("a photo whose camera clock runs ahead: %v", err)
	}
}

// TestInspectionAccess: the coordination office inspects anywhere in its
// province, a department only as the inspecting agency; whoever reads the
// province reads every inspection, a district or commune those of its
// units (and of a district it lies in).
func TestInspectionAccess(t *testing.T) {
	units := fakeUnits{units: []*datchuan.Unit{
		{ID: 1, Code: "84", Level: datchuan.LevelProvince},
		{ID: 2, Code: "848", Level: datchuan.LevelDistrict, ParentCode: "84"},
		{ID: 3, Code: "850", Level: datchuan.LevelDistrict, ParentCode: "84"},
		{ID: 4, Code: "29446", Level: datchuan.LevelCommune, ParentCode: "848"},
	}}
	agencies := fakeAgencies{agencies: []*datchuan.Agency{{ID: 10, Code: "84-STNMT", Kind: datchuan.AgencyDepartment, UnitID: 1}}}
	tree := datchuan.NewUnitTree(units, nil)
	access := func(r datchuan.Role) *datchuan.Access {
		a, err := datchuan.LoadAccess(context.Background(), &datchuan.User{ID: 1, Login: "x", Roles: []datchuan.Role{r}}, tree, agencies)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	coord := access(datchuan.Role{Kind: datchuan.RoleCoordination, UnitID: 1})
	tnmt := access(datchuan.Role{Kind: datchuan.RoleDepartment, AgencyID: 10})
	leader := access(datchuan.Role{Kind: datchuan.RoleLeader, UnitID: 1})
	district := access(datchuan.Role{Kind: datchuan.RoleDistrict, UnitID: 2})
	commune := access(datchuan.Role{Kind: datchuan.RoleCommune, UnitID: 4})
	nhiTruong := []datchuan.UnitPath{{Province: "84", District: "848", Commune: "29446"}}
	caungang := []datchuan.UnitPath{{Province: "84", District: "848"}}
	duyenHai := []datchuan.UnitPath{{Province: "84", District: "850"}}
	for _, c := range []struct {
		name      string
		got, want bool
	}{
		{"coordination inspects for any agency", coord.CanInspect("84", 11) && coord.ChoosesInspector("84"), true},
		{"department inspects as itself", tnmt.InspectsIn("84") && tnmt.CanInspect("84", 10), true},
		{"department edits another agency's inspection", tnmt.CanInspect("84", 11), false},
		{"department names another inspector", tnmt.ChoosesInspector("84"), false},
		{"coordination of another province inspects", coord.CanInspect("83", 10), false},
		{"leader plans", leader.InspectsIn("84"), false},
		{"commune plans", commune.InspectsIn("84"), false},
		{"leader reads any inspection", leader.CanSeeInspection("84", duyenHai), true},
		{"department reads any inspection", tnmt.CanSeeInspection("84", duyenHai), true},
		{"district reads one of its commune", district.CanSeeInspection("84", nhiTruong), true},
		{"district reads one of another district", district.CanSeeInspection("84", duyenHai), false},
		{"commune reads one of its commune", commune.CanSeeInspection("84", nhiTruong), true},
		{"commune reads one of its district", commune.CanSeeInspection("84", caungang), true},
		{"commune reads one of another district", commune.CanSeeInspection("84", duyenHai), false},
		{"coordination reads another province's", coord.CanSeeInspection("83", []datchuan.UnitPath{{Province: "83"}}), false},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}
