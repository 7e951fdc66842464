package sqldb_test

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// roundWorld is the plan world with Plan 45 of the province.
type roundWorld struct {
	planWorld
	plan int64
}

func mustRoundWorld(tb testing.TB, db *sqldb.DB) roundWorld {
	tb.Helper()
	w := roundWorld{planWorld: mustPlanWorld(tb, db)}
	p := &datchuan.Plan{ProvinceID: w.province, Number: "45/KH-BCĐ", Date: datchuan.NewDate(2022, 6, 22), Title: "Kế hoạch 45"}
	must(tb, db.Stores().Plans.CreatePlan(context.Background(), p))
	w.plan = p.ID
	return w
}

// week20 is the week of testNow: Monday 20/06/2022.
var week20 = datchuan.NewDate(2022, 6, 20)

// weekly returns the weekly round of the plan for the week starting
// monday, due on its Friday at 16:00, expecting the construction and
// agriculture departments.
func (w roundWorld) weekly(monday datchuan.Date) *datchuan.Round {
	return &datchuan.Round{PlanID: w.plan, Kind: datchuan.RoundWeekly, Week: monday,
		Deadline: datchuan.DefaultSchedule.Deadline(monday), Reporters: []int64{w.sxd, w.snn}, CreatedBy: w.user}
}

// TestOpenRoundOnce opens the same weekly round from eight goroutines over
// two handles on one database, as two app instances would: exactly one
// opens it, the others are told it is open already. Ad-hoc rounds of that
// week are free.
func TestOpenRoundOnce(t *testing.T) {
	for _, engine := range []string{sqldb.EngineSQLite, sqldb.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			cfg := mustConfig(t, engine)
			instances := []*sqldb.DB{mustOpenConfig(t, cfg), mustOpenConfig(t, cfg)}
			ctx := context.Background()
			w := mustRoundWorld(t, instances[0])

			var wg sync.WaitGroup
			errs := make([]error, 8)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = instances[i%2].Stores().Rounds.OpenRound(ctx, w.weekly(week20))
				}()
			}
			wg.Wait()
			opened := 0
			for _, err := range errs {
				switch datchuan.ErrorCode(err) {
				case "":
					opened++
				case datchuan.ECONFLICT:
					wantMessage(t, err, "20/06/2022")
				default:
					t.Errorf("OpenRound: %v, want nil or ECONFLICT", err)
				}
			}
			if opened != 1 {
				t.Errorf("%d goroutines opened the round, want 1", opened)
			}

			rs := instances[1].Stores().Rounds
			for i, title := range []string{"Báo cáo nhanh về bão số 1", "Báo cáo nhanh về bão số 1"} {
				adhoc := &datchuan.Round{PlanID: w.plan, Kind: datchuan.RoundAdHoc, Week: week20, Title: title, Deadline: at(23, 10)}
				if err := rs.OpenRound(ctx, adhoc); err != nil {
					t.Errorf("ad-hoc round %d of the week: %v", i, err)
				}
			}
			weekly := mustFind(t, rs.Rounds, datchuan.RoundFilter{PlanIDs: []int64{w.plan}, Kind: datchuan.RoundWeekly})
			if len(weekly) != 1 || !slices.Equal(weekly[0].Reporters, []int64{w.sxd, w.snn}) {
				t.Errorf("weekly rounds after the race: %+v", weekly)
			}
			if all := mustFind(t, rs.Rounds, datchuan.RoundFilter{PlanIDs: []int64{w.plan}}); len(all) != 3 {
				t.Errorf("%d rounds, want the weekly one and two ad-hoc", len(all))
			}
		})
	}
}

// TestRounds opens, lists and closes rounds: the latest deadline first,
// the open or closed ones, a limit; closing as of a stale version is a
// conflict, closing a round whose plan was deleted is not found.
func TestRounds(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		w := mustRoundWorld(t, db)
		rs := db.Stores().Rounds

		june13, june20, june27 := w.weekly(datchuan.NewDate(2022, 6, 13)), w.weekly(week20), w.weekly(datchuan.NewDate(2022, 6, 27))
		june20.Reporters = []int64{w.vpdp, w.sxd, w.vpdp, w.snn}
		adhoc := &datchuan.Round{PlanID: w.plan, Kind: datchuan.RoundAdHoc, Week: week20, Title: "Số liệu cho đoàn kiểm tra",
			Deadline: june20.Deadline, Reporters: []int64{}}
		for _, r := range []*datchuan.Round{june20, june13, adhoc, june27} {
			must(t, rs.OpenRound(ctx, r))
		}
		if june20.ID == 0 || june20.Version != 1 || !june20.OpenedAt.Equal(utcNow) || !june20.Open() {
			t.Errorf("after OpenRound: %+v", june20)
		}
		wantEqual(t, []int64{w.vpdp, w.sxd, w.snn}, june20.Reporters, "reporters, each once in order")
		got, err := rs.Round(ctx, june20.ID)
		must(t, err)
		wantEqual(t, june20, got, "Round")
		if !got.Deadline.Equal(at(24, 16)) {
			t.Errorf("deadline %v, want Friday 24/06/2022 16:00", got.Deadline)
		}

		all := mustFind(t, rs.Rounds, datchuan.RoundFilter{})
		wantEqual(t, []*datchuan.Round{june27, adhoc, june20, june13}, all, "Rounds: latest deadline first, then later ID")
		wantEqual(t, []*datchuan.Round{june27, adhoc}, mustFind(t, rs.Rounds, datchuan.RoundFilter{Limit: 2}), "Limit 2")

		must(t, rs.CloseRound(ctx, june13.ID, at(20, 8), 1))
		err = rs.CloseRound(ctx, june13.ID, at(20, 9), 1)
		wantCode(t, err, datchuan.ECONFLICT)
		wantMessage(t, err, "Đợt báo cáo")
		wantCode(t, rs.CloseRound(ctx, june13.ID, at(20, 9), 2), datchuan.ECONFLICT) // closed already
		closed, err := rs.Round(ctx, june13.ID)
		must(t, err)
		if closed.Open() || !closed.ClosedAt.Equal(at(20, 8)) || closed.Version != 2 {
			t.Errorf("after CloseRound: closed at %v, version %d", closed.ClosedAt, closed.Version)
		}
		open := mustFind(t, rs.Rounds, datchuan.RoundFilter{PlanIDs: []int64{w.plan}, Open: true})
		wantEqual(t, []int64{june27.ID, adhoc.ID, june20.ID}, field(open, func(r *datchuan.Round) int64 { return r.ID }), "open rounds")
		wantEqual(t, []*datchuan.Round{closed}, mustFind(t, rs.Rounds, datchuan.RoundFilter{Closed: true}), "closed rounds")
		wantEqual(t, []*datchuan.Round{adhoc}, mustFind(t, rs.Rounds, datchuan.RoundFilter{Kind: datchuan.RoundAdHoc}), "ad-hoc rounds")
		wantEqual(t, []*datchuan.Round{}, mustFind(t, rs.Rounds, datchuan.RoundFilter{IDs: []int64{}}), "no IDs")

		for name, r := range map[string]*datchuan.Round{
			"unknown plan":     {PlanID: 1 << 40, Kind: datchuan.RoundAdHoc, Week: week20, Deadline: at(24, 16)},
			"unknown reporter": {PlanID: w.plan, Kind: datchuan.RoundAdHoc, Week: week20, Deadline: at(24, 16), Reporters: []int64{1 << 40}},
			"unknown kind":     {PlanID: w.plan, Kind: "monthly", Week: week20, Deadline: at(24, 16)},
			"no week":          {PlanID: w.plan, Kind: datchuan.RoundAdHoc, Deadline: at(24, 16)},
			"no deadline":      {PlanID: w.plan, Kind: datchuan.RoundAdHoc, Week: week20},
		} {
			t.Run(name, func(t *testing.T) { wantCode(t, rs.OpenRound(ctx, r), datchuan.EINVALID) })
		}
		if n := len(mustFind(t, rs.Rounds, datchuan.RoundFilter{})); n != 4 {
			t.Errorf("%d rounds after refused ones, want 4", n)
		}

		_, err = rs.Round(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
		wantCode(t, rs.CloseRound(ctx, 1<<40, time.Time{}, 1), datchuan.ENOTFOUND)
		// Deleting the plan takes its rounds with it.
		if _, err := raw.Exec(`DELETE FROM plans WHERE id = ` + strconv.FormatInt(w.plan, 10)); err != nil {
			t.Fatal(err)
		}
		wantCode(t, rs.CloseRound(ctx, june20.ID, time.Time{}, 1), datchuan.ENOTFOUND)
	})
}

// item is what a department writes of a criterion.
func item(criterion, work string) datchuan.ReportItem {
	return datchuan.ReportItem{SetID: testSet, CriterionCode: criterion, Work: work, Difficulties: "Thiếu vốn đối ứng",
		Causes: "Ngân sách xã hạn hẹp", Proposals: "Đề nghị tỉnh hỗ trợ"}
}

// TestReportRevisions takes a report through its life: a draft, sent
// (revision 1), returned with a reason, sent again (revision 2). Each
// submission is kept with what it said; an edit from a stale version and
// a second report of the agency in the round are conflicts that change
// nothing.
func TestReportRevisions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustRoundWorld(t, db)
		st := db.Stores()
		rs := st.Rounds
		round := w.weekly(week20)
		must(t, rs.OpenRound(ctx, round))
		minutes := mustPut(t, st.Files, "bien-ban-hop.pdf", []byte("%PDF-1.4 biên bản họp"))
		photos := mustPut(t, st.Files, "hinh-anh.pdf", []byte("%PDF-1.4 hình ảnh công trình"))

		r := &datchuan.Report{RoundID: round.ID, AgencyID: w.sxd, State: datchuan.ReportDraft, Summary: "Tuần này",
			Items: []datchuan.ReportItem{item("2", "Khởi công 2 km đường"), item("17", "")}, Files: []string{minutes.ID, minutes.ID},
			UpdatedBy: w.user}
		must(t, rs.SaveReport(ctx, r, nil))
		if r.ID == 0 || r.Version != 1 || !r.UpdatedAt.Equal(utcNow) || r.Submitted() {
			t.Errorf("after the draft: %+v", r)
		}
		wantEqual(t, []string{minutes.ID}, r.Files, "each file once")
		twin := &datchuan.Report{RoundID: round.ID, AgencyID: w.sxd, State: datchuan.ReportDraft}
		wantCode(t, rs.SaveReport(ctx, twin, nil), datchuan.ECONFLICT)

		// Sent: revision 1.
		sent := *r
		sent.State, sent.FirstSentAt, sent.SentAt, sent.SentBy, sent.Revision = datchuan.ReportSubmitted, at(24, 15), at(24, 15), w.user, 1
		rev1 := &datchuan.Revision{Number: 1, SentAt: at(24, 15), SentBy: w.user, Summary: sent.Summary, Items: sent.Items, Files: sent.Files}
		must(t, rs.SaveReport(ctx, &sent, rev1))
		// Returned with a reason.
		returned := sent
		returned.State, returned.ReturnReason, returned.ReturnedBy = datchuan.ReportReturned, "Thiếu số liệu tiêu chí 17", w.user
		must(t, rs.SaveReport(ctx, &returned, nil))
		// Sent again with what was missing: revision 2.
		again := returned
		again.State, again.SentAt, again.Revision, again.ReturnReason, again.ReturnedBy = datchuan.ReportSubmitted, at(25, 9), 2, "", 0
		again.Items = []datchuan.ReportItem{item("17", "Thu gom rác 3 ấp"), item("2", "Khởi công 2 km đường")}
		again.Files = []string{photos.ID}
		rev2 := &datchuan.Revision{Number: 2, SentAt: at(25, 9), SentBy: w.user, Summary: again.Summary, Items: again.Items, Files: again.Files}
		must(t, rs.SaveReport(ctx, &again, rev2))
		if again.Version != 4 || again.RoundID != round.ID || again.AgencyID != w.sxd {
			t.Errorf("after the second submission: %+v", again)
		}

		got, err := rs.Report(ctx, r.ID)
		must(t, err)
		want := again
		want.Revisions = []datchuan.Revision{*rev1, *rev2}
		wantEqual(t, &want, got, "Report")
		if !got.FirstSentAt.Equal(at(24, 15)) || got.Revisions[0].Items[1].CriterionCode != "17" || got.Revisions[1].Files[0] != photos.ID {
			t.Errorf("revisions do not keep what each submission said: %+v", got.Revisions)
		}

		// A stale edit (from the returned page) changes nothing.
		stale := returned
		stale.Summary, stale.Items, stale.Files = "Sửa từ trang cũ", nil, nil
		err = rs.SaveReport(ctx, &stale, nil)
		wantCode(t, err, datchuan.ECONFLICT)
		wantMessage(t, err, "tải lại trang")
		after, err := rs.Report(ctx, r.ID)
		must(t, err)
		wantUnchanged(t, got, after, "the report after a stale edit")

		// A revision that is not the report's is refused; an edit of a
		// report that is gone is not found.
		wrong := again
		wrong.Revision = 3
		wantCode(t, rs.SaveReport(ctx, &wrong, &datchuan.Revision{Number: 2}), datchuan.EINVALID)
		gone := again
		gone.ID = 1 << 40
		wantCode(t, rs.SaveReport(ctx, &gone, nil), datchuan.ENOTFOUND)
		_, err = rs.Report(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)

		// Reports: by round, then agency (agriculture was stored before
		// construction), without revisions.
		other := &datchuan.Report{RoundID: round.ID, AgencyID: w.snn, State: datchuan.ReportDraft}
		must(t, rs.SaveReport(ctx, other, nil))
		want.Revisions = nil
		wantEqual(t, []*datchuan.Report{other, &want}, mustFind(t, rs.Reports, datchuan.ReportFilter{RoundIDs: []int64{round.ID}}), "Reports")
		wantEqual(t, []*datchuan.Report{other}, mustFind(t, rs.Reports, datchuan.ReportFilter{AgencyIDs: []int64{w.snn}}), "by agency")
	})
}

// TestSaveReportRefused sends what the tables refuse: nothing of it is
// stored.
func TestSaveReportRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustRoundWorld(t, db)
		rs := db.Stores().Rounds
		round := w.weekly(week20)
		must(t, rs.OpenRound(ctx, round))
		for name, r := range map[string]*datchuan.Report{
			"unknown round":  {RoundID: 1 << 40, AgencyID: w.sxd, State: datchuan.ReportDraft},
			"unknown agency": {RoundID: round.ID, AgencyID: 1 << 40, State: datchuan.ReportDraft},
			"unknown state":  {RoundID: round.ID, AgencyID: w.sxd, State: "approved"},
			"unknown file":   {RoundID: round.ID, AgencyID: w.sxd, State: datchuan.ReportDraft, Files: []string{strings.Repeat("0", 64)}},
			"twice 17": {RoundID: round.ID, AgencyID: w.sxd, State: datchuan.ReportDraft,
				Items: []datchuan.ReportItem{item("17", "a"), item("17", "b")}},
		} {
			t.Run(name, func(t *testing.T) { wantCode(t, rs.SaveReport(ctx, r, nil), datchuan.EINVALID) })
		}
		r := &datchuan.Report{RoundID: round.ID, AgencyID: w.sxd, State: datchuan.ReportSubmitted, Revision: 1}
		wantCode(t, rs.SaveReport(ctx, r, &datchuan.Revision{Number: 1, Files: []string{strings.Repeat("1", 64)}}), datchuan.EINVALID)
		if got := mustFind(t, rs.Reports, datchuan.ReportFilter{}); len(got) != 0 {
			t.Errorf("%d reports after refused saves", len(got))
		}
	})
}

// TestReportAtomically saves a report with its revision within
// Atomically: the transaction's reads see it, a rollback leaves nothing
// of it.
func TestReportAtomically(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), txTimeout)
		defer cancel()
		w := mustRoundWorld(t, db)
		save := func(s datchuan.Stores) error {
			round := w.weekly(week20)
			if err := s.Rounds.OpenRound(ctx, round); err != nil {
				return err
			}
			r := &datchuan.Report{RoundID: round.ID, AgencyID: w.sxd, State: datchuan.ReportSubmitted, FirstSentAt: at(24, 9),
				SentAt: at(24, 9), Revision: 1, Items: []datchuan.ReportItem{item("2", "Đường")}, Files: []string{w.file}}
			if err := s.Rounds.SaveReport(ctx, r, &datchuan.Revision{Number: 1, Items: r.Items, Files: r.Files}); err != nil {
				return err
			}
			if err := s.Snapshots.KeepSnapshots(ctx, round.ID, []datchuan.Snapshot{{UnitID: w.c1, SetID: testSet, Status: "not_met"}}); err != nil {
				return err
			}
			got, err := s.Rounds.Report(ctx, r.ID)
			if err != nil {
				return err
			}
			return seen(len(got.Revisions) == 1 && len(got.Items) == 1, "the report", nil)
		}
		tables := []string{"rounds", "round_reporters", "reports", "report_items", "report_files", "report_revisions",
			"report_revision_files", "round_snapshots"}
		if err := db.Atomically(ctx, func(s datchuan.Stores) error {
			if err := save(s); err != nil {
				return err
			}
			return errStop
		}); err != errStop {
			t.Fatalf("Atomically = %v, want errStop", err)
		}
		for _, table := range tables {
			if n := mustCount(t, raw, table, ""); n != 0 {
				t.Errorf("%d rows in %s after the rollback", n, table)
			}
		}
		must(t, db.Atomically(ctx, save))
		for _, table := range tables {
			if n := mustCount(t, raw, table, ""); n == 0 {
				t.Errorf("no row in %s after the commit", table)
			}
		}
	})
}

// TestSnapshots keeps the statuses of two rounds, more than one INSERT
// holds: each round's once; a unit's trend reads across rounds in order.
func TestSnapshots(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustRoundWorld(t, db)
		rs, ss := db.Stores().Rounds, db.Stores().Snapshots
		units := mustFind(t, db.Stores().Units.FindUnits, datchuan.UnitFilter{})
		first, second := w.weekly(datchuan.NewDate(2022, 6, 13)), w.weekly(week20)
		must(t, rs.OpenRound(ctx, first))
		must(t, rs.OpenRound(ctx, second))

		// Every unit, both sets, the whole set and 40 criteria: 8 × 2 × 41 rows.
		rows := func(status string) []datchuan.Snapshot {
			var out []datchuan.Snapshot
			for _, u := range units {
				for _, set := range []string{testSet, districtSet} {
					for c := range 41 {
						code := ""
						if c > 0 {
							code = strconv.Itoa(c)
						}
						out = append(out, datchuan.Snapshot{UnitID: u.ID, SetID: set, CriterionCode: code, Status: status})
					}
				}
			}
			return out
		}
		must(t, ss.KeepSnapshots(ctx, first.ID, rows("not_met")))
		wantCode(t, ss.KeepSnapshots(ctx, first.ID, rows("met")), datchuan.ECONFLICT)
		wantCode(t, ss.KeepSnapshots(ctx, 1<<40, rows("met")), datchuan.ENOTFOUND)
		twice := []datchuan.Snapshot{{UnitID: w.c1, SetID: testSet, Status: "met"}, {UnitID: w.c1, SetID: testSet, Status: "not_met"}}
		wantCode(t, ss.KeepSnapshots(ctx, second.ID, twice), datchuan.EINVALID)
		wantCode(t, ss.KeepSnapshots(ctx, second.ID, []datchuan.Snapshot{{UnitID: 1 << 40, SetID: testSet, Status: "met"}}), datchuan.EINVALID)
		must(t, ss.KeepSnapshots(ctx, second.ID, rows("met")))

		all, err := ss.Snapshots(ctx, datchuan.SnapshotFilter{})
		must(t, err)
		if n := len(rows("")); len(all) != 2*n || n <= 500 {
			t.Errorf("%d snapshots, want 2 × %d (more than 500 a round)", len(all), n)
		}
		trend, err := ss.Snapshots(ctx, datchuan.SnapshotFilter{UnitIDs: []int64{w.c1}, SetID: testSet})
		must(t, err)
		want := []datchuan.Snapshot{}
		for _, round := range []struct {
			id     int64
			status string
		}{{first.ID, "not_met"}, {second.ID, "met"}} {
			codes := []string{""}
			for c := range 40 {
				codes = append(codes, strconv.Itoa(c+1))
			}
			// Criterion codes in byte order: "", "1", "10", "11" …
			slices.Sort(codes)
			for _, code := range codes {
				want = append(want, datchuan.Snapshot{RoundID: round.id, UnitID: w.c1, SetID: testSet, CriterionCode: code, Status: round.status})
			}
		}
		wantEqual(t, want, trend, "the trend of a commune over the rounds")
		one, err := ss.Snapshots(ctx, datchuan.SnapshotFilter{RoundIDs: []int64{second.ID}, UnitIDs: []int64{w.c2}, SetID: districtSet})
		must(t, err)
		if len(one) != 41 || one[0].CriterionCode != "" || one[0].Status != "met" {
			t.Errorf("snapshots of one round, unit and set: %d, first %+v", len(one), one[0])
		}
	})
}

// TestPlanSchedule stores plans' report schedules: the zero schedule is
// Friday 16:00, another one round-trips, an impossible one is refused.
func TestPlanSchedule(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ps := db.Stores().Plans
		plain := &datchuan.Plan{ProvinceID: w.province, Number: "45/KH-BCĐ", Date: datchuan.NewDate(2022, 6, 22), Title: "Kế hoạch 45"}
		must(t, ps.CreatePlan(ctx, plain))
		wantEqual(t, datchuan.Schedule{Weekday: time.Friday, Hour: 16}, plain.Schedule, "the zero schedule, as created")
		got, err := ps.Plan(ctx, plain.ID)
		must(t, err)
		wantEqual(t, datchuan.DefaultSchedule, got.Schedule, "the zero schedule, as stored")

		monday := &datchuan.Plan{ProvinceID: w.province, Number: "46/KH-BCĐ", Date: datchuan.NewDate(2022, 6, 22), Title: "Kế hoạch 46",
			Schedule: datchuan.Schedule{Weekday: time.Monday, Hour: 9}}
		must(t, ps.CreatePlan(ctx, monday))
		got, err = ps.Plan(ctx, monday.ID)
		must(t, err)
		wantEqual(t, monday, got, "a plan due Monday 9:00")

		got.Schedule = datchuan.Schedule{Weekday: time.Saturday, Hour: 8}
		must(t, ps.UpdatePlan(ctx, got))
		again, err := ps.Plan(ctx, monday.ID)
		must(t, err)
		wantEqual(t, got, again, "after moving the schedule")
		again.Schedule = datchuan.Schedule{}
		must(t, ps.UpdatePlan(ctx, again))
		wantEqual(t, datchuan.DefaultSchedule, again.Schedule, "updated with the zero schedule")

		for _, bad := range []datchuan.Schedule{{Weekday: 7, Hour: 16}, {Weekday: time.Friday, Hour: 24}, {Weekday: -1, Hour: 8}} {
			p := &datchuan.Plan{ProvinceID: w.province, Number: "47/KH-BCĐ", Date: datchuan.NewDate(2022, 6, 22), Title: "Kế hoạch 47", Schedule: bad}
			wantCode(t, ps.CreatePlan(ctx, p), datchuan.EINVALID)
		}
	})
}

// TestRemoveUnusedReportFiles: an upload cited only by a report, or only
// by an old submission of one, is kept by the clean-up of unused uploads;
// one cited by nothing goes.
func TestRemoveUnusedReportFiles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Stores()
		w := mustRoundWorld(t, db)
		old := testNow.Add(-datchuan.UnusedAfter - time.Minute)
		put := func(name string, data []byte) *datchuan.Attachment {
			t.Helper()
			a := &datchuan.Attachment{Name: name, Data: data, UploadedAt: old}
			must(t, st.Files.PutAttachment(ctx, a))
			return a
		}
		sentOnce := put("bao-cao-lan-1.pdf", []byte("%PDF-1.4 first submission"))
		current := put("bao-cao-lan-2.pdf", []byte("%PDF-1.4 second submission"))
		unused := put("khong-dung.pdf", []byte("%PDF-1.4 never cited"))

		round := w.weekly(week20)
		must(t, st.Rounds.OpenRound(ctx, round))
		r := &datchuan.Report{RoundID: round.ID, AgencyID: w.sxd, State: datchuan.ReportSubmitted, FirstSentAt: at(24, 9), SentAt: at(24, 9),
			Revision: 1, Files: []string{sentOnce.ID}}
		must(t, st.Rounds.SaveReport(ctx, r, &datchuan.Revision{Number: 1, SentAt: at(24, 9), Files: r.Files}))
		// The file sent first is taken out of the report; only revision 1 cites it.
		r.Files = []string{current.ID}
		must(t, st.Rounds.SaveReport(ctx, r, nil))

		got, err := st.Files.RemoveUnused(ctx, testNow.Add(-datchuan.UnusedAfter))
		must(t, err)
		wantEqual(t, []string{unused.ID}, got.IDs, "removed")
		for _, kept := range []*datchuan.Attachment{sentOnce, current} {
			if _, err := st.Files.Attachment(ctx, kept.ID); err != nil {
				t.Errorf("%s: %v", kept.Name, err)
			}
		}
	})
}
