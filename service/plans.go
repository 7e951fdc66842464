package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// PlanInput is the new-plan form as typed.
type PlanInput struct {
	Number, Date, Issuer, Signer, Title string
	Targets                             []string // IDs of the district targets the plan serves
	Files                               []string // attachment IDs
	// Refused names the files the form could not take (StoreUploads): one
	// more problem, so the form shows it with all the others.
	Refused datchuan.Text
}

// TargetChoice is a district's target offered to a plan.
type TargetChoice struct {
	*datchuan.Target
	Unit *datchuan.Unit
	Set  string // the set's Vietnamese name
}

// DistrictTargets lists the targets of the province's districts in force
// today: those a plan may serve.
func (s *Service) DistrictTargets(ctx context.Context, c Caller, prov *datchuan.Unit) ([]TargetChoice, error) {
	kids, err := c.Tree.Children(ctx, prov, s.PageDay(prov))
	if err != nil {
		return nil, err
	}
	byID := map[int64]*datchuan.Unit{}
	ids := []int64{}
	for _, d := range kids {
		if d.Level == datchuan.LevelDistrict {
			byID[d.ID] = d
			ids = append(ids, d.ID)
		}
	}
	ts, err := s.cfg.Stores.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: ids})
	if err != nil {
		return nil, err
	}
	var out []TargetChoice
	for _, t := range ts {
		out = append(out, TargetChoice{Target: t, Unit: byID[t.UnitID], Set: s.setName(t.SetID)})
	}
	return out, nil
}

// PlanTargets lists the targets a plan serves, with their units.
func (s *Service) PlanTargets(ctx context.Context, c Caller, plan *datchuan.Plan) ([]TargetChoice, error) {
	var out []TargetChoice
	for _, id := range plan.TargetIDs {
		t, err := s.cfg.Stores.Targets.Target(ctx, id)
		if err != nil {
			return nil, err
		}
		u, err := c.Tree.Unit(ctx, t.UnitID)
		if err != nil {
			return nil, err
		}
		out = append(out, TargetChoice{Target: t, Unit: u, Set: s.setName(t.SetID)})
	}
	return out, nil
}

func (s *Service) setName(id string) string {
	if set, err := s.cfg.Sets.Set(id); err == nil {
		return set.NameVi
	}
	return id
}

// CreatePlan stores a plan of a province, written by its coordination
// office.
func (s *Service) CreatePlan(ctx context.Context, c Caller, provCode string, in PlanInput) (*datchuan.Plan, error) {
	prov, err := s.Province(ctx, c, provCode)
	if err != nil {
		return nil, err
	}
	if err := c.CheckPlan(datchuan.UnitPath{Province: prov.Code}); err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	plan := &datchuan.Plan{ProvinceID: prov.ID, Number: in.Number, Issuer: in.Issuer, Signer: in.Signer,
		Title: in.Title, CreatedBy: c.Actor.UserID, Date: p.ParseDate(datchuan.FieldDate, in.Date, true)}
	choices, err := s.DistrictTargets(ctx, c, prov)
	if err != nil {
		return nil, err
	}
	for _, ch := range choices {
		if slices.Contains(in.Targets, strconv.FormatInt(ch.ID, 10)) {
			plan.TargetIDs = append(plan.TargetIDs, ch.ID)
		}
	}
	if plan.Files, err = s.Citable(ctx, c, in.Files); err != nil {
		return nil, err
	}
	refused(p, datchuan.FieldFiles, in.Refused)
	if err := p.Check(plan.Validate()); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Plans.CreatePlan(ctx, plan) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActPlanCreate, "plan", plan.ID,
				fmt.Sprintf("Lập kế hoạch %s: %s", plan.Number, plan.Title), nil, plan), prov.ID, prov.Code)
		})
	return plan, err
}

// PlanFor loads a plan for a caller who works in its province.
func (s *Service) PlanFor(ctx context.Context, c Caller, id int64) (*datchuan.Plan, *datchuan.Unit, error) {
	plan, err := s.cfg.Stores.Plans.Plan(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	prov, err := c.Tree.Unit(ctx, plan.ProvinceID)
	if err != nil {
		return nil, nil, err
	}
	return plan, prov, c.CheckInProvince(prov.Code)
}

// AddPlanFiles attaches stored files (the signed plan, its appendices) to
// a plan, as of the version the caller saw (0: the version it reads, for
// a client that names none). The limit of files is checked on the plan as
// read, and the files are stored only if it is still at that version.
func (s *Service) AddPlanFiles(ctx context.Context, c Caller, id int64, version int, files []string) (*datchuan.Plan, error) {
	plan, prov, err := s.PlanFor(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := c.CheckPlan(datchuan.UnitPath{Province: prov.Code}); err != nil {
		return nil, err
	}
	cited, err := s.Citable(ctx, c, files)
	if err != nil {
		return nil, err
	}
	if len(cited) == 0 {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Chọn tệp để đính kèm (choose a file)")
	}
	if version != 0 {
		if err := sameVersion(plan.Version, version, "Kế hoạch", "the plan"); err != nil {
			return nil, err
		}
	}
	before := *plan
	plan.Files = append(slices.Clone(plan.Files), cited...)
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Plans.UpdatePlan(ctx, plan) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActPlanUpdate, "plan", plan.ID,
				fmt.Sprintf("Đính kèm %d tệp vào kế hoạch %s", len(cited), plan.Number), before, plan), prov.ID, prov.Code)
		})
	return plan, err
}

// PlanSet is the commune set the plan's assignments use: the set of a
// commune target of the plan, else the commune NTM set in force in the
// plan's year.
func (s *Service) PlanSet(ctx context.Context, plan *datchuan.Plan) *datchuan.CriteriaSet {
	for _, id := range plan.TargetIDs {
		t, err := s.cfg.Stores.Targets.Target(ctx, id)
		if err != nil {
			s.cfg.Log.Error("target of a plan", "plan", plan.ID, "target", id, "err", err)
			continue
		}
		if set, err := s.cfg.Sets.Set(t.SetID); err == nil && set.Tier == datchuan.TierCommuneNTM {
			return set
		}
	}
	return s.CommuneSet(plan.Date.Year)
}

// PlanUnits lists the units a plan's assignments may go to, as the
// assignment form offers them: by district as of the plan's date (the
// units directly under the province last, with no district), only those
// the plan's set measures (set.Measures: the commune NTM set gives work to
// xã, not to thị trấn or phường). No set, no unit.
func (s *Service) PlanUnits(ctx context.Context, c Caller, plan *datchuan.Plan, prov *datchuan.Unit, set *datchuan.CriteriaSet) ([]DistrictCommunes, error) {
	if set == nil {
		return nil, nil
	}
	return s.communesOn(ctx, c, prov, plan.Date, set.Measures)
}

// communesOn groups the commune-level units of a province on a day by
// district, in Vietnamese order (those directly under the province last,
// in a group with no district), keeping those keep says to; a district
// with none kept is left out.
func (s *Service) communesOn(ctx context.Context, c Caller, prov *datchuan.Unit, on datchuan.Date, keep func(*datchuan.Unit) bool) ([]DistrictCommunes, error) {
	kids, err := c.Tree.Children(ctx, prov, on)
	if err != nil {
		return nil, err
	}
	var out []DistrictCommunes
	direct := DistrictCommunes{}
	for _, k := range kids {
		if k.Level == datchuan.LevelCommune {
			if keep(k) {
				direct.Communes = append(direct.Communes, k)
			}
			continue
		}
		cs, err := c.Tree.Children(ctx, k, on)
		if err != nil {
			return nil, err
		}
		d := DistrictCommunes{District: k}
		for _, u := range cs {
			if keep(u) {
				d.Communes = append(d.Communes, u)
			}
		}
		if len(d.Communes) > 0 {
			datchuan.SortByName(d.Communes, func(u *datchuan.Unit) string { return u.Name })
			out = append(out, d)
		}
	}
	datchuan.SortByName(out, func(d DistrictCommunes) string { return d.District.Name })
	if len(direct.Communes) > 0 {
		datchuan.SortByName(direct.Communes, func(u *datchuan.Unit) string { return u.Name })
		out = append(out, direct)
	}
	return out, nil
}

// agenciesIn reports whether every agency belongs to the province.
func agenciesIn(ags map[int64]*datchuan.Agency, ids []int64) bool {
	for _, id := range ids {
		if ags[id] == nil {
			return false
		}
	}
	return true
}

// parseIDs reads the IDs of a multiple-choice field, skipping the unreadable.
func parseIDs(vals []string) []int64 {
	var out []int64
	for _, v := range vals {
		if id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && id != 0 {
			out = append(out, id)
		}
	}
	return out
}

// parseOutputs keeps the known outputs of a field.
func parseOutputs(vals []string) []datchuan.Output {
	out := []datchuan.Output{}
	for _, o := range vals {
		if datchuan.Output(o).Valid() {
			out = append(out, datchuan.Output(o))
		}
	}
	return out
}
