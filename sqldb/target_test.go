package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

func TestTargets(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ts := db.Stores().Targets
		_, district := mustProvince(t, db)
		duyenHai := mustUnit(t, db.Stores().Units, "850", datchuan.LevelDistrict, datchuan.Date{})

		cauNgang := &datchuan.Target{UnitID: district.ID, SetID: "qd320-2022-huyen-ntm", Year: 2022, Note: "Kế hoạch 45/KH-BCĐ"}
		must(t, ts.CreateTarget(ctx, cauNgang))
		if want := testNow.UTC().Truncate(time.Microsecond); !cauNgang.CreatedAt.Equal(want) || cauNgang.CreatedAt.Location() != time.UTC {
			t.Errorf("CreatedAt = %v, want the clock's %v in UTC", cauNgang.CreatedAt, want)
		}
		advanced := &datchuan.Target{UnitID: district.ID, SetID: "qd320-2022-huyen-nang-cao", Year: 2025,
			CreatedAt: time.Date(2023, 1, 2, 3, 4, 5, 6007, time.FixedZone("X", 3600))}
		must(t, ts.CreateTarget(ctx, advanced))
		duyen := &datchuan.Target{UnitID: duyenHai.ID, SetID: "qd320-2022-huyen-ntm", Year: 2022}
		must(t, ts.CreateTarget(ctx, duyen))

		got, err := ts.Target(ctx, advanced.ID)
		must(t, err)
		wantEqual(t, advanced, got, "Target")
		for _, tc := range []struct {
			f    datchuan.TargetFilter
			want []*datchuan.Target
		}{
			{datchuan.TargetFilter{}, []*datchuan.Target{advanced, cauNgang, duyen}},
			{datchuan.TargetFilter{SetID: "qd320-2022-huyen-ntm"}, []*datchuan.Target{cauNgang, duyen}},
			{datchuan.TargetFilter{Year: 2022, UnitIDs: []int64{duyenHai.ID}}, []*datchuan.Target{duyen}},
			{datchuan.TargetFilter{UnitIDs: []int64{}}, []*datchuan.Target{}},
		} {
			got, err := ts.FindTargets(ctx, tc.f)
			must(t, err)
			wantEqual(t, tc.want, got, "FindTargets(%+v)", tc.f)
		}

		wantCode(t, ts.CreateTarget(ctx, &datchuan.Target{UnitID: district.ID, SetID: "qd320-2022-huyen-ntm", Year: 2023}), datchuan.ECONFLICT)
		wantCode(t, ts.CreateTarget(ctx, &datchuan.Target{UnitID: 1 << 40, SetID: "x", Year: 2023}), datchuan.EINVALID)
		wantCode(t, ts.CreateTarget(ctx, &datchuan.Target{UnitID: district.ID, Year: 2023}), datchuan.EINVALID)
		_, err = ts.Target(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
	})
}
