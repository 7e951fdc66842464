package sqldb_test

import (
	"context"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

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
		aps := sqldb.NewApprovalService(db)

		// A decision given at creation is dropped: a new item is a draft.
		zoning := &datchuan.Approval{AgencyID: w.sxd, Title: "Quy hoạch chung xây dựng xã Mỹ Long Bắc", SetID: testSet, CriterionCode: "1",
			UnitIDs: []int64{w.c2, w.c2}, Files: []string{w.file}, State: datchuan.ApprovalApproved, DecisionNumber: "1/QĐ-UBND",
			DecisionDate: datchuan.NewDate(2022, 1, 1), Reason: "x", CreatedBy: w.user}
		must(t, aps.CreateApproval(ctx, zoning))
		want := &datchuan.Approval{ID: zoning.ID, AgencyID: w.sxd, Title: zoning.Title, SetID: testSet, CriterionCode: "1",
			UnitIDs: []int64{w.c2}, Files: []string{w.file}, State: datchuan.ApprovalDraft, CreatedBy: w.user, CreatedAt: utcNow, UpdatedAt: utcNow}
		if diff := cmp.Diff(want, zoning); diff != "" {
			t.Errorf("after CreateApproval (-want +got):\n%s", diff)
		}
		got, err := aps.Approval(ctx, zoning.ID)
		must(t, err)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Approval (-want +got):\n%s", diff)
		}

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
			gotIDs := []int64{}
			for _, a := range got {
				gotIDs = append(gotIDs, a.ID)
			}
			if diff := cmp.Diff(tc.want, gotIDs); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
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

// move moves the stored item id from `from` to `to` with the decision or
// reason in a.
func move(ctx context.Context, aps *sqldb.ApprovalService, id int64, from, to datchuan.ApprovalState, a datchuan.Approval) error {
	a.ID, a.State = id, to
	return aps.MoveApproval(ctx, &a, from)
}

func TestMoveApproval(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		aps := sqldb.NewApprovalService(db)
		item := &datchuan.Approval{AgencyID: w.vpdp, Title: "Danh sách xã đạt chuẩn năm 2022", CreatedAt: at(20, 9)}
		must(t, aps.CreateApproval(ctx, item))
		id := item.ID
		const (
			draft     = datchuan.ApprovalDraft
			submitted = datchuan.ApprovalSubmitted
			approved  = datchuan.ApprovalApproved
			returned  = datchuan.ApprovalReturned
		)
		none := datchuan.Approval{}
		decision := datchuan.Approval{DecisionNumber: "1234/QĐ-UBND", DecisionDate: datchuan.NewDate(2022, 12, 30)}

		wantCode(t, move(ctx, aps, id, draft, approved, decision), datchuan.ECONFLICT)
		wantCode(t, move(ctx, aps, id, draft, returned, datchuan.Approval{Reason: "x"}), datchuan.ECONFLICT)
		must(t, move(ctx, aps, id, draft, submitted, none))

		// Approving needs the decision, returning a reason.
		wantCode(t, move(ctx, aps, id, submitted, approved, none), datchuan.EINVALID)
		wantCode(t, move(ctx, aps, id, submitted, approved, datchuan.Approval{DecisionNumber: "1234/QĐ-UBND"}), datchuan.EINVALID)
		wantCode(t, move(ctx, aps, id, submitted, returned, datchuan.Approval{Reason: "  "}), datchuan.EINVALID)

		ret := datchuan.Approval{ID: id, State: returned, Reason: "Thiếu biên bản thẩm tra của huyện"}
		must(t, aps.MoveApproval(ctx, &ret, submitted))
		if !ret.UpdatedAt.Equal(utcNow) {
			t.Errorf("UpdatedAt after a move = %v, want %v", ret.UpdatedAt, utcNow)
		}
		got, err := aps.Approval(ctx, id)
		must(t, err)
		if got.State != returned || got.Reason != ret.Reason || !got.UpdatedAt.Equal(utcNow) || !got.CreatedAt.Equal(at(20, 9)) {
			t.Errorf("after returning: %+v", got)
		}

		// Submitted again, the item no longer carries the old reason.
		must(t, move(ctx, aps, id, returned, submitted, none))
		must(t, move(ctx, aps, id, submitted, approved, decision))
		got, err = aps.Approval(ctx, id)
		must(t, err)
		if got.State != approved || got.DecisionNumber != decision.DecisionNumber || got.DecisionDate != decision.DecisionDate || got.Reason != "" {
			t.Errorf("after approving: %+v", got)
		}

		// Approved is final; a move from a state the item has left is a
		// conflict that says to reload.
		wantCode(t, move(ctx, aps, id, approved, submitted, none), datchuan.ECONFLICT)
		err = move(ctx, aps, id, submitted, returned, datchuan.Approval{Reason: "Muộn"})
		wantCode(t, err, datchuan.ECONFLICT)
		wantMessage(t, err, "đã phê duyệt")
		wantMessage(t, err, "tải lại trang")
		got, err = aps.Approval(ctx, id)
		must(t, err)
		if got.State != approved || got.Reason != "" {
			t.Errorf("a refused move changed the item: %+v", got)
		}
		wantCode(t, move(ctx, aps, 1<<40, draft, submitted, none), datchuan.ENOTFOUND)
	})
}

// TestMoveApprovalRace has two people decide the same submitted item at
// once, from two app instances: one approves, one returns. Exactly one
// wins; the other gets ECONFLICT, and the item is as the winner left it.
func TestMoveApprovalRace(t *testing.T) {
	forEachEngineTwice(t, func(t *testing.T, db1, db2 *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db1)
		aps := [2]*sqldb.ApprovalService{sqldb.NewApprovalService(db1), sqldb.NewApprovalService(db2)}
		decide := [2]datchuan.Approval{
			{State: datchuan.ApprovalApproved, DecisionNumber: "1234/QĐ-UBND", DecisionDate: datchuan.NewDate(2022, 12, 30)},
			{State: datchuan.ApprovalReturned, Reason: "Thiếu hồ sơ"},
		}
		for round := range 10 {
			item := &datchuan.Approval{AgencyID: w.vpdp, Title: "Hồ sơ"}
			must(t, aps[0].CreateApproval(ctx, item))
			must(t, move(ctx, aps[0], item.ID, datchuan.ApprovalDraft, datchuan.ApprovalSubmitted, datchuan.Approval{}))
			var errs [2]error
			var wg sync.WaitGroup
			for i := range 2 {
				wg.Go(func() {
					errs[i] = move(ctx, aps[i], item.ID, datchuan.ApprovalSubmitted, decide[i].State, decide[i])
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
			if got.State != decide[winner].State || got.Reason != decide[winner].Reason || got.DecisionNumber != decide[winner].DecisionNumber {
				t.Errorf("round %d: %s won but the item is %+v", round, decide[winner].State, got)
			}
		}
	})
}
