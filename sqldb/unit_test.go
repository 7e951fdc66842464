package sqldb_test

import (
	"context"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// A small history of Trà Vinh: a province, two districts and five communes
// (2022); a commune renamed (2024); the districts abolished and the
// communes merged into two, one of them under a reused code (2025).
var (
	day2024 = datchuan.NewDate(2024, 9, 1)
	day2025 = datchuan.NewDate(2025, 7, 1)

	snap2022 = datchuan.UnitSnapshot{
		Name: "tv-2022",
		Units: []datchuan.UnitRecord{
			{Code: "84", Name: "Tỉnh Trà Vinh", Type: "Tỉnh", Level: datchuan.LevelProvince, Classifiers: datchuan.Classifiers{Region: "DBSCL"}},
			{Code: "848", Name: "Huyện Cầu Ngang", Type: "Huyện", Level: datchuan.LevelDistrict, ParentCode: "84", Classifiers: datchuan.Classifiers{Region: "DBSCL"}},
			{Code: "850", Name: "Huyện Duyên Hải", Type: "Huyện", Level: datchuan.LevelDistrict, ParentCode: "84", Classifiers: datchuan.Classifiers{Region: "DBSCL"}},
			{Code: "29416", Name: "Thị trấn Cầu Ngang", Type: "Thị trấn", Level: datchuan.LevelCommune, ParentCode: "848", Classifiers: datchuan.Classifiers{Region: "DBSCL"}},
			{Code: "29419", Name: "Xã Mỹ Long Bắc", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "848", Classifiers: datchuan.Classifiers{Region: "DBSCL"}},
			{Code: "29422", Name: "Xã Mỹ Hòa", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "848", Classifiers: datchuan.Classifiers{Region: "DBSCL"}},
			{Code: "29503", Name: "Xã Long Khánh", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "850", Classifiers: datchuan.Classifiers{Region: "DBSCL"}},
			{Code: "29506", Name: "Xã Long Vĩnh", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "850", Classifiers: datchuan.Classifiers{Region: "DBSCL"}},
		},
	}
	snap2024 = func() datchuan.UnitSnapshot {
		s := datchuan.UnitSnapshot{Name: "tv-2024", EffectiveFrom: day2024}
		s.Units = append(s.Units, snap2022.Units...)
		s.Units[4].Name = "Xã Mỹ Long"
		return s
	}()
	snap2025 = datchuan.UnitSnapshot{
		Name:          "tv-2025",
		EffectiveFrom: day2025,
		Units: []datchuan.UnitRecord{
			{Code: "84", Name: "Tỉnh Trà Vinh", Type: "Tỉnh", Level: datchuan.LevelProvince},
			{Code: "29416", Name: "Xã Cầu Ngang", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "84"},
			{Code: "29503", Name: "Xã Long Khánh", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "84"},
		},
		Links: []datchuan.LinkRecord{
			link("29416", "29416", datchuan.LinkFull),
			link("29419", "29416", datchuan.LinkFull),
			link("29422", "29416", datchuan.LinkPartial),
			link("29503", "29503", datchuan.LinkFull),
			link("29506", "29503", datchuan.LinkFull),
			link("29422", "29503", datchuan.LinkPartial),
		},
	}
)

func link(from, to string, kind datchuan.LinkKind) datchuan.LinkRecord {
	return datchuan.LinkRecord{OldCode: from, OldLevel: datchuan.LevelCommune, NewCode: to, NewLevel: datchuan.LevelCommune, Kind: kind}
}

// mustApply applies snapshots in order and returns the results.
func mustApply(tb testing.TB, us datchuan.UnitService, snaps ...datchuan.UnitSnapshot) []datchuan.UnitImportResult {
	tb.Helper()
	var res []datchuan.UnitImportResult
	for _, s := range snaps {
		r, err := us.ApplyUnitSnapshot(context.Background(), s)
		if err != nil {
			tb.Fatalf("ApplyUnitSnapshot(%s): %v", s.Name, err)
		}
		res = append(res, r)
	}
	return res
}

// mustUnit returns the one unit with the code in force on the date.
func mustUnit(tb testing.TB, us datchuan.UnitService, code string, level datchuan.Level, on datchuan.Date) *datchuan.Unit {
	tb.Helper()
	units := mustFind(tb, us.FindUnits, datchuan.UnitFilter{Code: code, Level: level, On: on})
	if len(units) != 1 {
		tb.Fatalf("%d units %s %s on %s, want 1", len(units), level, code, on)
	}
	return units[0]
}

// names returns "code name" of each unit.
func names(units []*datchuan.Unit) []string {
	return field(units, func(u *datchuan.Unit) string { return u.Code + " " + u.Name })
}

func TestApplyUnitSnapshot(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		us := db.Stores().Units
		got := mustApply(t, us, snap2022, snap2024, snap2025)
		want := []datchuan.UnitImportResult{
			{Snapshot: "tv-2022", Opened: 8},
			{Snapshot: "tv-2024", Kept: 7, Opened: 1, Closed: 1, Links: 1},
			{Snapshot: "tv-2025", Kept: 1, Opened: 2, Closed: 7, Links: 6},
		}
		wantEqual(t, want, got, "results")

		on := func(d datchuan.Date, f datchuan.UnitFilter) []string {
			f.On = d
			return names(mustFind(t, us.FindUnits, f))
		}
		communes := datchuan.UnitFilter{Level: datchuan.LevelCommune}
		for _, tc := range []struct {
			on   datchuan.Date
			f    datchuan.UnitFilter
			want []string
		}{
			{datchuan.NewDate(2022, 6, 22), communes, []string{"29416 Thị trấn Cầu Ngang", "29419 Xã Mỹ Long Bắc", "29422 Xã Mỹ Hòa", "29503 Xã Long Khánh", "29506 Xã Long Vĩnh"}},
			{datchuan.NewDate(1990, 1, 1), datchuan.UnitFilter{ParentCode: "850"}, []string{"29503 Xã Long Khánh", "29506 Xã Long Vĩnh"}},
			{datchuan.NewDate(2024, 8, 31), datchuan.UnitFilter{Code: "29419"}, []string{"29419 Xã Mỹ Long Bắc"}},
			{day2024, datchuan.UnitFilter{Code: "29419"}, []string{"29419 Xã Mỹ Long"}},
			{datchuan.NewDate(2025, 6, 30), datchuan.UnitFilter{Level: datchuan.LevelDistrict}, []string{"848 Huyện Cầu Ngang", "850 Huyện Duyên Hải"}},
			{day2025, datchuan.UnitFilter{Level: datchuan.LevelDistrict}, []string{}},
			{day2025, communes, []string{"29416 Xã Cầu Ngang", "29503 Xã Long Khánh"}},
			{day2025, datchuan.UnitFilter{ParentCode: "84"}, []string{"29416 Xã Cầu Ngang", "29503 Xã Long Khánh"}},
			{datchuan.NewDate(2022, 6, 22), datchuan.UnitFilter{ParentCodes: []string{"84", "850"}},
				[]string{"29503 Xã Long Khánh", "29506 Xã Long Vĩnh", "848 Huyện Cầu Ngang", "850 Huyện Duyên Hải"}},
			{day2025, datchuan.UnitFilter{ParentCodes: []string{"84", "848", "850"}}, []string{"29416 Xã Cầu Ngang", "29503 Xã Long Khánh"}},
			{datchuan.NewDate(2030, 1, 1), datchuan.UnitFilter{Level: datchuan.LevelProvince}, []string{"84 Tỉnh Trà Vinh"}},
		} {
			wantEqual(t, tc.want, on(tc.on, tc.f), "units on %s with %+v", tc.on, tc.f)
		}

		// Every version of a reused code, the open start first.
		versions := mustFind(t, us.FindUnits, datchuan.UnitFilter{Code: "29416"})
		want29416 := []*datchuan.Unit{
			{ID: versions[0].ID, Code: "29416", Name: "Thị trấn Cầu Ngang", Type: "Thị trấn", Level: datchuan.LevelCommune, ParentCode: "848",
				ValidTo: day2025, Source: "tv-2022", Classifiers: datchuan.Classifiers{Region: "DBSCL"}},
			{ID: versions[1].ID, Code: "29416", Name: "Xã Cầu Ngang", Type: "Xã", Level: datchuan.LevelCommune, ParentCode: "84",
				ValidFrom: day2025, Source: "tv-2025"}, // formed by links: the region the list gives, none
		}
		wantEqual(t, want29416, versions, "versions of 29416")
		// The province was kept through every list: one version.
		if p := mustFind(t, us.FindUnits, datchuan.UnitFilter{Code: "84"}); len(p) != 1 || !p[0].ValidFrom.IsZero() || !p[0].ValidTo.IsZero() {
			t.Errorf("province versions = %+v, want one open version", p)
		}
		u, err := us.Unit(context.Background(), versions[1].ID)
		must(t, err)
		wantEqual(t, versions[1], u, "Unit")
	})
}

func TestUnitLinks(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		us := db.Stores().Units
		mustApply(t, us, snap2022, snap2024, snap2025)
		before := datchuan.NewDate(2025, 6, 30)
		old := func(code string) int64 { return mustUnit(t, us, code, datchuan.LevelCommune, before).ID }
		first := mustUnit(t, us, "29419", datchuan.LevelCommune, datchuan.NewDate(2023, 1, 1)).ID
		cauNgang := mustUnit(t, us, "29416", datchuan.LevelCommune, day2025).ID
		longKhanh := mustUnit(t, us, "29503", datchuan.LevelCommune, day2025).ID

		none := []datchuan.UnitLink{}
		for _, tc := range []struct {
			name       string
			id         int64
			from, into []datchuan.UnitLink
		}{
			{"the new 29416", cauNgang, []datchuan.UnitLink{
				{FromID: old("29416"), ToID: cauNgang, Kind: datchuan.LinkFull, On: day2025},
				{FromID: old("29419"), ToID: cauNgang, Kind: datchuan.LinkFull, On: day2025},
				{FromID: old("29422"), ToID: cauNgang, Kind: datchuan.LinkPartial, On: day2025},
			}, none},
			// Mỹ Hòa was split between the two new communes.
			{"29422", old("29422"), none, []datchuan.UnitLink{
				{FromID: old("29422"), ToID: cauNgang, Kind: datchuan.LinkPartial, On: day2025},
				{FromID: old("29422"), ToID: longKhanh, Kind: datchuan.LinkPartial, On: day2025},
			}},
			// The renamed commune: formed from its first version, went into Cầu Ngang.
			{"the renamed 29419", old("29419"),
				[]datchuan.UnitLink{{FromID: first, ToID: old("29419"), Kind: datchuan.LinkSame, On: day2024}},
				[]datchuan.UnitLink{{FromID: old("29419"), ToID: cauNgang, Kind: datchuan.LinkFull, On: day2025}}},
		} {
			from, into, err := us.UnitLinks(ctx, tc.id)
			must(t, err)
			wantEqual(t, [][]datchuan.UnitLink{tc.from, tc.into}, [][]datchuan.UnitLink{from, into}, "links (from, into) of %s", tc.name)
		}

		_, _, err := us.UnitLinks(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
	})
}

func TestApplyUnitSnapshotAgain(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		us := db.Stores().Units
		mustApply(t, us, snap2022, snap2024, snap2025)
		before := mustFind(t, us.FindUnits, datchuan.UnitFilter{})
		for _, s := range []datchuan.UnitSnapshot{snap2025, snap2022} {
			res, err := us.ApplyUnitSnapshot(ctx, s)
			must(t, err)
			if want := (datchuan.UnitImportResult{Snapshot: s.Name, Unchanged: true}); res != want {
				t.Errorf("applying %s again = %+v, want %+v", s.Name, res, want)
			}
		}
		wantUnchanged(t, before, mustFind(t, us.FindUnits, datchuan.UnitFilter{}), "after applying again, the units")
	})
}

// unitState is everything the unit tables hold, for before/after comparisons.
func unitState(tb testing.TB, us datchuan.UnitService) map[int64][2][]datchuan.UnitLink {
	tb.Helper()
	state := make(map[int64][2][]datchuan.UnitLink)
	for _, u := range mustFind(tb, us.FindUnits, datchuan.UnitFilter{}) {
		from, into, err := us.UnitLinks(context.Background(), u.ID)
		must(tb, err)
		state[u.ID] = [2][]datchuan.UnitLink{from, into}
	}
	return state
}

func TestApplyUnitSnapshotAllOrNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		us := db.Stores().Units
		mustApply(t, us, snap2022, snap2024)
		units, links := mustFind(t, us.FindUnits, datchuan.UnitFilter{}), unitState(t, us)

		unknownTarget := snap2025
		unknownTarget.Links = append([]datchuan.LinkRecord{}, snap2025.Links...)
		unknownTarget.Links = append(unknownTarget.Links, link("29506", "99999", datchuan.LinkFull))
		unknownSource := snap2025
		unknownSource.Links = []datchuan.LinkRecord{link("99999", "29416", datchuan.LinkFull)}
		// The schema rejects this kind when the links are inserted, after the
		// old units were closed and the new ones opened.
		badKind := snap2025
		badKind.Links = append([]datchuan.LinkRecord{}, snap2025.Links...)
		badKind.Links[5].Kind = "most"
		duplicate := snap2025
		duplicate.Units = append([]datchuan.UnitRecord{}, snap2025.Units...)
		duplicate.Units = append(duplicate.Units, snap2025.Units[1])
		unnamed := snap2025
		unnamed.Name = " "
		badLevel := snap2025
		badLevel.Units = []datchuan.UnitRecord{{Code: "1", Name: "Ấp 1", Level: "hamlet"}}
		earlier := snap2025
		earlier.EffectiveFrom = datchuan.NewDate(2023, 1, 1)
		sameDay := snap2025
		sameDay.EffectiveFrom = day2024
		undated := snap2025
		undated.EffectiveFrom = datchuan.Date{}

		for name, s := range map[string]datchuan.UnitSnapshot{
			"link to unknown code":   unknownTarget,
			"link from unknown code": unknownSource,
			"bad link kind":          badKind,
			"duplicate code":         duplicate,
			"no name":                unnamed,
			"bad level":              badLevel,
			"earlier than last":      earlier,
			"same day as last":       sameDay,
			"undated after first":    undated,
		} {
			_, err := us.ApplyUnitSnapshot(ctx, s)
			if got := datchuan.ErrorCode(err); got != datchuan.EINVALID {
				t.Errorf("%s: error %v, want %s", name, err, datchuan.EINVALID)
			}
			wantUnchanged(t, units, mustFind(t, us.FindUnits, datchuan.UnitFilter{}), "%s: the units", name)
			wantUnchanged(t, links, unitState(t, us), "%s: the links", name)
		}
		// None of the failures recorded the snapshot: it still applies.
		res := mustApply(t, us, snap2025)
		if res[0].Unchanged || res[0].Opened != 2 {
			t.Errorf("applying after failures = %+v", res[0])
		}
	})
}

func TestFindUnits(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		us := db.Stores().Units
		mustApply(t, us, snap2022, snap2024, snap2025)
		cauNgang := []string{"29416 Thị trấn Cầu Ngang", "29416 Xã Cầu Ngang", "848 Huyện Cầu Ngang"}
		all := mustFind(t, us.FindUnits, datchuan.UnitFilter{})
		for _, tc := range []struct {
			name string
			f    datchuan.UnitFilter
			want []string
		}{
			{"query without diacritics", datchuan.UnitFilter{Query: "cau ngang"}, cauNgang},
			{"query with diacritics and case", datchuan.UnitFilter{Query: "  CẦU   Ngang "}, cauNgang},
			{"query other tone-mark style", datchuan.UnitFilter{Query: "Mỹ Hoà"}, []string{"29422 Xã Mỹ Hòa"}},
			{"query đ", datchuan.UnitFilter{Query: "duyen"}, []string{"850 Huyện Duyên Hải"}},
			{"query and date", datchuan.UnitFilter{Query: "long", On: day2025}, []string{"29503 Xã Long Khánh"}},
			{"query and level", datchuan.UnitFilter{Query: "ngang", Level: datchuan.LevelDistrict}, []string{"848 Huyện Cầu Ngang"}},
			{"LIKE wildcards are literal", datchuan.UnitFilter{Query: "%"}, []string{}},
			{"LIKE underscore is literal", datchuan.UnitFilter{Query: "x_"}, []string{}},
			{"no match", datchuan.UnitFilter{Query: "hà nội"}, []string{}},
			{"codes", datchuan.UnitFilter{Codes: []string{"850", "29506", "00000"}}, []string{"29506 Xã Long Vĩnh", "850 Huyện Duyên Hải"}},
			{"empty codes", datchuan.UnitFilter{Codes: []string{}}, []string{}},
			{"parent codes", datchuan.UnitFilter{ParentCodes: []string{"850", "999"}}, []string{"29503 Xã Long Khánh", "29506 Xã Long Vĩnh"}},
			{"parent codes across versions", datchuan.UnitFilter{ParentCodes: []string{"84"}, Level: datchuan.LevelCommune}, []string{"29416 Xã Cầu Ngang", "29503 Xã Long Khánh"}},
			{"parent codes and parent code", datchuan.UnitFilter{ParentCodes: []string{"848", "850"}, ParentCode: "850", Query: "vinh"}, []string{"29506 Xã Long Vĩnh"}},
			{"empty parent codes", datchuan.UnitFilter{ParentCodes: []string{}}, []string{}},
			{"ids", datchuan.UnitFilter{IDs: []int64{all[1].ID, all[0].ID, 1 << 40}}, names(all[:2])},
			{"limit", datchuan.UnitFilter{Query: "cau ngang", Limit: 2}, cauNgang[:2]},
		} {
			wantEqual(t, tc.want, names(mustFind(t, us.FindUnits, tc.f)), "%s: FindUnits(%+v)", tc.name, tc.f)
		}
		if len(all) != 11 {
			t.Errorf("%d unit versions in all, want 11", len(all))
		}
	})
}

func TestUnitNotFound(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		us := db.Stores().Units
		_, err := us.Unit(context.Background(), 1)
		wantCode(t, err, datchuan.ENOTFOUND)
		wantCode(t, us.UpdateClassifiers(context.Background(), 1, datchuan.Classifiers{}), datchuan.ENOTFOUND)
	})
}

func TestUpdateClassifiers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		us := db.Stores().Units
		mustApply(t, us, snap2022)
		u := mustUnit(t, us, "29506", datchuan.LevelCommune, datchuan.Date{})
		c := datchuan.Classifiers{Region: "TDMNPB", ExtremelyDifficult: true, CommuneGroup: "3"}
		must(t, us.UpdateClassifiers(ctx, u.ID, c))
		got, err := us.Unit(ctx, u.ID)
		must(t, err)
		if got.Classifiers != c {
			t.Errorf("classifiers = %+v, want %+v", got.Classifiers, c)
		}
		wantCode(t, us.UpdateClassifiers(ctx, u.ID, datchuan.Classifiers{CommuneGroup: "4"}), datchuan.EINVALID)
		// The other units keep theirs.
		if other := mustUnit(t, us, "29503", datchuan.LevelCommune, datchuan.Date{}); other.Classifiers != (datchuan.Classifiers{Region: "DBSCL"}) {
			t.Errorf("other unit's classifiers = %+v", other.Classifiers)
		}
	})
}
