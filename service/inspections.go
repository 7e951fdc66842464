package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// Site inspections (datchuan.Inspection): planned and edited by the
// coordination office or the department that inspects, read by whoever
// reads the province and by the units visited. Findings and photos are in
// inspection_findings.go and inspection_photos.go.

// InspectionInput is the plan or edit form as typed. Units are unit codes,
// Criteria criterion codes of the set; SetID is read when planning only,
// Done when editing a done inspection only.
type InspectionInput struct {
	Version                            int
	Title, Planned, Done, Agency, Team string
	Summary, SetID                     string
	Units, Criteria                    []string
}

// InspectionChoices are what the plan and edit forms offer the caller.
type InspectionChoices struct {
	Agencies []*datchuan.Agency // the agencies the caller may name as inspecting
	Units    []DistrictCommunes // the districts of the province with their communes
	Sets     []*datchuan.CriteriaSet
}

// InspectionChoicesFor lists what the caller may choose when planning or
// editing an inspection of the province.
func (s *Service) InspectionChoicesFor(ctx context.Context, c Caller, prov *datchuan.Unit) (*InspectionChoices, error) {
	ags, err := s.Agencies(ctx, c, prov.Code)
	if err != nil {
		return nil, err
	}
	out := &InspectionChoices{Agencies: SortedAgencies(ags, func(a *datchuan.Agency) bool {
		inspects := a.Kind == datchuan.AgencyCoordination || a.Kind == datchuan.AgencyDepartment
		return inspects && (c.ChoosesInspector(prov.Code) || slices.Contains(c.Agencies(), a.ID))
	})}
	if out.Units, err = s.communesOn(ctx, c, prov, s.Today(), func(*datchuan.Unit) bool { return true }); err != nil {
		return nil, err
	}
	commune, err := s.ProvinceCommuneSet(ctx, prov)
	if err != nil {
		return nil, err
	}
	for _, set := range []*datchuan.CriteriaSet{commune, datchuan.SetInForce(s.cfg.Sets, datchuan.TierDistrictNTM, datchuan.LevelDistrict, s.Today().Year)} {
		if set != nil {
			out.Sets = append(out.Sets, set)
		}
	}
	return out, nil
}

// PlanInspection writes an inspection of the province, planned.
func (s *Service) PlanInspection(ctx context.Context, c Caller, provCode string, in InspectionInput) (*datchuan.Inspection, error) {
	prov, err := s.CallerProvince(ctx, c, provCode)
	if err != nil {
		return nil, err
	}
	if err := c.CheckInspectsIn(prov.Code); err != nil {
		return nil, err
	}
	choices, err := s.InspectionChoicesFor(ctx, c, prov)
	if err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	x := &datchuan.Inspection{ProvinceID: prov.ID, State: datchuan.InspectionPlanned, CreatedBy: c.Actor.UserID, CreatedAt: s.cfg.Now()}
	for i, set := range choices.Sets {
		if i == 0 || set.ID == strings.TrimSpace(in.SetID) {
			x.SetID = set.ID // the set chosen, else the first offered
		}
	}
	s.readInspection(ctx, c, prov, x, choices, in, p)
	if err := p.Check(x.Validate(s.Today())); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Inspections.CreateInspection(ctx, x) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActInspectionPlan, "inspection", x.ID,
				fmt.Sprintf("Lập kế hoạch kiểm tra thực tế \"%s\", ngày %s", x.Title, x.Planned.VN()), nil, x), prov.ID, prov.Code)
		})
	return x, err
}

// readInspection reads the typed fields of in into x, recording what is
// wrong in p: the agency among those offered, units of the province
// (communes or districts), criteria of x's set. Units and criteria that
// findings name must stay.
func (s *Service) readInspection(ctx context.Context, c Caller, prov *datchuan.Unit, x *datchuan.Inspection,
	choices *InspectionChoices, in InspectionInput, p datchuan.Problems) {
	x.Title, x.Team, x.Summary = strings.TrimSpace(in.Title), strings.TrimSpace(in.Team), strings.TrimSpace(in.Summary)
	x.Planned = p.ParseDate(datchuan.FieldPlanned, in.Planned, true)
	x.AgencyID = 0
	for _, a := range choices.Agencies {
		if strconv.FormatInt(a.ID, 10) == strings.TrimSpace(in.Agency) {
			x.AgencyID = a.ID
		}
	}
	if x.AgencyID == 0 && strings.TrimSpace(in.Agency) != "" {
		p.Add(datchuan.FieldAgency, "Chọn cơ quan kiểm tra trong danh sách (choose an agency from the list)")
	}
	x.UnitIDs = nil
	for _, code := range in.Units {
		u, _, err := s.obstacleUnit(ctx, c, prov, code)
		if err != nil || u.Level == datchuan.LevelProvince {
			p.Add(datchuan.FieldUnits, "Không có xã, huyện mã %q trong tỉnh (no such commune or district in the province)", code)
			continue
		}
		x.UnitIDs = append(x.UnitIDs, u.ID)
	}
	set, err := s.cfg.Sets.Set(x.SetID)
	if err != nil {
		p.Add(datchuan.FieldCriteria, "Không có bộ tiêu chí %q (unknown criteria set)", x.SetID)
		return
	}
	x.Criteria = nil
	for _, code := range in.Criteria {
		if crit := set.Criterion(strings.TrimSpace(code)); crit != nil {
			x.Criteria = append(x.Criteria, crit.Code)
		} else {
			p.Add(datchuan.FieldCriteria, "Bộ tiêu chí không có tiêu chí %q (no such criterion)", code)
		}
	}
}

// keepsFindings refuses an edit that drops a unit or a criterion some
// finding of x is about: the finding would lose its place.
func keepsFindings(x *datchuan.Inspection, findings []*datchuan.Finding, p datchuan.Problems) {
	for _, f := range findings {
		if !x.Visits(f.UnitID) {
			p.Add(datchuan.FieldUnits, "Đã có kết quả kiểm tra của một đơn vị bỏ chọn; hãy giữ đơn vị đó (a unit with findings cannot be removed)")
		}
		if !x.Checks(f.CriterionCode) {
			p.Add(datchuan.FieldCriteria, "Đã có kết quả kiểm tra của tiêu chí %s; hãy giữ tiêu chí đó (criterion %s has findings)", f.CriterionCode, f.CriterionCode)
		}
	}
}

// inspectionOf loads an inspection and its province for a caller who may
// read it.
func (s *Service) inspectionOf(ctx context.Context, c Caller, id int64) (*datchuan.Inspection, *datchuan.Unit, error) {
	x, err := s.cfg.Stores.Inspections.Inspection(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	prov, err := c.Tree.Unit(ctx, x.ProvinceID)
	if err != nil {
		return nil, nil, err
	}
	var visited []datchuan.UnitPath
	for _, uid := range x.UnitIDs {
		_, p, err := c.Tree.Place(ctx, uid)
		if err != nil {
			return nil, nil, err
		}
		visited = append(visited, p)
	}
	return x, prov, c.CheckSeeInspection(prov.Code, visited)
}

// editable loads an inspection for a caller who may edit it, as of the
// version their form started from.
func (s *Service) editable(ctx context.Context, c Caller, id int64, version int) (*datchuan.Inspection, *datchuan.Unit, error) {
	x, prov, err := s.inspectable(ctx, c, id)
	if err != nil {
		return nil, nil, err
	}
	return x, prov, sameVersion(x.Version, version, "Đợt kiểm tra", "the inspection")
}

// inspectable loads an inspection for a caller who records and edits it.
func (s *Service) inspectable(ctx context.Context, c Caller, id int64) (*datchuan.Inspection, *datchuan.Unit, error) {
	x, prov, err := s.inspectionOf(ctx, c, id)
	if err != nil {
		return nil, nil, err
	}
	return x, prov, c.CheckInspect(prov.Code, x.AgencyID)
}

// recordable loads an inspection the caller may add findings and photos
// to: one they record, not cancelled.
func (s *Service) recordable(ctx context.Context, c Caller, id int64) (*datchuan.Inspection, *datchuan.Unit, error) {
	x, prov, err := s.inspectable(ctx, c, id)
	if err != nil {
		return nil, nil, err
	}
	return x, prov, notCancelled(x)
}

// copyInspection is x with lists of its own, to keep as the "before" of
// a change.
func copyInspection(x *datchuan.Inspection) *datchuan.Inspection {
	b := *x
	b.UnitIDs, b.Criteria = slices.Clone(x.UnitIDs), slices.Clone(x.Criteria)
	return &b
}

// EditInspection changes what an inspection is (its set stays), as of the
// version the form started from.
func (s *Service) EditInspection(ctx context.Context, c Caller, id int64, in InspectionInput) (*datchuan.Inspection, error) {
	x, prov, err := s.editable(ctx, c, id, in.Version)
	if err != nil {
		return nil, err
	}
	before := copyInspection(x)
	choices, err := s.InspectionChoicesFor(ctx, c, prov)
	if err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	s.readInspection(ctx, c, prov, x, choices, in, p)
	if x.State == datchuan.InspectionDone {
		x.Done = p.ParseDate(datchuan.FieldDone, in.Done, true)
	}
	findings, err := s.cfg.Stores.Inspections.Findings(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	keepsFindings(x, findings, p)
	if err := p.Check(x.Validate(s.Today())); err != nil {
		return nil, err
	}
	x.UpdatedAt = s.cfg.Now()
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Inspections.UpdateInspection(ctx, x) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActInspectionUpdate, "inspection", x.ID,
				fmt.Sprintf("Sửa đợt kiểm tra thực tế \"%s\"", x.Title), before, x), prov.ID, prov.Code)
		})
	return x, err
}

// InspectionMove is a change of state as typed: done on a day (with the
// conclusion, if written), cancelled, or planned again.
type InspectionMove struct {
	Version       int
	To            datchuan.InspectionState
	Done, Summary string
}

// MoveInspection moves an inspection to another state, as of the version
// the form started from.
func (s *Service) MoveInspection(ctx context.Context, c Caller, id int64, in InspectionMove) (*datchuan.Inspection, error) {
	x, prov, err := s.editable(ctx, c, id, in.Version)
	if err != nil {
		return nil, err
	}
	if !x.State.CanMoveTo(in.To) {
		return nil, datchuan.Errorf(datchuan.ECONFLICT, "Đợt kiểm tra đang ở trạng thái %s, không chuyển sang %s được (cannot move from %s to %s)",
			x.State.LabelVi(), in.To.LabelVi(), x.State.LabelEn(), in.To.LabelEn())
	}
	before := copyInspection(x)
	p := datchuan.Problems{}
	x.State, x.Done, x.UpdatedAt = in.To, datchuan.Date{}, s.cfg.Now()
	if in.To == datchuan.InspectionDone {
		x.Done = p.ParseDate(datchuan.FieldDone, in.Done, true)
		if sum := strings.TrimSpace(in.Summary); sum != "" {
			x.Summary = sum
		}
	}
	if err := p.Check(x.Validate(s.Today())); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Inspections.UpdateInspection(ctx, x) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActInspectionMove, "inspection", x.ID,
				fmt.Sprintf("Đợt kiểm tra \"%s\": %s → %s", x.Title, before.State.LabelVi(), x.State.LabelVi()), before, x), prov.ID, prov.Code)
		})
	return x, err
}

// InspectionRow is an inspection with what a list names.
type InspectionRow struct {
	*datchuan.Inspection
	Agency *datchuan.Agency
	Units  []*datchuan.Unit
}

// InspectionList lists the province's inspections the caller reads, the
// latest day first.
func (s *Service) InspectionList(ctx context.Context, c Caller, provCode string) (*datchuan.Unit, []InspectionRow, error) {
	prov, err := s.CallerProvince(ctx, c, provCode)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.cfg.Stores.Inspections.Inspections(ctx, datchuan.InspectionFilter{ProvinceID: prov.ID})
	if err != nil {
		return nil, nil, err
	}
	ags := map[int64]*datchuan.Agency{}
	var out []InspectionRow
	for _, x := range list {
		row := InspectionRow{Inspection: x}
		var visited []datchuan.UnitPath
		for _, id := range x.UnitIDs {
			u, p, err := c.Tree.Place(ctx, id)
			if err != nil {
				return nil, nil, err
			}
			row.Units, visited = append(row.Units, u), append(visited, p)
		}
		if !c.CanSeeInspection(prov.Code, visited) {
			continue
		}
		if ags[x.AgencyID] == nil {
			if ags[x.AgencyID], err = s.cfg.Stores.Agencies.Agency(ctx, x.AgencyID); err != nil {
				return nil, nil, err
			}
		}
		row.Agency = ags[x.AgencyID]
		out = append(out, row)
	}
	return prov, out, nil
}
