package sqldb_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// reviewed returns a copy of v in the state a review gives it.
func reviewed(v *datchuan.Value, r *datchuan.Review) *datchuan.Value {
	c := *v
	c.State, c.ReviewedBy, c.ReviewedAt = r.Decision, r.By, r.At
	if r.Decision == datchuan.StateReturned {
		c.ReturnReason = r.Reason
	}
	return &c
}

func TestValues(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustValueWorld(t, db)

		first := w.mustReport(t, &datchuan.Value{IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 6, 1),
			Measure: datchuan.BoolMeasure(false), ReportedBy: w.reporter, ReportedAt: at(10, 9),
			Evidence: []string{"bien-ban-kiem-tra.pdf", "anh-1.jpg"}, Comment: "Còn 2 cơ sở chưa đạt"})
		ratio := w.mustReport(t, &datchuan.Value{IndicatorCode: "17.1", AsOf: datchuan.NewDate(2022, 6, 1),
			Measure: datchuan.RatioMeasure(19, 20), ReportedAt: at(10, 9)})
		returned := &datchuan.Review{ValueID: first.ID, Decision: datchuan.StateReturned, By: w.reviewer, At: at(11, 9), Reason: "Thiếu biên bản"}
		must(t, w.vs.ReviewValue(ctx, returned))
		second := w.mustReport(t, &datchuan.Value{IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 6, 15),
			Measure: datchuan.BoolMeasure(true), ReportedBy: w.reporter, ReportedAt: at(16, 9)})
		confirmed := &datchuan.Review{ValueID: second.ID, Decision: datchuan.StateConfirmed, By: w.reviewer, At: at(17, 9)}
		must(t, w.vs.ReviewValue(ctx, confirmed))
		// A late report about an earlier date does not replace the latest.
		backfill := w.mustReport(t, &datchuan.Value{IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 5, 1),
			Measure: datchuan.NumberMeasure(3), ReportedAt: at(18, 9)})
		elsewhere := w.mustReport(t, &datchuan.Value{UnitID: w.other, IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 6, 1),
			Measure: datchuan.BoolMeasure(true), ReportedAt: at(12, 9)})

		if first.State != datchuan.StateReported || first.ID == 0 {
			t.Fatalf("after ReportValue: %+v", first)
		}
		for _, tc := range []struct {
			name string
			f    datchuan.ValueFilter
			want []*datchuan.Value
		}{
			{"now", datchuan.ValueFilter{UnitIDs: []int64{w.commune}},
				[]*datchuan.Value{ratio, reviewed(second, confirmed)}},
			{"all units", datchuan.ValueFilter{IndicatorCode: "17.8"},
				[]*datchuan.Value{reviewed(second, confirmed), elsewhere}},
			{"before anything", datchuan.ValueFilter{At: at(10, 9)}, []*datchuan.Value{}},
			{"between microseconds", datchuan.ValueFilter{At: at(10, 9).Add(500 * time.Nanosecond), UnitIDs: []int64{w.commune}},
				[]*datchuan.Value{ratio, first}},
			{"at the review instant", datchuan.ValueFilter{At: at(11, 9), IndicatorCode: "17.8", UnitIDs: []int64{w.commune}},
				[]*datchuan.Value{first}},
			{"after the return", datchuan.ValueFilter{At: at(11, 9).Add(time.Microsecond), IndicatorCode: "17.8", UnitIDs: []int64{w.commune}},
				[]*datchuan.Value{reviewed(first, returned)}},
			{"resubmitted, not yet confirmed", datchuan.ValueFilter{At: at(17, 0), IndicatorCode: "17.8", UnitIDs: []int64{w.commune}},
				[]*datchuan.Value{second}},
			{"history", datchuan.ValueFilter{History: true, SetID: testSet, UnitIDs: []int64{w.commune}},
				[]*datchuan.Value{ratio, reviewed(first, returned), reviewed(second, confirmed), backfill}},
			{"history as of", datchuan.ValueFilter{History: true, At: at(16, 12), UnitIDs: []int64{w.commune}},
				[]*datchuan.Value{ratio, reviewed(first, returned), second}},
			{"other set", datchuan.ValueFilter{SetID: "other"}, []*datchuan.Value{}},
			{"no units", datchuan.ValueFilter{UnitIDs: []int64{}}, []*datchuan.Value{}},
		} {
			wantEqual(t, tc.want, mustFind(t, w.vs.Values, tc.f), "%s: Values(%+v)", tc.name, tc.f)
		}
	})
}

func TestReviewValue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustValueWorld(t, db)
		v := w.mustReport(t, &datchuan.Value{IndicatorCode: "2.1", AsOf: datchuan.NewDate(2022, 6, 1), Measure: datchuan.NumberMeasure(95.5)})
		if !v.ReportedAt.Equal(testNow) && !v.ReportedAt.Equal(testNow.Truncate(time.Microsecond)) {
			t.Errorf("ReportedAt defaults to %v, want the clock's %v", v.ReportedAt, testNow)
		}

		for _, r := range []*datchuan.Review{
			{ValueID: v.ID, Decision: datchuan.StateReturned},
			{ValueID: v.ID, Decision: datchuan.StateReturned, Reason: " \t"},
			{ValueID: v.ID, Decision: datchuan.StateReported},
			{ValueID: v.ID, Decision: ""},
			{ValueID: v.ID, Decision: datchuan.StateConfirmed, By: 1 << 40},
		} {
			wantCode(t, w.vs.ReviewValue(ctx, r), datchuan.EINVALID)
		}
		wantCode(t, w.vs.ReviewValue(ctx, &datchuan.Review{ValueID: 1 << 40, Decision: datchuan.StateConfirmed}), datchuan.ENOTFOUND)

		r := &datchuan.Review{ValueID: v.ID, Decision: datchuan.StateReturned, Reason: "Số liệu chưa khớp báo cáo huyện", By: w.reviewer}
		must(t, w.vs.ReviewValue(ctx, r))
		if r.ID == 0 || !r.At.Equal(testNow.Truncate(time.Microsecond)) {
			t.Errorf("after ReviewValue: %+v", r)
		}
		// A value is reviewed once.
		err := w.vs.ReviewValue(ctx, &datchuan.Review{ValueID: v.ID, Decision: datchuan.StateConfirmed})
		wantCode(t, err, datchuan.ECONFLICT)

		// A value reported again is no longer the one to review.
		old := w.mustReport(t, &datchuan.Value{IndicatorCode: "2.2", AsOf: datchuan.NewDate(2022, 6, 1), Measure: datchuan.BoolMeasure(false), ReportedAt: at(1, 8)})
		w.mustReport(t, &datchuan.Value{IndicatorCode: "2.2", AsOf: datchuan.NewDate(2022, 6, 1), Measure: datchuan.BoolMeasure(true), ReportedAt: at(1, 9)})
		err = w.vs.ReviewValue(ctx, &datchuan.Review{ValueID: old.ID, Decision: datchuan.StateConfirmed})
		wantCode(t, err, datchuan.ECONFLICT)
		if msg := datchuan.ErrorMessage(err); !strings.Contains(msg, "báo cáo lại") {
			t.Errorf("superseded message = %q", msg)
		}
		// Same as-of date and report instant: the later ID wins.
		a := w.mustReport(t, &datchuan.Value{IndicatorCode: "2.3", AsOf: datchuan.NewDate(2022, 6, 1), Measure: datchuan.BoolMeasure(false), ReportedAt: at(1, 8)})
		b := w.mustReport(t, &datchuan.Value{IndicatorCode: "2.3", AsOf: datchuan.NewDate(2022, 6, 1), Measure: datchuan.BoolMeasure(true), ReportedAt: at(1, 8)})
		wantCode(t, w.vs.ReviewValue(ctx, &datchuan.Review{ValueID: a.ID, Decision: datchuan.StateConfirmed}), datchuan.ECONFLICT)
		must(t, w.vs.ReviewValue(ctx, &datchuan.Review{ValueID: b.ID, Decision: datchuan.StateConfirmed}))
		// The same indicator in another unit does not supersede.
		c := w.mustReport(t, &datchuan.Value{IndicatorCode: "2.4", AsOf: datchuan.NewDate(2022, 6, 1), Measure: datchuan.BoolMeasure(true), ReportedAt: at(1, 8)})
		w.mustReport(t, &datchuan.Value{UnitID: w.other, IndicatorCode: "2.4", AsOf: datchuan.NewDate(2022, 6, 2), Measure: datchuan.BoolMeasure(true)})
		must(t, w.vs.ReviewValue(ctx, &datchuan.Review{ValueID: c.ID, Decision: datchuan.StateConfirmed}))

		// Nothing was overwritten: every report is still there.
		if n := len(mustFind(t, w.vs.Values, datchuan.ValueFilter{History: true})); n != 7 {
			t.Errorf("%d reports in the history, want 7", n)
		}
	})
}

func TestReportValueInvalid(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		w := mustValueWorld(t, db)
		ok := datchuan.Value{UnitID: w.commune, SetID: testSet, IndicatorCode: "1.1", AsOf: datchuan.NewDate(2022, 1, 1), Measure: datchuan.BoolMeasure(true)}
		for name, change := range map[string]func(v *datchuan.Value){
			"no set":          func(v *datchuan.Value) { v.SetID = "" },
			"no indicator":    func(v *datchuan.Value) { v.IndicatorCode = "" },
			"no as-of date":   func(v *datchuan.Value) { v.AsOf = datchuan.Date{} },
			"no measure kind": func(v *datchuan.Value) { v.Measure = datchuan.Measure{} },
			"unknown unit":    func(v *datchuan.Value) { v.UnitID = 1 << 40 },
			"unknown person":  func(v *datchuan.Value) { v.ReportedBy = 1 << 40 },
		} {
			v := ok
			change(&v)
			if err := w.vs.ReportValue(context.Background(), &v); datchuan.ErrorCode(err) != datchuan.EINVALID {
				t.Errorf("%s: error %v, want %s", name, err, datchuan.EINVALID)
			}
		}
		if got := mustFind(t, w.vs.Values, datchuan.ValueFilter{History: true}); len(got) != 0 {
			t.Errorf("invalid reports were stored: %v", got)
		}
	})
}

// TestConcurrentReview lets two reviewers decide on the same value at once,
// many times over: exactly one wins each time, the other gets ECONFLICT.
func TestConcurrentReview(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		w := mustValueWorld(t, db)
		for i := range 20 {
			v := w.mustReport(t, &datchuan.Value{IndicatorCode: "race", AsOf: datchuan.NewDate(2022, 1, 1+i), Measure: datchuan.BoolMeasure(true)})
			var wg sync.WaitGroup
			start := make(chan struct{})
			errs := make([]error, 2)
			for j, d := range []datchuan.ValueState{datchuan.StateConfirmed, datchuan.StateReturned} {
				wg.Go(func() {
					<-start
					errs[j] = w.vs.ReviewValue(context.Background(), &datchuan.Review{ValueID: v.ID, Decision: d, Reason: "x", By: w.reviewer})
				})
			}
			close(start)
			wg.Wait()
			codes := []string{datchuan.ErrorCode(errs[0]), datchuan.ErrorCode(errs[1])}
			if !(codes[0] == "" && codes[1] == datchuan.ECONFLICT) && !(codes[0] == datchuan.ECONFLICT && codes[1] == "") {
				t.Fatalf("round %d: errors %v, %v; want one nil and one %s", i, errs[0], errs[1], datchuan.ECONFLICT)
			}
		}
	})
}

// TestConcurrentReports writes from many goroutines at once; with SQLite's
// single writer none of them may fail with "database is locked".
func TestConcurrentReports(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		w := mustValueWorld(t, db)
		const n = 64
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				v := &datchuan.Value{UnitID: w.commune, SetID: testSet, IndicatorCode: "load", AsOf: datchuan.NewDate(2022, 1, 1), Measure: datchuan.NumberMeasure(float64(i))}
				errs[i] = w.vs.ReportValue(context.Background(), v)
				if errs[i] == nil {
					_, errs[i] = w.vs.Values(context.Background(), datchuan.ValueFilter{UnitIDs: []int64{w.commune}})
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			must(t, err)
		}
		if got := len(mustFind(t, w.vs.Values, datchuan.ValueFilter{History: true, IndicatorCode: "load"})); got != n {
			t.Errorf("%d reports stored, want %d", got, n)
		}
	})
}

// TestTimestamps checks that instants read back as written, in UTC, to the
// microsecond, and that both engines order them by time.
func TestTimestamps(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		w := mustValueWorld(t, db)
		instants := []time.Time{
			time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2000, 2, 29, 23, 59, 59, 999999999, datchuan.Vietnam()), // truncated, not rounded
			time.Date(2022, 6, 22, 8, 30, 0, 1000, time.FixedZone("-0930", -9*3600-1800)),
			time.Date(2022, 6, 22, 8, 30, 0, 0, time.FixedZone("-0930", -9*3600-1800)).Add(time.Microsecond),
			time.Date(2022, 6, 22, 8, 30, 0, 0, time.FixedZone("-0930", -9*3600-1800)).Add(2 * time.Microsecond),
			time.Date(2099, 12, 31, 23, 59, 59, 500, time.UTC),
		}
		var want []time.Time
		for i, ti := range instants {
			v := w.mustReport(t, &datchuan.Value{IndicatorCode: "ts", AsOf: datchuan.NewDate(2022, 1, 1), Measure: datchuan.NumberMeasure(float64(i)), ReportedAt: ti})
			want = append(want, ti.UTC().Truncate(time.Microsecond))
			if !v.ReportedAt.Equal(want[i]) {
				t.Errorf("ReportValue set ReportedAt %v, want %v", v.ReportedAt, want[i])
			}
		}
		var got []time.Time
		for _, v := range mustFind(t, w.vs.Values, datchuan.ValueFilter{History: true, IndicatorCode: "ts"}) {
			if v.ReportedAt.Location() != time.UTC {
				t.Errorf("ReportedAt %v not in UTC", v.ReportedAt)
			}
			got = append(got, v.ReportedAt)
		}
		wantEqual(t, want, got, "timestamps in report-time order")
	})
}
