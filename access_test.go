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
}

func (f fakeUnits) Unit(_ context.Context, id int64) (*datchuan.Unit, error) {
	for _, u := range f.units {
		if u.ID == id {
			return u, nil
		}
	}
	return nil, datchuan.Errorf(datchuan.ENOTFOUND, "no unit %d", id)
}

func (f fakeUnits) FindUnits(_ context.Context, flt datchuan.UnitFilter) ([]*datchuan.Unit, error) {
	var out []*datchuan.Unit
	for _, u := range f.units {
		if u.Code == flt.Code {
			out = append(out, u)
		}
	}
	return out, nil
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
	path := func(id int64) datchuan.UnitPath {
		u, _ := units.Unit(context.Background(), id)
		p, err := datchuan.PathOf(context.Background(), units, u)
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
		a, err := datchuan.LoadAccess(context.Background(), &datchuan.User{ID: 1, Login: "x", Roles: roles}, units, agencies)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
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
		Roles: []datchuan.Role{{Kind: datchuan.RoleCoordination, UnitID: 1}}}, units, agencies)
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
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}
