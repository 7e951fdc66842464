package sqldb_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// TestRemoveUnused stores uploads a day and more old, some cited by each
// kind of thing that cites files and some by nothing: the clean-up removes
// exactly those cited by nothing, and the content under them unless
// another attachment shares it.
func TestRemoveUnused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Stores()
		w := mustPlanWorld(t, db) // w.file: uploaded now, cited by nothing
		old := testNow.Add(-datchuan.UnusedAfter - time.Minute)
		put := func(name string, data []byte) *datchuan.Attachment {
			t.Helper()
			a := &datchuan.Attachment{Name: name, Data: data, UploadedAt: old}
			must(t, st.Files.PutAttachment(ctx, a))
			return a
		}
		refused := put("bi-tu-choi.pdf", []byte("%PDF-1.4 a form refused, never sent again"))
		twin := put("ban-sao.pdf", []byte("%PDF-1.4 shared content"))
		oldEvidence := put("minh-chung-cu.pdf", []byte("%PDF-1.4 shared content"))
		forPlan := put("ke-hoach.pdf", []byte("%PDF-1.4 plan"))
		forTask := put("nhiem-vu.pdf", []byte("%PDF-1.4 task"))
		forApproval := put("ho-so.pdf", []byte("%PDF-1.4 approval"))
		forGuidance := put("huong-dan.pdf", []byte("%PDF-1.4 guidance"))
		signed := put("quyet-dinh-da-ky.pdf", []byte("%PDF-1.4 signed decision"))

		// A value cites oldEvidence; its correction cites nothing. The old
		// version keeps its evidence.
		reporter := mustPerson(t, db, "Lê Văn Báo").ID
		for _, ev := range [][]string{{oldEvidence.ID}, nil} {
			must(t, st.Values.ReportValue(ctx, &datchuan.Value{UnitID: w.c1, SetID: testSet, IndicatorCode: "17.8",
				AsOf: datchuan.NewDate(2022, 6, 1), Measure: datchuan.BoolMeasure(true), ReportedBy: reporter, Evidence: ev}))
		}
		must(t, st.Plans.CreatePlan(ctx, &datchuan.Plan{ProvinceID: w.province, Number: "45/KH-BCĐ", Date: datchuan.NewDate(2022, 6, 22),
			Title: "Kế hoạch", Files: []string{forPlan.ID}}))
		must(t, st.Tasks.CreateTask(ctx, &datchuan.Task{UnitID: w.c1, AssigneeID: w.member, Title: "Rà soát", Files: []string{forTask.ID}}))
		must(t, st.Approvals.CreateApproval(ctx, &datchuan.Approval{AgencyID: w.sxd, Title: "Hồ sơ", State: datchuan.ApprovalDraft,
			Files: []string{forApproval.ID}}))
		// An approved item keeps its signed decision, and nothing else cites it.
		approved := &datchuan.Approval{AgencyID: w.sxd, Title: "Hồ sơ đã duyệt", State: datchuan.ApprovalDraft}
		must(t, st.Approvals.CreateApproval(ctx, approved))
		approved.State, approved.DecisionNumber, approved.DecisionDate, approved.DecisionFile =
			datchuan.ApprovalApproved, "1/QĐ-UBND", datchuan.NewDate(2022, 8, 1), signed.ID
		must(t, st.Approvals.UpdateApproval(ctx, approved))
		must(t, st.Guidance.PublishGuidance(ctx, &datchuan.Guidance{AgencyID: w.sxd, SetID: testSet, CriterionCode: "17",
			Number: "1/HD-SXD", Date: datchuan.NewDate(2022, 6, 1), Title: "Hướng dẫn", File: forGuidance.ID}))

		got, err := st.Files.RemoveUnused(ctx, testNow.Add(-datchuan.UnusedAfter))
		must(t, err)
		slices.Sort(got.IDs)
		want := datchuan.Removed{Attachments: 2, Contents: 1, Bytes: refused.Size, IDs: []string{refused.ID, twin.ID}}
		slices.Sort(want.IDs)
		wantEqual(t, want, got, "RemoveUnused")

		for _, gone := range []string{refused.ID, twin.ID} {
			_, err := st.Files.Attachment(ctx, gone)
			wantCode(t, err, datchuan.ENOTFOUND)
		}
		for _, kept := range []*datchuan.Attachment{oldEvidence, forPlan, forTask, forApproval, forGuidance, signed, {ID: w.file}} {
			a, err := st.Files.Attachment(ctx, kept.ID)
			if err != nil || len(a.Data) == 0 {
				t.Errorf("attachment %s: %v", kept.Name, err)
			}
		}

		// Nothing left to remove: a second run (or another instance) finds nothing.
		again, err := st.Files.RemoveUnused(ctx, testNow.Add(-datchuan.UnusedAfter))
		must(t, err)
		wantEqual(t, datchuan.Removed{IDs: []string{}}, again, "RemoveUnused again")
	})
}
