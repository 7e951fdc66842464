package demo_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/web/webtest"
)

// The demo's weekly rounds: one a week from the plan's week to the week
// before the clock, closed an hour after the deadline with their
// snapshots and reports; the scheduler then opens the clock's week and
// leaves them as they are.
func TestDemoRounds(t *testing.T) {
	w := webtest.New(t)
	ctx := context.Background()
	st := w.Stores()
	closed, err := st.Rounds.Rounds(ctx, datchuan.RoundFilter{Closed: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(closed) != 10 {
		t.Fatalf("%d closed rounds, want the 10 weeks from 20/06/2022 to 22/08/2022", len(closed))
	}
	week := datchuan.NewDate(2022, 8, 22)
	kept := map[int64]int{}
	for _, r := range closed { // the latest first
		friday := time.Date(week.Year, week.Month, week.Day+4, 16, 0, 0, 0, datchuan.Vietnam())
		if r.Kind != datchuan.RoundWeekly || r.Week != week || !r.Deadline.Equal(friday) || !r.ClosedAt.Equal(friday.Add(time.Hour)) || len(r.Reporters) != 5 {
			t.Errorf("round %d: %s week %s, due %v, closed %v, %d reporters; want week %s due %v, closed an hour later, 5 reporters",
				r.ID, r.Kind, r.Week.VN(), r.Deadline, r.ClosedAt, len(r.Reporters), week.VN(), friday)
		}
		snaps, err := st.Snapshots.Snapshots(ctx, datchuan.SnapshotFilter{RoundIDs: []int64{r.ID}})
		if err != nil || len(snaps) == 0 {
			t.Errorf("round of %s kept no snapshot: %v", r.Week.VN(), err)
		}
		kept[r.ID] = len(snaps)
		week = week.AddDays(-7)
	}

	// The completeness over the weeks: the first week, the plan issued on
	// its Wednesday, without Sở Xây dựng's report and with one late.
	list := w.As(webtest.Coord).Get("/ke-hoach/1/bao-cao-tuan")
	if list.Status != http.StatusOK || !list.Has("<td>16:00 24/06</td><td>5</td><td>3</td><td>1</td><td>1</td><td>60%</td>") ||
		!list.Has("<td>16:00 26/08</td><td>5</td><td>5</td><td>0</td><td>0</td><td>100%</td>") {
		t.Errorf("the plan's completeness table:\n%.4000s", list.Body)
	}
	first := w.As(webtest.Coord).Get("/dot-bao-cao/1")
	if row := between(first.Body, "Sở Xây dựng", "</tr>"); !strings.Contains(row, "Chưa gửi") {
		t.Errorf("Sở Xây dựng's row of the first week: %q, want missing", row)
	}

	// The scheduler opens the clock's week and closes none of the others.
	if n, err := w.Service.OpenWeeklyRounds(ctx); err != nil || n != 1 {
		t.Fatalf("the scheduler opened %d rounds: %v; want the week of 29/08/2022", n, err)
	}
	open, err := st.Rounds.Rounds(ctx, datchuan.RoundFilter{Open: true})
	if err != nil || len(open) != 1 || open[0].Week != datchuan.Week(datchuan.DateOf(demo.Clock)) {
		t.Fatalf("open rounds after the scheduler: %v %v; want the week of 29/08/2022", open, err)
	}
	again, err := st.Rounds.Rounds(ctx, datchuan.RoundFilter{Closed: true})
	if err != nil || len(again) != len(closed) {
		t.Fatalf("closed rounds after the scheduler: %d, %v; want %d", len(again), err, len(closed))
	}
	for i, r := range again {
		snaps, err := st.Snapshots.Snapshots(ctx, datchuan.SnapshotFilter{RoundIDs: []int64{r.ID}})
		if err != nil || !r.ClosedAt.Equal(closed[i].ClosedAt) || len(snaps) != kept[r.ID] {
			t.Errorf("round of %s changed: closed %v (was %v), %d snapshots (were %d), %v", r.Week.VN(), r.ClosedAt, closed[i].ClosedAt, len(snaps), kept[r.ID], err)
		}
	}
}

func between(body, from, to string) string {
	i := strings.Index(body, from)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest, to); j >= 0 {
		return rest[:j]
	}
	return rest
}
