package sqldb_test

import (
	"context"
	"sync"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// forEachEngineTwice is forEachEngine with two handles on one database, as
// two app instances have: two connection pools, and in SQLite two writers
// that only the file lock serialises.
func forEachEngineTwice(t *testing.T, fn func(t *testing.T, a, b *sqldb.DB)) {
	t.Helper()
	for _, engine := range []string{sqldb.EngineSQLite, sqldb.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			cfg := mustConfig(t, engine)
			fn(t, mustOpenConfig(t, cfg), mustOpenConfig(t, cfg))
		})
	}
}

func TestApprovals(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		aps := db.Stores().Approvals

		// A decision given at creation is dropped: a new item is a draft.
		zoning := &datchuan.Approval{AgencyID: w.sxd, Title: "Quy hoạch chung xây dựng xã Mỹ Long Bắc", SetID: testSet, CriterionCode: "1",
			UnitIDs: []int64{w.c2, w.c2}, Files: []string{w.file}, State: datchuan.ApprovalApproved, DecisionNumber: "1/QĐ-UBND",
			DecisionDate: datchuan.NewDate(2022, 1, 1), Reason: "x", CreatedBy: w.user}
		must(t, aps.CreateApproval(ctx, zoning))
		want := &datchuan.Approval{ID: zoning.ID, AgencyID: w.sxd, Title: zoning.Title, SetID: testSet, CriterionCode: "1",
			UnitIDs: []int64{w.c2}, Files: []string{w.file}, State: datchuan.ApprovalDraft, CreatedBy: w.user, CreatedAt: utcNow, UpdatedAt: utcNow,
			Version: 1}
		wantEqual(t, want, zoning, "after CreateApproval")
		got, err := aps.Approval(ctx, zoning.ID)
		must(t, err)
		wantEqual(t, want, got, "Approval")

		list := &datchuan.Approval{AgencyID: w.vpdp, Title: "Danh sách xã đề nghị công nhận đạt chuẩn nông thôn mới năm 2022",
			UnitIDs: []int64{w.c3, w.c1}}
		must(t, aps.CreateApproval(ctx, list))
		for name, tc := range map[string]struct {
			agencies []int64
			want     []int64
		}{
			"all":          {nil, []int64{list.ID, zoning.ID}},
			"none":         {[]int64{}, []int64{}},
			"one agency":   {[]int64{w.sxd}, []int64{zoning.ID}},
			"two agencies": {[]int64{w.sxd, w.vpdp}, []int64{list.ID, zoning.ID}},
			"no items":     {[]int64{w.snn}, []int64{}},
		} {
			got, err := aps.Approvals(ctx, tc.agencies)
			must(t, err)
			wantEqual(t, tc.want, field(got, func(a *datchuan.Approval) int64 { return a.ID }), "%s", name)
		}

		_, err = aps.Approval(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
		for name, a := range map[string]*datchuan.Approval{
			"no title":       {AgencyID: w.sxd},
			"no agency":      {Title: "x"},
			"unknown agency": {AgencyID: 1 << 40, Title: "x"},
			"unknown unit":   {AgencyID: w.sxd, Title: "x", UnitIDs: []int64{1 << 40}},
			"unknown file":   {AgencyID: w.sxd, Title: "x", Files: []string{hashOf([]byte("missing"))}},
		} {
			wantCode(t, aps.CreateApproval(ctx, a), datchuan.EINVALID)
			if a.ID != 0 {
				t.Errorf("%s: refused item got ID %d", name, a.ID)
			}
		}
		all, err := aps.Approvals(ctx, nil)
		must(t, err)
		if len(all) != 2 {
			t.Errorf("%d items after refused creations, want 2", len(all))
		}
	})
}

// move moves item a from its state to `to`, with the decision or reason in
// outcome, as the domain would after ApprovalState.CanMoveTo: a changes
// only when the store accepts the move.
func move(ctx context.Context, aps datchuan.ApprovalService, a *datchuan.Approval, to datchuan.ApprovalState, outcome datchuan.Approval) error {
	next := *a
	next.State, next.DecisionNumber, next.DecisionDate, next.Reason = to, outcome.DecisionNumber, outcome.DecisionDate, outcome.Reason
	if err := aps.UpdateApproval(ctx, &next); err != nil {
		return err
	}
	*a = next
	return nil
}

// TestUpdateApproval moves an item through its states: the store keeps
// what it is given, one version after the other, and refuses an update
// from a version that is no longer the stored one.
func TestUpdateApproval(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		aps := db.Stores().Approvals
		item := &datchuan.Approval{AgencyID: w.vpdp, Title: "Danh sách xã đạt chuẩn năm 2022", UnitIDs: []int64{w.c1}, CreatedAt: at(20, 9)}
		must(t, aps.CreateApproval(ctx, item))
		opened := *item // a page opened on the draft

		must(t, move(ctx, aps, item, datchuan.ApprovalSubmitted, datchuan.Approval{}))
		if item.Version != 2 || !item.UpdatedAt.Equal(utcNow) {
			t.Errorf("after submitting: version %d, UpdatedAt %v", item.Version, item.UpdatedAt)
		}
		ret := datchuan.Approval{Reason: "Thiếu biên bản thẩm tra của huyện"}
		must(t, move(ctx, aps, item, datchuan.ApprovalReturned, ret))
		got, err := aps.Approval(ctx, item.ID)
		must(t, err)
		if got.State != datchuan.ApprovalReturned || got.Reason != ret.Reason || got.Version != 3 || !got.CreatedAt.Equal(at(20, 9)) {
			t.Errorf("after returning: %+v", got)
		}

		// The page opened on the draft is stale: its update is refused and
		// says to reload; the item stays as it was.
		err = move(ctx, aps, &opened, datchuan.ApprovalSubmitted, datchuan.Approval{})
		wantCode(t, err, datchuan.ECONFLICT)
		wantMessage(t, err, "tải lại trang")
		if again, err := aps.Approval(ctx, item.ID); err != nil || again.State != datchuan.ApprovalReturned || again.Version != 3 {
			t.Errorf("a stale update changed the item: %+v, %v", again, err)
		}

		// Every field the update names is stored, the lists replaced.
		decision := datchuan.Approval{DecisionNumber: "1234/QĐ-UBND", DecisionDate: datchuan.NewDate(2022, 12, 30)}
		item.Title, item.SetID, item.CriterionCode = "Danh sách (bổ sung)", testSet, "19"
		item.UnitIDs, item.Files = []int64{w.c3, w.c2, w.c3}, []string{w.file}
		must(t, move(ctx, aps, item, datchuan.ApprovalApproved, decision))
		want := *item
		want.UnitIDs = []int64{w.c3, w.c2}
		got, err = aps.Approval(ctx, item.ID)
		must(t, err)
		wantEqual(t, &want, got, "after approving")
		if got.Version != 4 || got.Reason != "" || got.DecisionNumber != decision.DecisionNumber {
			t.Errorf("after approving: %+v", got)
		}

		// What the tables refuse is EINVALID and changes nothing.
		for name, change := range map[string]func(a *datchuan.Approval){
			"unknown state": func(a *datchuan.Approval) { a.State = "archived" },
			"no title":      func(a *datchuan.Approval) { a.Title = "" },
			"unknown unit":  func(a *datchuan.Approval) { a.UnitIDs = []int64{1 << 40} },
			"unknown file":  func(a *datchuan.Approval) { a.Files = []string{hashOf([]byte("missing"))} },
		} {
			bad := *got
			change(&bad)
			if err := aps.UpdateApproval(ctx, &bad); datchuan.ErrorCode(err) != datchuan.EINVALID {
				t.Errorf("%s: UpdateApproval error %v, want EINVALID", name, err)
			}
		}
		after, err := aps.Approval(ctx, item.ID)
		must(t, err)
		wantUnchanged(t, got, after, "after refused updates, the item")
		gone := *got
		gone.ID = 1 << 40
		wantCode(t, aps.UpdateApproval(ctx, &gone), datchuan.ENOTFOUND)
	})
}

// TestUpdateApprovalRace has two people decide the same submitted item at
// once, from two app instances and the same version: one approves, one
// returns. Exactly one wins; the other gets ECONFLICT, and the item is as
// the winner left it.
func TestUpdateApprovalRace(t *testing.T) {
	forEachEngineTwice(t, func(t *testing.T, db1, db2 *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db1)
		aps := [2]datchuan.ApprovalService{db1.Stores().Approvals, db2.Stores().Approvals}
		decide := [2]datchuan.Approval{
			{State: datchuan.ApprovalApproved, DecisionNumber: "1234/QĐ-UBND", DecisionDate: datchuan.NewDate(2022, 12, 30)},
			{State: datchuan.ApprovalReturned, Reason: "Thiếu hồ sơ"},
		}
		for round := range 10 {
			item := &datchuan.Approval{AgencyID: w.vpdp, Title: "Hồ sơ"}
			must(t, aps[0].CreateApproval(ctx, item))
			must(t, move(ctx, aps[0], item, datchuan.ApprovalSubmitted, datchuan.Approval{}))
			var errs [2]error
			var wg sync.WaitGroup
			for i := range 2 {
				seen := *item // each reviewer's page, opened on the same version
				wg.Go(func() {
					errs[i] = move(ctx, aps[i], &seen, decide[i].State, decide[i])
				})
			}
			wg.Wait()
			winner := -1
			for i, err := range errs {
				switch datchuan.ErrorCode(err) {
				case "":
					if winner >= 0 {
						t.Fatalf("round %d: both moves succeeded", round)
					}
					winner = i
				case datchuan.ECONFLICT:
					wantMessage(t, err, "tải lại trang")
				default:
					t.Fatalf("round %d: move %d: %v", round, i, err)
				}
			}
			if winner < 0 {
				t.Fatalf("round %d: both moves refused: %v", round, errs)
			}
			got, err := aps[1].Approval(ctx, item.ID)
			must(t, err)
			if got.State != decide[winner].State || got.Reason != decide[winner].Reason || got.DecisionNumber != decide[winner].DecisionNumber ||
				got.Version != 3 {
				t.Errorf("round %d: %s won but the item is %+v", round, decide[winner].State, got)
			}
		}
	})
}
