package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/xlsx"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// exportAssignments downloads the plan's assignment table as XLSX, in the
// layout the import reads back.
func (s *Server) exportAssignments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	plan, prov, _, err := s.loadPlan(r)
	if err != nil {
		return err
	}
	as, err := s.deps.Plans.Assignments(ctx, datchuan.AssignmentFilter{PlanID: plan.ID})
	if err != nil {
		return err
	}
	items, err := s.readableAssignments(r, as)
	if err != nil {
		return err
	}
	ags, err := s.agenciesOfProvince(ctx, prov.Code)
	if err != nil {
		return err
	}
	agencies := sortedAgencies(ags, nil)
	code := map[int64]string{}
	sheet := xlsx.Sheet{Title: "Kế hoạch " + plan.Number + " — " + prov.Name}
	if set := s.planSet(ctx, plan); set != nil {
		sheet.SetID = set.ID
	}
	for _, a := range agencies {
		code[a.ID] = a.Code
		sheet.Agencies = append(sheet.Agencies, xlsx.Agency{Code: a.Code, Name: a.Name})
	}
	for _, it := range items {
		row := xlsx.Row{UnitCode: it.Unit.Code, UnitName: it.Unit.Name, Criterion: it.CriterionCode,
			Indicator: it.IndicatorCode, Lead: code[it.LeadID], Deadline: it.Deadline, Outputs: it.Outputs, Note: it.Note}
		for _, id := range it.SupportIDs {
			row.Supports = append(row.Supports, code[id])
		}
		sheet.Rows = append(sheet.Rows, row)
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, sheet); err != nil {
		return err
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape("phan-cong-"+plan.Number+".xlsx"))
	_, _ = buf.WriteTo(w)
	return nil
}

// importAssignments reads an edited table back. It is all or nothing: a
// file with any problem changes nothing and the page lists every problem by
// row and column.
func (s *Server) importAssignments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	plan, prov, path, err := s.loadPlan(r)
	if err != nil {
		return err
	}
	if !viewerOf(r).access.CanPlan(path) {
		return datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ Văn phòng Điều phối phân công (only the coordination office assigns)")
	}
	refuse := func(problems ...string) error {
		return s.renderPlan(w, r, http.StatusUnprocessableEntity, planState{Import: problems})
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return refuse("Chọn tệp Excel (.xlsx) để nhập (choose an .xlsx file)")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, s.deps.MaxUpload+1))
	if err != nil {
		return err
	}
	if int64(len(data)) > s.deps.MaxUpload {
		return refuse("Tệp quá lớn (file too large)")
	}
	p := planPage{Plan: plan}
	if err := s.fillChoices(ctx, &p, prov); err != nil {
		return err
	}
	set := s.planSet(ctx, plan)
	if set == nil {
		return refuse("Chưa có bộ tiêu chí xã cho kế hoạch (no commune criteria set)")
	}
	known, units, agencies := xlsx.Known{Units: map[string]bool{}, Criteria: map[string]bool{}, Indicators: map[string]string{}, Agencies: map[string]bool{}},
		map[string]int64{}, map[string]int64{}
	for _, u := range p.Communes {
		known.Units[u.Code], units[u.Code] = true, u.ID
	}
	for _, a := range p.Agencies {
		known.Agencies[a.Code], agencies[a.Code] = true, a.ID
	}
	for _, c := range set.Criteria {
		known.Criteria[c.Code] = true
		for _, ind := range c.Indicators {
			known.Indicators[ind.Code] = c.Code
		}
	}
	sheet, err := xlsx.Read(bytes.NewReader(data), known)
	var ie *xlsx.ImportError
	if errors.As(err, &ie) {
		var lines []string
		for _, pr := range ie.Problems() {
			lines = append(lines, pr.String())
		}
		return refuse(lines...)
	}
	if err != nil {
		return err
	}
	as := make([]*datchuan.Assignment, 0, len(sheet.Rows))
	for _, row := range sheet.Rows {
		a := &datchuan.Assignment{PlanID: plan.ID, UnitID: units[row.UnitCode], SetID: set.ID, CriterionCode: row.Criterion,
			IndicatorCode: row.Indicator, LeadID: agencies[row.Lead], Deadline: row.Deadline, Outputs: row.Outputs, Note: row.Note,
			CreatedBy: viewerOf(r).user.ID}
		for _, c := range row.Supports {
			a.SupportIDs = append(a.SupportIDs, agencies[c])
		}
		as = append(as, a)
	}
	if err := s.deps.Plans.Assign(ctx, as); err != nil {
		if datchuan.ErrorCode(err) == datchuan.EINVALID {
			return refuse(datchuan.ErrorMessage(err))
		}
		return err
	}
	s.deps.Log.Info("assignments imported", "by", viewerOf(r).user.Login, "plan", plan.Number, "rows", len(as))
	http.Redirect(w, r, "/ke-hoach/"+strconv.FormatInt(plan.ID, 10)+"?ok=imported", http.StatusSeeOther)
	return nil
}
