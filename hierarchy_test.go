package datchuan_test

import (
	"context"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
)

// A small history: district 848 renamed on 01/01/2020 (two versions);
// communes 29446 and 29449 under it until 01/07/2025, when both merged
// into commune 29450 directly under province 86.
func historyUnits() fakeUnits {
	d := datchuan.MustDate
	return fakeUnits{units: []*datchuan.Unit{
		{ID: 1, Code: "84", Level: datchuan.LevelProvince, Name: "Tỉnh Trà Vinh", ValidTo: d("2025-07-01")},
		{ID: 9, Code: "86", Level: datchuan.LevelProvince, Name: "Tỉnh Vĩnh Long"},
		{ID: 4, Code: "29446", Level: datchuan.LevelCommune, ParentCode: "848", Name: "Xã Nhị Trường", ValidTo: d("2025-07-01")},
		{ID: 5, Code: "29449", Level: datchuan.LevelCommune, ParentCode: "848", Name: "Xã Long Sơn", ValidTo: d("2025-07-01")},
		{ID: 10, Code: "29450", Level: datchuan.LevelCommune, ParentCode: "86", Name: "Xã Nhị Long", ValidFrom: d("2025-07-01")},
		{ID: 2, Code: "848", Level: datchuan.LevelDistrict, ParentCode: "84", Name: "Huyện Cầu Ngang cũ", ValidTo: d("2020-01-01")},
		{ID: 3, Code: "848", Level: datchuan.LevelDistrict, ParentCode: "84", Name: "Huyện Cầu Ngang", ValidFrom: d("2020-01-01"), ValidTo: d("2025-07-01")},
	}, links: []datchuan.UnitLink{{FromID: 4, ToID: 10, Kind: datchuan.LinkFull}, {FromID: 5, ToID: 10, Kind: datchuan.LinkFull}}}
}

func clockOn(date string) func() time.Time {
	return func() time.Time { return datchuan.MustDate(date).Time(datchuan.Vietnam()).Add(8 * time.Hour) }
}

func TestUnitTree(t *testing.T) {
	ctx := context.Background()
	finds := 0
	units := historyUnits()
	units.finds = &finds
	tree := datchuan.NewUnitTree(units, clockOn("2022-09-01"))

	commune, on, err := tree.Resolve(ctx, datchuan.LevelCommune, "29446", datchuan.Date{})
	if err != nil || commune.ID != 4 || on != datchuan.MustDate("2022-09-01") {
		t.Fatalf("resolve 29446 today = %v %v %v", commune, on, err)
	}
	p, err := tree.Path(ctx, commune)
	if err != nil || p != (datchuan.UnitPath{Province: "84", District: "848", Commune: "29446"}) {
		t.Fatalf("path = %+v, %v", p, err)
	}
	parent, err := tree.Parent(ctx, commune, datchuan.MustDate("2019-06-01"))
	if err != nil || parent.ID != 2 {
		t.Errorf("parent in 2019 = %v, %v; want the old name", parent, err)
	}
	parent, err = tree.Parent(ctx, commune, datchuan.MustDate("2022-06-01"))
	if err != nil || parent.ID != 3 {
		t.Errorf("parent in 2022 = %v, %v; want the new name", parent, err)
	}
	before := finds
	other, _ := tree.Unit(ctx, 5)
	if _, err := tree.Path(ctx, other); err != nil {
		t.Fatal(err)
	}
	if finds != before {
		t.Errorf("the path of a second commune of the district asked the store %d more times; the tree should remember", finds-before)
	}

	dist, _ := tree.Unit(ctx, 3)
	communes, err := tree.Communes(ctx, dist, datchuan.MustDate("2022-06-01"))
	if err != nil || len(communes) != 2 {
		t.Errorf("communes of 848 = %v, %v", communes, err)
	}
	inScope, err := tree.InScope(ctx, datchuan.UnitPath{Province: "84", District: "848"}, datchuan.MustDate("2022-06-01"))
	if err != nil || len(inScope) != 3 {
		t.Errorf("units in the scope of 848 = %d, %v; want the district and its 2 communes", len(inScope), err)
	}

	gone, _ := tree.Unit(ctx, 1)
	terr, err := tree.Territory(ctx, gone, datchuan.MustDate("2025-08-01"))
	if err != nil || len(terr) != 1 || terr[0].ID != 10 {
		t.Errorf("territory of Trà Vinh after the merger = %v, %v; want Xã Nhị Long", terr, err)
	}

	late := datchuan.NewUnitTree(units, clockOn("2026-01-01"))
	u, on, err := late.Resolve(ctx, datchuan.LevelProvince, "84", datchuan.Date{})
	if err != nil || u.ID != 1 || on != datchuan.MustDate("2025-06-30") {
		t.Errorf("Trà Vinh asked in 2026 = %v on %v, %v; want its last day", u, on, err)
	}
	if _, _, err := late.Resolve(ctx, datchuan.LevelCommune, "29450", datchuan.MustDate("2024-01-01")); datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
		t.Errorf("a commune before it existed: %v", err)
	}
}

func TestLeadBook(t *testing.T) {
	b := datchuan.NewLeadBook([]*datchuan.Lead{
		{SetID: "s", CriterionCode: "17", AgencyID: 10},
		{SetID: "s", CriterionCode: "17", AgencyID: 11, Supporting: true},
		{SetID: "s", CriterionCode: "17", AgencyID: 12, Supporting: true},
		{SetID: "s", CriterionCode: "17", IndicatorCode: "17.2", AgencyID: 11},
		{SetID: "s", CriterionCode: "17", IndicatorCode: "17.2", AgencyID: 10, Supporting: true},
		{SetID: "other", CriterionCode: "17", AgencyID: 13},
	})
	for _, c := range []struct {
		ind      string
		lead     int64
		supports []int64
	}{
		{"", 10, []int64{11, 12}},
		{"17.1", 10, []int64{11, 12}}, // no rows of its own: the criterion's
		{"17.2", 11, []int64{10}},     // its own lead and supports
	} {
		if got := b.Lead("s", "17", c.ind); got != c.lead {
			t.Errorf("lead of %q = %d, want %d", c.ind, got, c.lead)
		}
		if got := b.Supports("s", "17", c.ind); len(got) != len(c.supports) || (len(got) > 0 && got[0] != c.supports[0]) {
			t.Errorf("supports of %q = %v, want %v", c.ind, got, c.supports)
		}
	}
	if !b.Leads(10, "s", "17", "17.1") || b.Leads(10, "s", "17", "17.2") || !b.Leads(11, "s", "17", "17.2") {
		t.Error("Leads disagrees with Lead")
	}
	if b.Lead("s", "1", "") != 0 || !b.LeadsAny(13) || b.LeadsAny(12) {
		t.Error("a criterion without lead, or LeadsAny, is wrong")
	}
}
