package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/xlsx"
)

// AssignInput is the bulk assignment form as typed: one criterion (or
// indicator) for every commune of a district and the communes chosen one
// by one.
type AssignInput struct {
	Criterion string // "17" or "17.2"
	District  string // a district code: every commune of it
	Units     []string
	Lead      string
	Supports  []string
	Deadline  string
	Outputs   []string
	Note      string
}

// Assign gives a criterion of every chosen commune to a lead agency, in one
// action and one change-log entry; it returns the number of rows written.
func (s *Service) Assign(ctx context.Context, c Caller, planID int64, in AssignInput) (int, error) {
	b, err := s.assignBatch(ctx, c, planID, in)
	if err != nil {
		return 0, err
	}
	return len(b.rows), s.assignAll(ctx, c, b.plan, b.prov, b.rows, b.summary)
}

// assignmentBatch is a bulk assignment checked and ready to write.
type assignmentBatch struct {
	plan    *datchuan.Plan
	prov    *datchuan.Unit
	rows    []*datchuan.Assignment
	summary string
}

// assignBatch is the bulk assignment the form asks of the plan, checked:
// the caller plans in its province, the criterion, units and agencies are
// the plan's, and every row is valid.
func (s *Service) assignBatch(ctx context.Context, c Caller, planID int64, in AssignInput) (assignmentBatch, error) {
	plan, prov, err := s.PlanFor(ctx, c, planID)
	if err != nil {
		return assignmentBatch{}, err
	}
	if err := c.CheckPlan(datchuan.UnitPath{Province: prov.Code}); err != nil {
		return assignmentBatch{}, err
	}
	ags, err := s.Agencies(ctx, c, prov.Code)
	if err != nil {
		return assignmentBatch{}, err
	}
	p := datchuan.Problems{}
	tmpl := datchuan.Assignment{PlanID: plan.ID, Note: strings.TrimSpace(in.Note), Outputs: parseOutputs(in.Outputs),
		SupportIDs: parseIDs(in.Supports), CreatedBy: c.Actor.UserID,
		Deadline: p.ParseDate(datchuan.FieldDeadline, in.Deadline, true)}
	if ids := parseIDs([]string{in.Lead}); len(ids) == 1 {
		tmpl.LeadID = ids[0]
	}
	set := s.PlanSet(ctx, plan)
	if set == nil {
		p.Add(datchuan.FieldCriteria, "Chưa có bộ tiêu chí xã cho kế hoạch (no commune criteria set)")
	} else if crit, ind, ok := set.Link(in.Criterion); ok {
		tmpl.SetID, tmpl.CriterionCode, tmpl.IndicatorCode = set.ID, crit, ind
	}
	if tmpl.LeadID != 0 && !agenciesIn(ags, append([]int64{tmpl.LeadID}, tmpl.SupportIDs...)) {
		p.Add(datchuan.FieldLead, "Cơ quan chủ trì và phối hợp phải thuộc tỉnh của kế hoạch (agencies must belong to the plan's province)")
	}
	units, err := s.assignUnits(ctx, c, plan, prov, set, in, p)
	if err != nil {
		return assignmentBatch{}, err
	}
	if len(units) > 0 {
		tmpl.UnitID = units[0].ID // the template stands for every row
	}
	if err := p.Check(tmpl.Validate()); err != nil {
		return assignmentBatch{}, err
	}
	as := make([]*datchuan.Assignment, 0, len(units))
	for _, u := range units {
		a := tmpl
		a.UnitID = u.ID
		as = append(as, &a)
	}
	summary := fmt.Sprintf("Phân công tiêu chí %s cho %d đơn vị, chủ trì: %s", in.Criterion, len(as), agencyName(ags, tmpl.LeadID))
	return assignmentBatch{plan: plan, prov: prov, rows: as, summary: summary}, nil
}

// assignAll writes a batch of assignments with one change-log entry.
func (s *Service) assignAll(ctx context.Context, c Caller, plan *datchuan.Plan, prov *datchuan.Unit, as []*datchuan.Assignment, summary string) error {
	if err := datchuan.ValidateAssignments(as); err != nil {
		return err
	}
	return s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		return s.assignIn(ctx, tx, c, assignmentBatch{plan: plan, prov: prov, rows: as, summary: summary})
	})
}

// assignIn writes a batch within tx and returns its log entry and the
// notices to the departments given new work.
func (s *Service) assignIn(ctx context.Context, tx datchuan.Stores, c Caller, b assignmentBatch) (outcome, error) {
	before, err := assignedBefore(ctx, tx, b.rows)
	if err != nil {
		return outcome{}, err
	}
	if err := tx.Plans.Assign(ctx, b.rows); err != nil {
		return outcome{}, err
	}
	out := outcome{change: datchuan.NewChange(c.Actor, datchuan.ActAssign, "plan", b.plan.ID, b.summary, nil, b.rows)}
	out.change.UnitID, out.change.Province = b.prov.ID, b.prov.Code
	// The departments given new work are told, in the daily digest.
	out.notices, err = s.assignedNotices(ctx, tx, c, b.plan, before, b.rows)
	return out, err
}

func agencyName(ags map[int64]*datchuan.Agency, id int64) string {
	if a := ags[id]; a != nil {
		if a.ShortName != "" {
			return a.ShortName
		}
		return a.Name
	}
	return fmt.Sprint(id)
}

// assignUnits is every unit of the chosen district that the plan's set
// measures (its xã for the commune NTM set: set.Measures), plus the units
// chosen one by one, as of the plan's date; what is wrong goes to p. With
// no set there is nothing to assign (Assign says so).
func (s *Service) assignUnits(ctx context.Context, c Caller, plan *datchuan.Plan, prov *datchuan.Unit, set *datchuan.CriteriaSet, in AssignInput, p datchuan.Problems) ([]*datchuan.Unit, error) {
	if set == nil {
		return nil, nil
	}
	seen := map[int64]bool{}
	var out []*datchuan.Unit
	add := func(u *datchuan.Unit) {
		if !seen[u.ID] {
			seen[u.ID] = true
			out = append(out, u)
		}
	}
	if in.District != "" {
		d, _, err := c.Tree.Resolve(ctx, datchuan.LevelDistrict, in.District, plan.Date)
		if err != nil || d.ParentCode != prov.Code {
			p.Add(datchuan.FieldUnits, "Không có huyện mã %s trong tỉnh (There is no district with code %s in the province)", in.District, in.District)
			return nil, nil
		}
		cs, err := c.Tree.Children(ctx, d, plan.Date)
		if err != nil {
			return nil, err
		}
		for _, u := range cs {
			if set.Measures(u) {
				add(u)
			}
		}
	}
	for _, code := range in.Units {
		u, _, err := c.Tree.Resolve(ctx, datchuan.LevelCommune, code, plan.Date)
		if err != nil {
			p.Add(datchuan.FieldUnits, "Không có xã mã %s vào ngày của kế hoạch (There was no commune with code %s on the plan's date)", code, code)
			return nil, nil
		}
		// Chosen one by one, a unit must still be of this province, and
		// of a type the set measures.
		if up, err := c.Tree.Path(ctx, u); err != nil || up.Province != prov.Code {
			p.Add(datchuan.FieldUnits, "%s không thuộc %s (%s is outside %s)", u.Name, prov.Name, u.Name, prov.Name)
			return nil, nil
		}
		if !set.Measures(u) {
			p.Add(datchuan.FieldUnits, "%s không được đánh giá theo %s (%s is not measured by this criteria set)", u.Name, set.NameVi, u.Name)
			return nil, nil
		}
		add(u)
	}
	if len(out) == 0 {
		p.Add(datchuan.FieldUnits, "Chọn một huyện (mọi xã) hoặc từng xã (Choose a district or communes)")
	}
	return out, nil
}

// ExportAssignments writes the plan's assignment table (the rows of units
// the caller reads) as an Excel workbook, in the layout the import reads.
func (s *Service) ExportAssignments(ctx context.Context, c Caller, planID int64, w io.Writer) (*datchuan.Plan, error) {
	plan, prov, err := s.PlanFor(ctx, c, planID)
	if err != nil {
		return nil, err
	}
	items, err := s.PlanAssignments(ctx, c, plan)
	if err != nil {
		return nil, err
	}
	ags, err := s.Agencies(ctx, c, prov.Code)
	if err != nil {
		return nil, err
	}
	sheet := xlsx.Sheet{Title: "Kế hoạch " + plan.Number + " — " + prov.Name}
	if set := s.PlanSet(ctx, plan); set != nil {
		sheet.SetID = set.ID
	}
	code := map[int64]string{}
	for _, a := range SortedAgencies(ags, nil) {
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
	return plan, xlsx.Write(w, sheet)
}

// ImportAssignments reads an edited assignment table back, all or
// nothing: a file with any problem changes nothing, and the problems come
// back each by row and column (problems, with a nil error). It returns the
// number of rows written.
func (s *Service) ImportAssignments(ctx context.Context, c Caller, planID int64, r io.Reader) (n int, problems []datchuan.Text, err error) {
	plan, prov, err := s.PlanFor(ctx, c, planID)
	if err != nil {
		return 0, nil, err
	}
	if err := c.CheckPlan(datchuan.UnitPath{Province: prov.Code}); err != nil {
		return 0, nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, s.cfg.MaxUpload+1))
	if err != nil {
		return 0, nil, fmt.Errorf("read the table: %w", err)
	}
	if int64(len(data)) > s.cfg.MaxUpload {
		return 0, []datchuan.Text{datchuan.Textf("Tệp quá lớn (The file is too large)")}, nil
	}
	set := s.PlanSet(ctx, plan)
	if set == nil {
		return 0, []datchuan.Text{datchuan.Textf("Chưa có bộ tiêu chí xã cho kế hoạch (The plan has no commune criteria set)")}, nil
	}
	known, units, agencies, err := s.importKnown(ctx, c, plan, prov, set)
	if err != nil {
		return 0, nil, err
	}
	sheet, err := xlsx.Read(bytes.NewReader(data), known)
	var ie *xlsx.ImportError
	if errors.As(err, &ie) {
		if ie.Cause != nil {
			s.cfg.Log.Warn("assignment import: unreadable workbook", "user", c.Actor.Name, "plan", planID, "err", ie.Cause)
		}
		for _, pr := range ie.Problems() {
			problems = append(problems, datchuan.Text{Vi: pr.In("vi"), En: pr.In("en")})
		}
		if ie.More() {
			problems = append(problems, xlsx.MoreText)
		}
		return 0, problems, nil
	}
	if err != nil {
		return 0, nil, err
	}
	as := make([]*datchuan.Assignment, 0, len(sheet.Rows))
	for _, row := range sheet.Rows {
		a := &datchuan.Assignment{PlanID: plan.ID, UnitID: units[row.UnitCode], SetID: set.ID, CriterionCode: row.Criterion,
			IndicatorCode: row.Indicator, LeadID: agencies[row.Lead], Deadline: row.Deadline, Outputs: row.Outputs, Note: row.Note,
			CreatedBy: c.Actor.UserID}
		for _, code := range row.Supports {
			a.SupportIDs = append(a.SupportIDs, agencies[code])
		}
		as = append(as, a)
	}
	err = s.assignAll(ctx, c, plan, prov, as, fmt.Sprintf("Nhập bảng phân công của kế hoạch %s từ Excel: %d dòng", plan.Number, len(as)))
	if datchuan.ErrorCode(err) == datchuan.EINVALID {
		return 0, []datchuan.Text{datchuan.ErrorText(err)}, nil
	}
	return len(as), nil, err
}

// importKnown lists the codes an imported table may name: the plan's
// communes, the province's agencies, the set's criteria and indicators.
func (s *Service) importKnown(ctx context.Context, c Caller, plan *datchuan.Plan, prov *datchuan.Unit, set *datchuan.CriteriaSet) (xlsx.Known, map[string]int64, map[string]int64, error) {
	known := xlsx.Known{Units: map[string]bool{}, Criteria: map[string]bool{}, Indicators: map[string]string{}, Agencies: map[string]bool{}}
	units, agencies := map[string]int64{}, map[string]int64{}
	// Only the units the set measures: a thị trấn row of a commune NTM
	// plan is refused as a code the plan does not know.
	groups, err := s.PlanUnits(ctx, c, plan, prov, set)
	if err != nil {
		return known, nil, nil, err
	}
	for _, g := range groups {
		for _, u := range g.Communes {
			known.Units[u.Code], units[u.Code] = true, u.ID
		}
	}
	ags, err := s.Agencies(ctx, c, prov.Code)
	if err != nil {
		return known, nil, nil, err
	}
	for _, a := range ags {
		known.Agencies[a.Code], agencies[a.Code] = true, a.ID
	}
	for _, cr := range set.Criteria {
		known.Criteria[cr.Code] = true
		for _, ind := range cr.Indicators {
			known.Indicators[ind.Code] = cr.Code
		}
	}
	return known, units, agencies, nil
}
