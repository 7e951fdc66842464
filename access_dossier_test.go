package datchuan_test

import (
	"context"
	"testing"

	"github.com/datchuan/datchuan"
)

// TestDossierAccess: the coordination office keeps the province's
// dossiers; the district works the papers of its own agencies; a
// department works the papers it prepares; nobody else edits.
func TestDossierAccess(t *testing.T) {
	units := fakeUnits{units: []*datchuan.Unit{
		{ID: 1, Code: "84", Level: datchuan.LevelProvince},
		{ID: 2, Code: "848", Level: datchuan.LevelDistrict, ParentCode: "84"},
		{ID: 3, Code: "850", Level: datchuan.LevelDistrict, ParentCode: "84"},
		{ID: 4, Code: "29446", Level: datchuan.LevelCommune, ParentCode: "848"},
	}}
	agencies := fakeAgencies{agencies: []*datchuan.Agency{
		{ID: 10, Code: "84-SXD", Kind: datchuan.AgencyDepartment, UnitID: 1},
		{ID: 11, Code: "84-STNMT", Kind: datchuan.AgencyDepartment, UnitID: 1},
	}}
	tree := datchuan.NewUnitTree(units, nil)
	access := func(roles ...datchuan.Role) *datchuan.Access {
		a, err := datchuan.LoadAccess(context.Background(), &datchuan.User{ID: 1, PersonID: 7, Login: "x", Roles: roles}, tree, agencies)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	caungang := datchuan.UnitPath{Province: "84", District: "848"}
	duyenhai := datchuan.UnitPath{Province: "84", District: "850"}
	province := datchuan.UnitPath{Province: "84"}
	ubndHuyen := &datchuan.Agency{ID: 20, Kind: datchuan.AgencyPeoplesCommittee, UnitID: 2}
	sxd := &datchuan.Agency{ID: 10, Kind: datchuan.AgencyDepartment, UnitID: 1}
	vpdp := &datchuan.Agency{ID: 30, Kind: datchuan.AgencyCoordination, UnitID: 1}
	coord := access(datchuan.Role{Kind: datchuan.RoleCoordination, UnitID: 1})
	district := access(datchuan.Role{Kind: datchuan.RoleDistrict, UnitID: 2})
	other := access(datchuan.Role{Kind: datchuan.RoleDistrict, UnitID: 3})
	commune := access(datchuan.Role{Kind: datchuan.RoleCommune, UnitID: 4})
	dept := access(datchuan.Role{Kind: datchuan.RoleDepartment, AgencyID: 10})
	otherDept := access(datchuan.Role{Kind: datchuan.RoleDepartment, AgencyID: 11})
	leader := access(datchuan.Role{Kind: datchuan.RoleLeader, UnitID: 1})
	for _, c := range []struct {
		name      string
		got, want bool
	}{
		{"coordination keeps the province's dossiers", coord.CanKeepDossiers("84"), true},
		{"coordination keeps another province's", coord.CanKeepDossiers("83"), false},
		{"district keeps dossiers", district.CanKeepDossiers("84"), false},
		{"department keeps dossiers", dept.CanKeepDossiers("84"), false},
		{"coordination works any paper", coord.CanWorkDossierItem(caungang, nil, datchuan.UnitPath{}), true},
		{"district works its committee's paper", district.CanWorkDossierItem(caungang, ubndHuyen, caungang), true},
		{"another district works it", other.CanWorkDossierItem(caungang, ubndHuyen, caungang), false},
		{"district works another district's paper", district.CanWorkDossierItem(duyenhai, ubndHuyen, duyenhai), false},
		{"district works the office's paper", district.CanWorkDossierItem(caungang, vpdp, province), false},
		{"district works a paper of nobody", district.CanWorkDossierItem(caungang, nil, datchuan.UnitPath{}), false},
		{"commune works its district's paper", commune.CanWorkDossierItem(caungang, ubndHuyen, caungang), false},
		{"department works its own paper", dept.CanWorkDossierItem(caungang, sxd, province), true},
		{"department works another's paper", otherDept.CanWorkDossierItem(caungang, sxd, province), false},
		{"department works the district's paper", dept.CanWorkDossierItem(caungang, ubndHuyen, caungang), false},
		{"leader works a paper", leader.CanWorkDossierItem(caungang, vpdp, province), false},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if err := district.CheckWorkDossierItem(caungang, vpdp, province); datchuan.ErrorCode(err) != datchuan.EFORBIDDEN {
		t.Errorf("the refusal of a paper: %v", err)
	}
}
