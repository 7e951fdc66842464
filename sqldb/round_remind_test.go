package sqldb_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// Reminders of a round are marked once a day, whatever the number of app
// instances marking at once, without moving the version a person's form
// holds.
func TestMarkReminded(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		w := mustRoundWorld(t, db)
		rs := db.Stores().Rounds
		r := w.weekly(week20)
		must(t, rs.OpenRound(ctx, r))
		thursday := datchuan.NewDate(2022, 6, 23)
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, conflicts := 0, 0
		for range 8 {
			wg.Go(func() {
				err := rs.MarkReminded(ctx, r.ID, thursday)
				mu.Lock()
				defer mu.Unlock()
				switch datchuan.ErrorCode(err) {
				case "":
					won++
				case datchuan.ECONFLICT:
					conflicts++
				default:
					t.Errorf("mark reminded: %v", err)
				}
			})
		}
		wg.Wait()
		if won != 1 || conflicts != 7 {
			t.Errorf("8 instances reminding at once: %d marked, %d conflicts; want 1 and 7", won, conflicts)
		}
		got, err := rs.Round(ctx, r.ID)
		must(t, err)
		if got.RemindedOn != thursday || got.Version != r.Version {
			t.Errorf("after the reminder: reminded on %v, version %d; want %v, version %d", got.RemindedOn, got.Version, thursday, r.Version)
		}
		must(t, rs.MarkReminded(ctx, r.ID, thursday.AddDays(1))) // the next day, again
		must(t, rs.CloseRound(ctx, r.ID, utcNow, r.Version))
		if err := rs.MarkReminded(ctx, r.ID, thursday.AddDays(2)); datchuan.ErrorCode(err) != datchuan.ECONFLICT {
			t.Errorf("reminding a closed round: %v, want ECONFLICT", err)
		}
		if err := rs.MarkReminded(ctx, r.ID+1000, thursday); datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
			t.Errorf("reminding no round: %v, want ENOTFOUND", err)
		}
	})
}
