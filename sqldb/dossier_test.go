package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// testTemplate is a small template of two steps and three items.
func testTemplate(province int64) *datchuan.DossierTemplate {
	prov := datchuan.DossierProvenance{Document: "18/2022/QĐ-TTg", Note: "chưa kiểm chứng"}
	return &datchuan.DossierTemplate{ProvinceID: province, Key: "district-ntm-2021-2025", NameVi: "Hồ sơ huyện NTM", Tier: datchuan.TierDistrictNTM,
		PeriodFrom: 2021, PeriodTo: 2025, Basis: prov, Source: "catalog/dossiers/x.yaml",
		Steps: []datchuan.DossierStep{{Code: "district", NameVi: "Cấp huyện"}, {Code: "province", NameVi: "Cấp tỉnh"}},
		Items: []*datchuan.DossierTemplateItem{
			{Code: "H01", Step: "district", Pos: 1, Title: "Tờ trình", Required: true, Kind: datchuan.DossierPaper, Party: datchuan.PartyDistrictPeoples, Provenance: prov},
			{Code: "H04", Step: "district", Pos: 2, Title: "Niêm yết", Required: true, Kind: datchuan.DossierPosting, PostingDays: 15, Party: datchuan.PartyDistrictPeoples, Provenance: prov},
			{Code: "T01", Step: "province", Pos: 3, Title: "Xác nhận của các sở", Required: true, Kind: datchuan.DossierConfirmations, Party: datchuan.PartyLeadDepartments, Provenance: prov},
		}}
}

// TestDossierTemplates stores a province's template, reads it back with
// its steps and items, adds and edits items (each a new version of the
// template, a stale edit refused) and refuses a second template of the
// key for the province.
func TestDossierTemplates(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ds := db.Stores().Dossiers
		tpl := testTemplate(w.province)
		must(t, ds.CreateDossierTemplate(ctx, tpl))
		if tpl.ID == 0 || tpl.Version != 1 || tpl.Items[0].ID == 0 || tpl.Items[2].Version != 1 || !tpl.CreatedAt.Equal(utcNow) {
			t.Fatalf("after CreateDossierTemplate: %+v", tpl)
		}
		got, err := ds.DossierTemplate(ctx, tpl.ID)
		must(t, err)
		wantEqual(t, tpl, got, "DossierTemplate")
		wantCode(t, ds.CreateDossierTemplate(ctx, testTemplate(w.province)), datchuan.ECONFLICT)

		// A new item comes last; an edit of an item counts a version of the template.
		added := &datchuan.DossierTemplateItem{TemplateID: tpl.ID, Code: "H10", Step: "district", Title: "Bản đồ quy hoạch",
			Kind: datchuan.DossierPaper, Party: datchuan.PartyDistrictSteering, Provenance: datchuan.DossierProvenance{Document: "Văn phòng Điều phối"}}
		must(t, ds.AddDossierTemplateItem(ctx, added))
		if added.Pos != 4 || added.Version != 1 {
			t.Errorf("added item: pos %d, version %d", added.Pos, added.Version)
		}
		wantCode(t, ds.AddDossierTemplateItem(ctx, &datchuan.DossierTemplateItem{TemplateID: tpl.ID, Code: "H10", Step: "district",
			Title: "Trùng", Kind: datchuan.DossierPaper, Party: datchuan.PartyCentral}), datchuan.ECONFLICT)
		wantCode(t, ds.AddDossierTemplateItem(ctx, &datchuan.DossierTemplateItem{TemplateID: tpl.ID, Code: "X1", Step: "ward",
			Title: "Bước lạ", Kind: datchuan.DossierPaper, Party: datchuan.PartyCentral}), datchuan.EINVALID)
		posting := *tpl.Items[1]
		stale := posting
		posting.PostingDays, posting.Provenance.Verified, posting.Title = 30, true, "Niêm yết 30 ngày"
		must(t, ds.UpdateDossierTemplateItem(ctx, &posting))
		stale.Title = "Sửa từ trang cũ"
		wantCode(t, ds.UpdateDossierTemplateItem(ctx, &stale), datchuan.ECONFLICT)
		gone := posting
		gone.ID = 999999
		wantCode(t, ds.UpdateDossierTemplateItem(ctx, &gone), datchuan.ENOTFOUND)
		got, err = ds.DossierTemplate(ctx, tpl.ID)
		must(t, err)
		if got.Version != 3 || len(got.Items) != 4 || got.Items[2].Code != "H10" || got.Item("H04").PostingDays != 30 || !got.Item("H04").Provenance.Verified {
			t.Errorf("after the edits: version %d, items %v", got.Version, field(got.Items, func(it *datchuan.DossierTemplateItem) string { return it.Code }))
		}
		list, err := ds.DossierTemplates(ctx, w.province)
		must(t, err)
		if len(list) != 1 || list[0].ID != tpl.ID {
			t.Errorf("templates of the province: %d", len(list))
		}
	})
}

// TestDossiers makes a target's dossier, edits an item (a stale edit
// refused), adds versions of a file and reads them back; a second dossier
// of the target is refused; the clean-up keeps what dossiers and
// recognition decisions cite.
func TestDossiers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		st := db.Stores()
		tpl := testTemplate(w.province)
		must(t, st.Dossiers.CreateDossierTemplate(ctx, tpl))
		d := &datchuan.Dossier{TargetID: w.target, ProvinceID: w.province, UnitID: w.district, TemplateID: tpl.ID, CreatedBy: w.user}
		var items []*datchuan.DossierItem
		for _, it := range tpl.Items {
			items = append(items, &datchuan.DossierItem{TemplateItemID: it.ID, ResponsibleID: w.vpdp, Due: datchuan.NewDate(2022, 9, 15)})
		}
		must(t, st.Dossiers.CreateDossier(ctx, d, items))
		if d.ID == 0 || items[0].ID == 0 || items[0].State != datchuan.DossierNotStarted || items[0].Version != 1 {
			t.Fatalf("after CreateDossier: %+v %+v", d, items[0])
		}
		wantCode(t, st.Dossiers.CreateDossier(ctx, &datchuan.Dossier{TargetID: w.target, ProvinceID: w.province, UnitID: w.district,
			TemplateID: tpl.ID}, nil), datchuan.ECONFLICT)
		byTarget, err := st.Dossiers.Dossiers(ctx, datchuan.DossierFilter{TargetIDs: []int64{w.target}})
		must(t, err)
		if len(byTarget) != 1 {
			t.Fatalf("dossiers of the target: %d", len(byTarget))
		}
		wantEqual(t, d, byTarget[0], "Dossier")

		posting := items[1]
		stale := *posting
		posting.State, posting.PostedOn, posting.Notes, posting.ResponsibleID, posting.UpdatedBy = datchuan.DossierDrafting, datchuan.NewDate(2022, 8, 22), "Niêm yết tại trụ sở", w.sxd, w.user
		must(t, st.Dossiers.UpdateDossierItem(ctx, posting))
		stale.State = datchuan.DossierReady
		wantCode(t, st.Dossiers.UpdateDossierItem(ctx, &stale), datchuan.ECONFLICT)

		old := testNow.Add(-datchuan.UnusedAfter - time.Minute)
		v1 := &datchuan.Attachment{Name: "to-trinh-v1.pdf", Data: []byte("%PDF-1.4 v1"), UploadedAt: old}
		v2 := &datchuan.Attachment{Name: "to-trinh-v2.pdf", Data: []byte("%PDF-1.4 v2"), UploadedAt: old}
		scan := &datchuan.Attachment{Name: "qd-cong-nhan.pdf", Data: []byte("%PDF-1.4 decision"), UploadedAt: old}
		for _, a := range []*datchuan.Attachment{v1, v2, scan} {
			must(t, st.Files.PutAttachment(ctx, a))
		}
		for _, a := range []*datchuan.Attachment{v1, v2} {
			must(t, st.Dossiers.AddDossierFile(ctx, items[0].ID, &datchuan.DossierFile{Attachment: a.ID, UploadedBy: w.user}))
		}
		wantCode(t, st.Dossiers.AddDossierFile(ctx, items[0].ID, &datchuan.DossierFile{Attachment: hashOf([]byte("none"))}), datchuan.EINVALID)
		wantCode(t, st.Dossiers.AddDossierFile(ctx, 999999, &datchuan.DossierFile{Attachment: v1.ID}), datchuan.ENOTFOUND)
		got, err := st.Dossiers.DossierItems(ctx, d.ID)
		must(t, err)
		if len(got) != 3 {
			t.Fatalf("items: %d", len(got))
		}
		first := got[0]
		if len(first.Files) != 2 || first.Current().Version != 2 || first.Current().Name != "to-trinh-v2.pdf" || first.File(1).Attachment != v1.ID {
			t.Errorf("versions of the first paper: %+v", first.Files)
		}
		if p := got[1]; p.State != datchuan.DossierDrafting || p.PostedOn != datchuan.NewDate(2022, 8, 22) || p.ResponsibleID != w.sxd || p.Version != 2 || len(p.Files) != 0 {
			t.Errorf("the posting after its edit: %+v", p)
		}
		one, err := st.Dossiers.DossierItem(ctx, items[0].ID)
		must(t, err)
		wantEqual(t, first, one, "DossierItem")

		dec := &datchuan.RecognitionDecision{ProvinceID: w.province, UnitID: w.c3, Title: datchuan.RecognisedNTM, Year: 2021,
			Number: "1234/QĐ-UBND", Date: datchuan.NewDate(2022, 4, 7), Issuer: "Chủ tịch UBND tỉnh", File: scan.ID, Demo: true, CreatedBy: w.user}
		must(t, st.Decisions.CreateRecognition(ctx, dec))

		removed, err := st.Files.RemoveUnused(ctx, testNow.Add(-datchuan.UnusedAfter))
		must(t, err)
		if removed.Attachments != 0 {
			t.Errorf("the clean-up removed files a dossier or a decision cites: %+v", removed)
		}
	})
}

// TestRecognitions records, edits and lists recognition decisions.
func TestRecognitions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		rs := db.Stores().Decisions
		mk := func(unit int64, title datchuan.RecognitionTitle, number string, on datchuan.Date) *datchuan.RecognitionDecision {
			t.Helper()
			d := &datchuan.RecognitionDecision{ProvinceID: w.province, UnitID: unit, Title: title, Number: number, Date: on, Issuer: "Chủ tịch UBND tỉnh Trà Vinh"}
			must(t, rs.CreateRecognition(ctx, d))
			return d
		}
		late := mk(w.c3, datchuan.RecognisedAdvanced, "900/QĐ-UBND", datchuan.NewDate(2023, 5, 2))
		early := mk(w.c3, datchuan.RecognisedNTM, "834/QĐ-UBND", datchuan.NewDate(2022, 5, 9))
		town := mk(w.c1, datchuan.RecognisedUrban, "77/QĐ-UBND", datchuan.NewDate(2021, 12, 1))
		if early.ID == 0 || early.Version != 1 || !early.CreatedAt.Equal(utcNow) {
			t.Fatalf("after CreateRecognition: %+v", early)
		}
		got, err := rs.Recognition(ctx, early.ID)
		must(t, err)
		wantEqual(t, early, got, "Recognition")
		stale := *early
		early.Number, early.File = "835/QĐ-UBND", w.file
		must(t, rs.UpdateRecognition(ctx, early))
		wantCode(t, rs.UpdateRecognition(ctx, &stale), datchuan.ECONFLICT)
		list, err := rs.Recognitions(ctx, datchuan.RecognitionFilter{UnitIDs: []int64{w.c3}})
		must(t, err)
		if len(list) != 2 || list[0].ID != early.ID || list[0].Number != "835/QĐ-UBND" || list[0].File != w.file || list[1].ID != late.ID {
			t.Errorf("decisions of the commune, oldest first: %+v", list)
		}
		all, err := rs.Recognitions(ctx, datchuan.RecognitionFilter{ProvinceID: w.province})
		must(t, err)
		if len(all) != 3 || all[0].ID != town.ID {
			t.Errorf("decisions of the province: %d", len(all))
		}
		wantCode(t, rs.CreateRecognition(ctx, &datchuan.RecognitionDecision{ProvinceID: w.province, UnitID: w.c1, Title: "honour",
			Number: "1", Date: datchuan.NewDate(2022, 1, 1), Issuer: "x"}), datchuan.EINVALID)
	})
}

// dossierTables are the tables the dossier's stores write.
var dossierTables = []string{"dossier_templates", "dossier_template_steps", "dossier_template_items", "dossiers", "dossier_items",
	"dossier_item_files", "recognition_decisions"}

// TestDossiersAtomically writes a template, a dossier, a file and a
// decision through stores bound to one transaction, reading each back in
// it: rolled back, nothing remains; committed, every table has its rows.
func TestDossiersAtomically(t *testing.T) {
	forEachEngineRaw(t, func(t *testing.T, db *sqldb.DB, raw *sql.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		count := func() map[string]int {
			n := map[string]int{}
			for _, table := range dossierTables {
				n[table] = mustCount(t, raw, table, "")
			}
			return n
		}
		write := func(s datchuan.Stores) error {
			tpl := testTemplate(w.province)
			if err := s.Dossiers.CreateDossierTemplate(ctx, tpl); err != nil {
				return err
			}
			d := &datchuan.Dossier{TargetID: w.target, ProvinceID: w.province, UnitID: w.district, TemplateID: tpl.ID}
			items := []*datchuan.DossierItem{{TemplateItemID: tpl.Items[0].ID}}
			if err := s.Dossiers.CreateDossier(ctx, d, items); err != nil {
				return err
			}
			if err := s.Dossiers.AddDossierFile(ctx, items[0].ID, &datchuan.DossierFile{Attachment: w.file}); err != nil {
				return err
			}
			got, err := s.Dossiers.DossierItems(ctx, d.ID)
			if err != nil || len(got) != 1 || len(got[0].Files) != 1 {
				return fmt.Errorf("the transaction does not read back the paper: %v", err)
			}
			return s.Decisions.CreateRecognition(ctx, &datchuan.RecognitionDecision{ProvinceID: w.province, UnitID: w.c3,
				Title: datchuan.RecognisedNTM, Number: "1/QĐ-UBND", Date: datchuan.NewDate(2021, 1, 1), Issuer: "Chủ tịch UBND tỉnh"})
		}
		before := count()
		stop := errors.New("stop")
		if err := db.Atomically(ctx, func(s datchuan.Stores) error {
			if err := write(s); err != nil {
				return err
			}
			return stop
		}); err != stop {
			t.Fatalf("Atomically = %v, want stop", err)
		}
		wantUnchanged(t, before, count(), "after the rollback, the rows")
		must(t, db.Atomically(ctx, write))
		after := count()
		for _, table := range dossierTables {
			if after[table] <= before[table] {
				t.Errorf("%s: %d rows after the commit, %d before", table, after[table], before[table])
			}
		}
	})
}

// TestApprovalsServingPapers: an approval item names the dossier paper it
// serves, keeps it through its moves, is found by it, and cannot name a
// paper that does not exist.
func TestApprovalsServingPapers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		st := db.Stores()
		tpl := testTemplate(w.province)
		must(t, st.Dossiers.CreateDossierTemplate(ctx, tpl))
		d := &datchuan.Dossier{TargetID: w.target, ProvinceID: w.province, UnitID: w.district, TemplateID: tpl.ID}
		items := []*datchuan.DossierItem{{TemplateItemID: tpl.Items[0].ID}, {TemplateItemID: tpl.Items[1].ID}}
		must(t, st.Dossiers.CreateDossier(ctx, d, items))

		a := &datchuan.Approval{AgencyID: w.sxd, Title: "Tờ trình công nhận", State: datchuan.ApprovalDraft, DossierItemID: items[0].ID}
		must(t, st.Approvals.CreateApproval(ctx, a))
		other := &datchuan.Approval{AgencyID: w.sxd, Title: "Quy hoạch", State: datchuan.ApprovalDraft}
		must(t, st.Approvals.CreateApproval(ctx, other))
		a.State = datchuan.ApprovalSubmitted
		must(t, st.Approvals.UpdateApproval(ctx, a))
		got, err := st.Approvals.ApprovalsServing(ctx, []int64{items[0].ID, items[1].ID})
		must(t, err)
		if len(got) != 1 || got[0].ID != a.ID || got[0].DossierItemID != items[0].ID || got[0].State != datchuan.ApprovalSubmitted {
			t.Fatalf("approvals serving the papers: %+v", got)
		}
		none, err := st.Approvals.ApprovalsServing(ctx, nil)
		must(t, err)
		if len(none) != 0 {
			t.Errorf("approvals serving no paper: %d", len(none))
		}
		wantCode(t, st.Approvals.CreateApproval(ctx, &datchuan.Approval{AgencyID: w.sxd, Title: "Sai", State: datchuan.ApprovalDraft,
			DossierItemID: 999999}), datchuan.EINVALID)
	})
}
