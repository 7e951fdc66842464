package datchuan_test

import (
	"testing"

	"github.com/datchuan/datchuan"
)

func rec(level datchuan.Level, code, typ, short, parent string) datchuan.UnitRecord {
	return datchuan.UnitRecord{Code: code, Name: typ + " " + short, Type: typ, Level: level, ParentCode: parent}
}

// applyPlan turns a plan into the units in force afterwards, giving new IDs.
func applyPlan(open []*datchuan.Unit, p datchuan.UnitPlan, next *int64) []*datchuan.Unit {
	var out []*datchuan.Unit
	out = append(out, p.Keep...)
	for _, r := range p.Open {
		*next++
		out = append(out, &datchuan.Unit{ID: *next, Code: r.Code, Name: r.Name, Type: r.Type, Level: r.Level, ParentCode: r.ParentCode, Classifiers: r.Classifiers})
	}
	return out
}

func TestPlanUnitSnapshot(t *testing.T) {
	first := datchuan.UnitSnapshot{Name: "2022", Units: []datchuan.UnitRecord{
		rec(datchuan.LevelProvince, "84", "Tỉnh", "Trà Vinh", ""),
		rec(datchuan.LevelProvince, "86", "Tỉnh", "Vĩnh Long", ""),
		rec(datchuan.LevelDistrict, "848", "Huyện", "Cầu Ngang", "84"),
		rec(datchuan.LevelDistrict, "850", "Huyện", "Duyên Hải", "84"),
		rec(datchuan.LevelCommune, "29458", "Xã", "Thạnh Hòa Sơn", "848"),
		rec(datchuan.LevelCommune, "29530", "Xã", "Ngũ Lạc", "850"),
		rec(datchuan.LevelCommune, "29533", "Xã", "Long Vĩnh", "850"),
	}}
	var id int64
	p, err := datchuan.PlanUnitSnapshot(nil, first)
	if err != nil || len(p.Open) != 7 {
		t.Fatalf("first snapshot: %d opened, err %v", len(p.Open), err)
	}
	open := applyPlan(nil, p, &id)

	// The same list again changes nothing.
	if p, _ := datchuan.PlanUnitSnapshot(open, first); len(p.Keep) != 7 || len(p.Open)+len(p.Close)+len(p.Links) != 0 {
		t.Fatalf("re-applying: keep %d open %d close %d links %d", len(p.Keep), len(p.Open), len(p.Close), len(p.Links))
	}

	merged := datchuan.UnitSnapshot{Name: "2025", Units: []datchuan.UnitRecord{
		rec(datchuan.LevelProvince, "86", "Tỉnh", "Vĩnh Long", ""),
		rec(datchuan.LevelCommune, "29530", "Xã", "Ngũ Lạc", "86"),
		rec(datchuan.LevelCommune, "29533", "Xã", "Long Vĩnh", "86"),
	}, Links: []datchuan.LinkRecord{
		{OldCode: "29458", OldLevel: datchuan.LevelCommune, NewCode: "29530", NewLevel: datchuan.LevelCommune, Kind: datchuan.LinkFull},
		{OldCode: "29530", OldLevel: datchuan.LevelCommune, NewCode: "29530", NewLevel: datchuan.LevelCommune, Kind: datchuan.LinkFull},
		{OldCode: "84", OldLevel: datchuan.LevelProvince, NewCode: "86", NewLevel: datchuan.LevelProvince, Kind: datchuan.LinkFull},
		{OldCode: "86", OldLevel: datchuan.LevelProvince, NewCode: "86", NewLevel: datchuan.LevelProvince, Kind: datchuan.LinkFull},
	}}
	p, err = datchuan.PlanUnitSnapshot(open, merged)
	if err != nil {
		t.Fatal(err)
	}
	// Vĩnh Long keeps its name but took Trà Vinh's territory: a new version.
	if len(p.Keep) != 0 {
		t.Errorf("kept %d units, want none (every unit changed parent or territory)", len(p.Keep))
	}
	if len(p.Close) != 7 || len(p.Open) != 3 {
		t.Errorf("closed %d opened %d, want 7 and 3", len(p.Close), len(p.Open))
	}
	kinds := map[string]datchuan.LinkKind{}
	for _, l := range p.Links {
		for _, u := range open {
			if u.ID == l.FromID {
				kinds[u.Code+">"+l.To.Code] = l.Kind
			}
		}
	}
	want := map[string]datchuan.LinkKind{
		"29458>29530": datchuan.LinkFull, "29530>29530": datchuan.LinkFull,
		"29533>29533": datchuan.LinkSame, "84>86": datchuan.LinkFull, "86>86": datchuan.LinkFull,
	}
	for k, v := range want {
		if kinds[k] != v {
			t.Errorf("link %s = %q, want %q (all links: %v)", k, kinds[k], v, kinds)
		}
	}
	if len(kinds) != len(want) {
		t.Errorf("links %v, want exactly %v", kinds, want)
	}
}

func TestPlanUnitSnapshotRefusesBadLinks(t *testing.T) {
	snap := datchuan.UnitSnapshot{Name: "x", Units: []datchuan.UnitRecord{rec(datchuan.LevelProvince, "86", "Tỉnh", "Vĩnh Long", "")},
		Links: []datchuan.LinkRecord{{OldCode: "99", OldLevel: datchuan.LevelProvince, NewCode: "86", NewLevel: datchuan.LevelProvince, Kind: datchuan.LinkFull}}}
	if _, err := datchuan.PlanUnitSnapshot(nil, snap); datchuan.ErrorCode(err) != datchuan.EINVALID {
		t.Errorf("link from an unknown code: err = %v, want EINVALID", err)
	}
	dup := datchuan.UnitSnapshot{Name: "x", Units: []datchuan.UnitRecord{rec(datchuan.LevelProvince, "86", "Tỉnh", "A", ""), rec(datchuan.LevelProvince, "86", "Tỉnh", "B", "")}}
	if _, err := datchuan.PlanUnitSnapshot(nil, dup); datchuan.ErrorCode(err) != datchuan.EINVALID {
		t.Errorf("duplicate code: err = %v, want EINVALID", err)
	}
}

func TestVersionOn(t *testing.T) {
	// 29416 was Thị trấn Cầu Ngang until 01/07/2025, then a new Xã Cầu Ngang.
	town := &datchuan.Unit{Code: "29416", ValidTo: datchuan.NewDate(2025, 7, 1)}
	commune := &datchuan.Unit{Code: "29416", ValidFrom: datchuan.NewDate(2025, 7, 1)}
	versions := []*datchuan.Unit{town, commune}
	for _, c := range []struct {
		day  datchuan.Date
		want *datchuan.Unit
	}{
		{datchuan.NewDate(2022, 9, 1), town},      // the demo's clock
		{datchuan.NewDate(2025, 6, 30), town},     // its last day
		{datchuan.NewDate(2025, 7, 1), commune},   // the merger
		{datchuan.NewDate(2026, 11, 27), commune}, // today
	} {
		if got := datchuan.VersionOn(versions, c.day); got != c.want {
			t.Errorf("VersionOn(%s) = %+v, want %+v", c.day.VN(), got, c.want)
		}
	}
	if got := datchuan.VersionOn([]*datchuan.Unit{commune}, datchuan.NewDate(2022, 1, 1)); got != nil {
		t.Errorf("a unit not yet formed was found: %+v", got)
	}
	if d := town.LastDay(); d != datchuan.NewDate(2025, 6, 30) {
		t.Errorf("last day of a closed unit: %s", d.VN())
	}
	if d := commune.LastDay(); !d.IsZero() {
		t.Errorf("a unit in force has a last day: %s", d.VN())
	}
	for code, want := range map[string]datchuan.Level{"84": datchuan.LevelProvince, "848": datchuan.LevelDistrict, "29446": datchuan.LevelCommune} {
		if got := datchuan.LevelOfCode(code); got != want {
			t.Errorf("LevelOfCode(%s) = %s, want %s", code, got, want)
		}
	}
}
