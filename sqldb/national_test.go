package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/sqldb"
)

// TestNationalSnapshots applies the real national lists of the catalog (2022,
// 2024 and the 2025 reform with its ≈10,600 links) and logs how long each
// takes; run with -v to see the timings.
func TestNationalSnapshots(t *testing.T) {
	if testing.Short() {
		t.Skip("national lists take a few seconds; skipped with -short")
	}
	snaps, err := catalog.Snapshots()
	if err != nil {
		t.Fatalf("catalog.Snapshots: %v", err)
	}
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		us := db.Stores().Units
		var opened int
		for _, s := range snaps {
			start := time.Now()
			res, err := us.ApplyUnitSnapshot(ctx, s)
			if err != nil {
				t.Fatalf("ApplyUnitSnapshot(%s): %v", s.Name, err)
			}
			t.Logf("%s %s: %d units, %d links in the list; kept %d, opened %d, closed %d, links %d; %v",
				db.Engine(), s.Name, len(s.Units), len(s.Links), res.Kept, res.Opened, res.Closed, res.Links, time.Since(start).Round(time.Millisecond))
			if res.Kept+res.Opened != len(s.Units) {
				t.Errorf("%s: kept %d + opened %d != %d units", s.Name, res.Kept, res.Opened, len(s.Units))
			}
			opened += res.Opened
		}
		start := time.Now()
		for _, s := range snaps {
			res, err := us.ApplyUnitSnapshot(ctx, s)
			if err != nil || !res.Unchanged {
				t.Errorf("applying %s again: %+v, %v", s.Name, res, err)
			}
		}
		t.Logf("%s: applying all again: %v", db.Engine(), time.Since(start).Round(time.Millisecond))

		count := func(f datchuan.UnitFilter) int { return len(mustFind(t, us.FindUnits, f)) }
		if got := count(datchuan.UnitFilter{}); got != opened {
			t.Errorf("%d unit versions stored, want %d", got, opened)
		}
		last := snaps[len(snaps)-1]
		if got := count(datchuan.UnitFilter{On: last.EffectiveFrom}); got != len(last.Units) {
			t.Errorf("%d units in force on %s, want %d", got, last.EffectiveFrom, len(last.Units))
		}
		// Trà Vinh in 2022 (DOMAIN.md §3): 9 district-level units, 106
		// commune-level units, 15 of them in Huyện Cầu Ngang.
		day := datchuan.NewDate(2022, 6, 22)
		for _, tc := range []struct {
			f    datchuan.UnitFilter
			want int
		}{
			{datchuan.UnitFilter{On: day, Level: datchuan.LevelDistrict, ParentCode: "84"}, 9},
			{datchuan.UnitFilter{On: day, Level: datchuan.LevelCommune, ParentCode: "848"}, 15},
			{datchuan.UnitFilter{On: day, Level: datchuan.LevelProvince}, 63},
			{datchuan.UnitFilter{On: day2025, Level: datchuan.LevelDistrict}, 0},
			{datchuan.UnitFilter{On: day, Query: "huyen cau ngang"}, 1},
		} {
			if got := count(tc.f); got != tc.want {
				t.Errorf("FindUnits(%+v): %d units, want %d", tc.f, got, tc.want)
			}
		}
		start = time.Now()
		found := mustFind(t, us.FindUnits, datchuan.UnitFilter{Query: "cau ngang", On: day2025})
		t.Logf("%s: search among all versions: %v", db.Engine(), time.Since(start).Round(time.Microsecond))
		if len(found) == 0 {
			t.Errorf(`no unit named like "cau ngang" on %s`, day2025)
		}
	})
}
