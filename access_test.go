package datchuan_test

import (
	"context"
	"testing"

	"github.com/datchuan/datchuan"
)

// fakeUnits holds a tiny hierarchy: province 84, districts 848 and 850,
// communes 29446 (in 848) and 29497 (in 850).
type fakeUnits struct {
	datchuan.UnitService
	units []*datchuan.Unit
	links []datchuan.UnitLink
	finds *int // counts FindUnits calls, when set
}

func (f fakeUnits) Unit(_ context.Context, id int64) (*datchuan.Unit, error) {
	for _, u := range f.units {
		if u.ID == id {
			return u, nil
		}
	}
	return nil, datchuan.Errorf(datchuan.ENOTFOUND, "no unit %d", id)
}

// FindUnits honours Code, Level, ParentCode and On, in the store's order
// (by code, then start of validity: the fixtures are written in it).
func (f fakeUnits) FindUnits(_ context.Context, flt datchuan.UnitFilter) ([]*datchuan.Unit, error) {
	if f.finds != nil {
		*f.finds++
	}
	var out []*datchuan.Unit
	for _, u := range f.units {
		if (flt.Code == "" || u.Code == flt.Code) && (flt.Level == "" || u.Level == flt.Level) &&
			(flt.ParentCode == "" || u.ParentCode == flt.ParentCode) && (flt.On.IsZero() || u.ValidOn(flt.On)) {
			out = append(out, u)
		}
	}
	return out, nil
}

func (f fakeUnits) UnitLinks(_ context.Context, id int64) (from, into []datchuan.UnitLink, err error) {
	for _, l := range f.links {
		if l.FromID == id {
			into = append(into, l)
		}
		if l.ToID == id {
			from = append(from, l)
		}
	}
	return from, into, nil
}

type fakeAgencies struct {
	datchuan.AgencyService
	agencies []*datchuan.Agency
	leads    []*datchuan.Lead
}

func (f fakeAgencies) Agency(_ context.Context, id int64) (*datchuan.Agency, error) {
	for _, a := range f.agencies {
		if a.ID == id {
			return a, nil
		}
	}
	return nil, datchuan.Errorf(datchuan.ENOTFOUND, "no agency %d", id)
}

func (f fakeAgencies) Leads(context.Context, int64, string) ([]*datchuan.Lead, error) {
	return f.leads, nil
}

func TestAccess(t *testing.T) {
	units := fakeUnits{units: []*datchuan.Unit{
		{ID: 1, Code: "84", Level: datchuan.LevelProvince},
		{ID: 2, Code: "848", Level: datchuan.LevelDistrict, ParentCode: "84"},
		{ID: 3, Code: "850", Level: datchuan.LevelDistrict, ParentCode: "84"},
		{ID: 4, Code: "29446", Level: datchuan.LevelCommune, ParentCode: "848"},
		{ID: 5, Code: "29497", Level: datchuan.LevelCommune, ParentCode: "850"},
	}}
	const set = "s"
	agencies := fakeAgencies{
		agencies: []*datchuan.Agency{
			{ID: 10, Code: "84-STNMT", Kind: datchuan.AgencyDepartment, UnitID: 1},
			{ID: 11, Code: "84-SYT", Kind: datchuan.AgencyDepartment, UnitID: 1},
			{ID: 12, Code: "848-BCD", Kind: datchuan.AgencyDistrictCommittee, UnitID: 2},
		},
		leads: []*datchuan.Lead{
			{SetID: set, CriterionCode: "17", AgencyID: 10},                        // environment leads 17 …
			{SetID: set, CriterionCode: "17", IndicatorCode: "17.2", AgencyID: 11}, // … but health leads 17.2
			{SetID: set, CriterionCode: "17", AgencyID: 11, Supporting: true},      // and supports 17
		},
	}
	tree := datchuan.NewUnitTree(units, nil)
	path := func(id int64) datchuan.UnitPath {
		u, _ := units.Unit(context.Background(), id)
		p, err := tree.Path(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	nhiTruong, other, caungang, province := path(4), path(5), path(2), path(1)
	if nhiTruong != (datchuan.UnitPath{Province: "84", District: "848", Commune: "29446"}) {
		t.Fatalf("path of 29446 = %+v", nhiTruong)
	}
	access := func(roles ...datchuan.Role) *datchuan.Access {
		a, err := datchuan.LoadAccess(context.Background(), &datchuan.User{ID: 1, PersonID: 7, Login: "x", Roles: roles}, tree, agencies)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	system := datchuan.SystemAccess("test")
	ownValue := &datchuan.Value{SetID: set, IndicatorCode: "17.1", ReportedBy: 7}
	othersValue := &datchuan.Value{SetID: set, IndicatorCode: "17.1", ReportedBy: 8}
	draft := &datchuan.Approval{AgencyID: 10, State: datchuan.ApprovalDraft}
	submitted := &datchuan.Approval{AgencyID: 10, State: datchuan.ApprovalSubmitted}
	type check struct {
		name string
		got  bool
		want bool
	}
	commune := access(datchuan.Role{Kind: datchuan.RoleCommune, UnitID: 4})
	district := access(datchuan.Role{Kind: datchuan.RoleDistrict, UnitID: 2})
	tnmt := access(datchuan.Role{Kind: datchuan.RoleDepartment, AgencyID: 10})
	syt := access(datchuan.Role{Kind: datchuan.RoleDepartment, AgencyID: 11})
	coord := access(datchuan.Role{Kind: datchuan.RoleCoordination, UnitID: 1})
	leader := access(datchuan.Role{Kind: datchuan.RoleLeader, UnitID: 1})
	admin := access(datchuan.Role{Kind: datchuan.RoleAdmin})
	disabled, err := datchuan.LoadAccess(context.Background(), &datchuan.User{Disabled: true,
		Roles: []datchuan.Role{{Kind: datchuan.RoleCoordination, UnitID: 1}}}, tree, agencies)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []check{
		{"commune reads its commune", commune.CanRead(nhiTruong), true},
		{"commune reads its district", commune.CanRead(caungang), false},
		{"commune reads another commune", commune.CanRead(other), false},
		{"commune reports its commune", commune.CanReport(nhiTruong), true},
		{"commune reviews", commune.CanReview(nhiTruong, set, "17", "17.1"), false},
		{"district reads its commune", district.CanRead(nhiTruong), true},
		{"district reads its own page", district.CanRead(caungang), true},
		{"district reads the province", district.CanRead(province), false},
		{"district reads another district's commune", district.CanRead(other), false},
		{"district reports its commune", district.CanReport(nhiTruong), true},
		{"department reads the province", tnmt.CanRead(province) && tnmt.CanRead(other), true},
		{"department reports", tnmt.CanReport(nhiTruong), false},
		{"department reviews an indicator of the criterion it leads", tnmt.CanReview(nhiTruong, set, "17", "17.1"), true},
		{"department reviews an indicator led by another", tnmt.CanReview(nhiTruong, set, "17", "17.2"), false},
		{"department reviews a criterion it does not lead", tnmt.CanReview(nhiTruong, set, "1", "1.1"), false},
		{"department reviews in another set", tnmt.CanReview(nhiTruong, "other", "17", "17.1"), false},
		{"indicator lead reviews its indicator", syt.CanReview(nhiTruong, set, "17", "17.2"), true},
		{"supporting department reviews", syt.CanReview(nhiTruong, set, "17", "17.1"), false},
		{"coordination reviews anything in its province", coord.CanReview(other, set, "1", "1.1"), true},
		{"coordination reports", coord.CanReport(other), true},
		{"leader reads", leader.CanRead(other), true},
		{"leader reports", leader.CanReport(other), false},
		{"leader reviews", leader.CanReview(other, set, "17", "17.1"), false},
		{"admin administers", admin.Admin(), true},
		{"admin reads unit data", admin.CanRead(province), false},
		{"a disabled account reads", disabled.CanRead(province), false},
		{"nobody reads", (*datchuan.Access)(nil).CanRead(province), false},
		{"queue of a leading department", tnmt.Reviews(), true},
		{"queue of a leader", leader.Reviews(), false},
		{"the program itself does anything", system.CanPlan(province) && system.CanReview(other, set, "1", "1.1"), true},

		// Nobody confirms their own report.
		{"coordination decides another's report", coord.CanDecide(nhiTruong, "17", othersValue), true},
		{"coordination decides its own report", coord.CanDecide(nhiTruong, "17", ownValue), false},
		{"lead decides its own report", tnmt.CanDecide(nhiTruong, "17", ownValue), false},
		{"an imported value is nobody's own", coord.OwnReport(&datchuan.Value{}), false},

		// A returned value is the turn of who reported it, or of the unit's
		// own office; not of every office above that may report too.
		{"commune corrects its commune's value", commune.Corrects(nhiTruong, othersValue), true},
		{"district corrects a value it reported for a commune", district.Corrects(nhiTruong, ownValue), true},
		{"district corrects a commune's own value", district.Corrects(nhiTruong, othersValue), false},
		{"district corrects its district's value", district.Corrects(caungang, othersValue), true},
		{"coordination corrects a commune's value", coord.Corrects(nhiTruong, othersValue), false},
		{"coordination corrects its own report", coord.Corrects(nhiTruong, ownValue), true},
		{"coordination corrects the province's value", coord.Corrects(province, othersValue), true},
		{"department corrects its own value", tnmt.Corrects(nhiTruong, ownValue), false},

		// Member tasks go to the commune's and its district's committees.
		{"commune member takes tasks of its commune", commune.OnCommittee(nhiTruong), true},
		{"district member takes tasks of its communes", district.OnCommittee(nhiTruong), true},
		{"coordination takes commune tasks", coord.OnCommittee(nhiTruong), false},

		// Plans.
		{"coordination plans", coord.CanPlan(nhiTruong), true},
		{"department plans", tnmt.CanPlan(nhiTruong), false},
		{"coordination marks any assignment done", coord.CanMarkDone(nhiTruong, 11), true},
		{"lead department marks its assignment done", tnmt.CanMarkDone(nhiTruong, 10), true},
		{"department marks another's assignment done", syt.CanMarkDone(nhiTruong, 10), false},
		{"department marks an assignment with no lead done", tnmt.CanMarkDone(nhiTruong, 0), false},
		{"district marks its commune's assignment done", district.CanMarkDone(nhiTruong, 12), false},
		{"leader marks an assignment done", leader.CanMarkDone(nhiTruong, 10), false},
		{"coordination of another province marks done", coord.CanMarkDone(datchuan.UnitPath{Province: "83"}, 10), false},
		{"commune works in its province", commune.InProvince("84"), true},
		{"commune works in another province", commune.InProvince("83"), false},

		// Approvals: drafts stay with their agency and the coordination office.
		{"department drafts for itself", tnmt.CanDraftFor(10, "84"), true},
		{"department drafts for another", tnmt.CanDraftFor(11, "84"), false},
		{"coordination drafts for any agency", coord.CanDraftFor(11, "84"), true},
		{"district drafts", district.CanDraftApprovals("84"), false},
		{"department sees its own draft", tnmt.CanSeeApproval(draft, "84"), true},
		{"another department sees a draft", syt.CanSeeApproval(draft, "84"), false},
		{"commune sees a submitted item", commune.CanSeeApproval(submitted, "84"), true},
		{"department submits its item", tnmt.CanMoveApproval(draft, "84", datchuan.ApprovalSubmitted), true},
		{"department approves", tnmt.CanMoveApproval(submitted, "84", datchuan.ApprovalApproved), false},
		{"coordination approves", coord.CanMoveApproval(submitted, "84", datchuan.ApprovalApproved), true},
		{"coordination of another province approves", coord.CanDecideApproval("83"), false},

		// Guidance: the coordination office, or the lead of the criterion.
		{"lead department publishes", tnmt.Publishes("84") && tnmt.CanPublish("84", 10), true},
		{"department publishes for another's criterion", tnmt.CanPublish("84", 11), false},
		{"coordination publishes without a lead", coord.CanPublish("84", 0), true},
		{"coordination names the publisher", coord.ChoosesPublisher("84"), true},
		{"department names the publisher", tnmt.ChoosesPublisher("84"), false},
		{"district publishes", district.Publishes("84"), false},

		// Files: the uploader, and whoever reads a unit that cites them.
		{"uploader reads a file nobody cites", commune.CanReadAttachment(&datchuan.Attachment{UploadedBy: 1}, nil), true},
		{"reader of a citing unit reads a file", district.CanReadAttachment(&datchuan.Attachment{UploadedBy: 99}, []datchuan.UnitPath{nhiTruong}), true},
		{"another commune reads a file", access(datchuan.Role{Kind: datchuan.RoleCommune, UnitID: 5}).CanReadAttachment(&datchuan.Attachment{UploadedBy: 99}, []datchuan.UnitPath{nhiTruong}), false},

		// The change log: the coordination office of the province, and admins.
		{"coordination audits its province", coord.CanAudit("84"), true},
		{"coordination audits another province", coord.CanAudit("83"), false},
		{"department audits", tnmt.CanAudit("84"), false},
		{"admin audits anywhere", admin.CanAudit("83"), true},
		{"admin lists every unit", admin.ListsAllUnits(), true},
		{"coordination lists every unit", coord.ListsAllUnits(), false},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}
