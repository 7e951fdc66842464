package sqldb_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// TestObstacles raises, moves, resolves and lists obstacles on both
// engines: versions refuse a stale move, the open ones come first, the
// oldest first, and the table refuses what the domain never sends.
func TestObstacles(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		os := db.Stores().Obstacles
		raise := func(unit, owner int64, crit, title string, at time.Time) *datchuan.Obstacle {
			t.Helper()
			o := &datchuan.Obstacle{ProvinceID: w.province, UnitID: unit, SetID: "s", CriterionCode: crit, Title: title,
				OwnerID: owner, State: datchuan.ObstacleOpen, Source: datchuan.FromDirect, RaisedBy: w.user, RaisedAt: at,
				Due: datchuan.NewDate(2022, 9, 30)}
			must(t, os.RaiseObstacle(ctx, o))
			return o
		}
		first := raise(w.c2, w.sxd, "1", "Thiếu kinh phí lập quy hoạch", utcNow.Add(-48*time.Hour))
		second := raise(w.c3, w.snn, "13", "Chưa có hợp tác xã", utcNow.Add(-24*time.Hour))
		if first.ID == 0 || first.Version != 1 || !first.RaisedAt.Equal(utcNow.Add(-48*time.Hour)) {
			t.Fatalf("after RaiseObstacle: %+v", first)
		}
		got, err := os.Obstacle(ctx, first.ID)
		must(t, err)
		wantEqual(t, first, got, "Obstacle")

		// Resolved: it goes after the open one; a stale move is refused.
		stale := *first
		first.State, first.Resolution, first.ResolvedAt = datchuan.ObstacleResolved, "Đã bố trí vốn", utcNow
		must(t, os.UpdateObstacle(ctx, first))
		if first.Version != 2 {
			t.Errorf("version after update: %d", first.Version)
		}
		stale.Title = "Sửa từ trang cũ"
		if err := os.UpdateObstacle(ctx, &stale); datchuan.ErrorCode(err) != datchuan.ECONFLICT {
			t.Errorf("a stale update: %v, want ECONFLICT", err)
		}
		gone := *second
		gone.ID = second.ID + 1000
		if err := os.UpdateObstacle(ctx, &gone); datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
			t.Errorf("an update of no obstacle: %v, want ENOTFOUND", err)
		}
		all, err := os.Obstacles(ctx, datchuan.ObstacleFilter{ProvinceID: w.province})
		must(t, err)
		if len(all) != 2 || all[0].ID != second.ID || all[1].ID != first.ID || all[1].Resolution != "Đã bố trí vốn" {
			t.Errorf("the register: %+v, want the open one, then the resolved", all)
		}
		open, err := os.Obstacles(ctx, datchuan.ObstacleFilter{States: []datchuan.ObstacleState{datchuan.ObstacleOpen, datchuan.ObstacleEscalated}})
		must(t, err)
		if len(open) != 1 || open[0].ID != second.ID {
			t.Errorf("open obstacles: %+v", open)
		}
		mine, err := os.Obstacles(ctx, datchuan.ObstacleFilter{OwnerIDs: []int64{w.sxd}, UnitIDs: []int64{w.c2}, Criterion: "1"})
		must(t, err)
		if len(mine) != 1 || mine[0].ID != first.ID {
			t.Errorf("by owner, unit and criterion: %+v", mine)
		}
		// What the domain never sends, the table refuses.
		bad := &datchuan.Obstacle{ProvinceID: w.province, UnitID: w.c2, Title: "x", OwnerID: w.sxd, State: "lost", Source: datchuan.FromDirect}
		if err := os.RaiseObstacle(ctx, bad); datchuan.ErrorCode(err) != datchuan.EINVALID {
			t.Errorf("an unknown state: %v, want EINVALID", err)
		}
		bad.State, bad.OwnerID = datchuan.ObstacleOpen, 999999
		if err := os.RaiseObstacle(ctx, bad); datchuan.ErrorCode(err) != datchuan.EINVALID {
			t.Errorf("an unknown owner: %v, want EINVALID", err)
		}
	})
}
