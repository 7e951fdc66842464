package datchuan_test

import (
	"context"
	"slices"
	"testing"

	"github.com/datchuan/datchuan"
)

// TestNationalAccess: the central coordination office reads every unit of
// every province, as a province's leaders read theirs, and writes nothing
// anywhere; nobody else reads the national page.
func TestNationalAccess(t *testing.T) {
	units := fakeUnits{units: []*datchuan.Unit{
		{ID: 1, Code: "84", Level: datchuan.LevelProvince},
		{ID: 2, Code: "848", Level: datchuan.LevelDistrict, ParentCode: "84"},
		{ID: 4, Code: "29446", Level: datchuan.LevelCommune, ParentCode: "848"},
		{ID: 6, Code: "01", Level: datchuan.LevelProvince},
	}}
	agencies := fakeAgencies{agencies: []*datchuan.Agency{
		{ID: 10, Code: "84-SXD", Kind: datchuan.AgencyDepartment, UnitID: 1},
		{ID: 12, Code: "848-BCD", Kind: datchuan.AgencyDistrictCommittee, UnitID: 2},
	}}
	tree := datchuan.NewUnitTree(units, nil)
	access := func(roles ...datchuan.Role) *datchuan.Access {
		a, err := datchuan.LoadAccess(context.Background(), &datchuan.User{ID: 1, PersonID: 7, Login: "x", Roles: roles}, tree, agencies)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	national := access(datchuan.Role{Kind: datchuan.RoleNational})
	leader := access(datchuan.Role{Kind: datchuan.RoleLeader, UnitID: 1})
	coord := access(datchuan.Role{Kind: datchuan.RoleCoordination, UnitID: 1})
	admin := access(datchuan.Role{Kind: datchuan.RoleAdmin})
	// A national role that names a unit (stored before the shape check)
	// still reads the whole country and no more.
	stray := access(datchuan.Role{Kind: datchuan.RoleNational, UnitID: 4})
	disabled, err := datchuan.LoadAccess(context.Background(), &datchuan.User{Disabled: true,
		Roles: []datchuan.Role{{Kind: datchuan.RoleNational}}}, tree, agencies)
	if err != nil {
		t.Fatal(err)
	}

	commune := datchuan.UnitPath{Province: "84", District: "848", Commune: "29446"}
	district := datchuan.UnitPath{Province: "84", District: "848"}
	hanoi := datchuan.UnitPath{Province: "01"}
	sxd := &datchuan.Agency{ID: 10, Kind: datchuan.AgencyDepartment, UnitID: 1}
	bcd := &datchuan.Agency{ID: 12, Kind: datchuan.AgencyDistrictCommittee, UnitID: 2}
	value := &datchuan.Value{SetID: "s", IndicatorCode: "1.1", ReportedBy: 8}
	submitted := &datchuan.Approval{AgencyID: 10, State: datchuan.ApprovalSubmitted}
	draft := &datchuan.Approval{AgencyID: 10, State: datchuan.ApprovalDraft}

	for _, c := range []struct {
		name      string
		got, want bool
	}{
		// Reads: everything a province's leaders read, in every province.
		{"national reads the national page", national.CanReadNational(), true},
		{"national reads a commune", national.CanRead(commune), true},
		{"national reads a district", national.CanRead(district), true},
		{"national reads any province", national.CanRead(hanoi), true},
		{"national lists every unit", national.ListsAllUnits(), true},
		{"national opens a province's plans, guidance, approvals", national.InProvince("01") && national.InProvince("84"), true},
		{"national sees a submitted approval", national.CanSeeApproval(submitted, "84"), true},
		{"national sees a draft approval", national.CanSeeApproval(draft, "84"), false},
		{"national sees the weekly rounds", national.CanSeeRounds("84"), true},
		{"national sees an inspection", national.CanSeeInspection("84", []datchuan.UnitPath{commune}), true},
		{"national sees the meetings", national.CanSeeMeetings(district) && national.CanSeeMeetings(hanoi), true},
		{"national reads a file cited by a unit", national.CanReadAttachment(&datchuan.Attachment{UploadedBy: 99}, []datchuan.UnitPath{commune}), true},
		{"national reads the change log", national.CanAudit("84"), false},
		{"national has a review queue", national.Reviews(), false},

		// Writes: none, anywhere.
		{"national reports", national.CanReport(commune) || national.Reports(), false},
		{"national reviews", national.CanReview(commune, "s", "1", "1.1") || national.CanDecide(commune, "1", value), false},
		{"national corrects a returned value", national.Corrects(commune, value), false},
		{"national takes commune tasks", national.OnCommittee(commune), false},
		{"national plans", national.CanPlan(commune) || national.CanMarkDone(commune, 10), false},
		{"national drafts or decides approvals", national.CanDraftApprovals("84") || national.CanDraftFor(10, "84") ||
			national.CanDecideApproval("84") || national.CanMoveApproval(submitted, "84", datchuan.ApprovalApproved), false},
		{"national publishes guidance", national.Publishes("84") || national.ChoosesPublisher("84") || national.CanPublish("84", 0), false},
		{"national runs rounds or writes a report", national.CanRunRounds("84") || national.SpeaksFor(sxd, datchuan.UnitPath{Province: "84"}) || national.SpeaksFor(bcd, district), false},
		{"national raises or works obstacles", national.CanRaiseObstacle(commune) || national.CanWorkObstacle(commune, sxd) || national.CanWorkObstacle(commune, bcd), false},
		{"national inspects", national.InspectsIn("84") || national.CanInspect("84", 10) || national.ChoosesInspector("84"), false},
		{"national keeps dossiers", national.CanKeepDossiers("84") || national.CanWorkDossierItem(district, sxd, datchuan.UnitPath{Province: "84"}), false},
		{"national runs meetings", national.CanRunMeetings(district) || national.CanRunMeetings(hanoi), false},
		{"national administers", national.Admin(), false},

		// The role is the central office's alone.
		{"a leader reads the national page", leader.CanReadNational(), false},
		{"the coordination office reads the national page", coord.CanReadNational(), false},
		{"an administrator reads the national page", admin.CanReadNational(), false},
		{"a leader reads another province", leader.CanRead(hanoi), false},
		{"a national role naming a unit reads the country", stray.CanRead(hanoi) && stray.CanReadNational(), true},
		{"a national role naming a unit reports there", stray.CanReport(commune), false},
		{"a disabled national account reads", disabled.CanReadNational() || disabled.CanRead(hanoi), false},
		{"the program itself reads the national page", datchuan.SystemAccess("test").CanReadNational(), true},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if got := national.Kinds(); !slices.Equal(got, []datchuan.RoleKind{datchuan.RoleNational}) {
		t.Errorf("kinds of a national account: %v", got)
	}
	if got := national.Scopes(); len(got) != 0 {
		t.Errorf("a national account has scopes %v: its pages would be a province's", got)
	}
	if err := leader.CheckReadNational(); datchuan.ErrorCode(err) != datchuan.EFORBIDDEN {
		t.Errorf("a leader asking for the national page: %v, want EFORBIDDEN", err)
	}
	if !datchuan.RoleNational.Valid() || !slices.Contains(datchuan.RoleKinds, datchuan.RoleNational) || datchuan.RoleNational.ScopeLevel() != "" {
		t.Errorf("the national kind is not offered as a role without a unit")
	}
}
