// Package rollup answers the dashboard questions — which unit meets which
// criterion, what still blocks recognition — by loading units, targets and
// values from the domain services and running the pure status engine over
// them. It holds no state of its own.
package rollup

import (
	"cmp"
	"context"
	"fmt"
	"sort"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

// Service composes the stores, the unit tree and the criteria catalogue.
// It is cheap to make: make one per request, with the request's tree.
type Service struct {
	Tree     datchuan.Hierarchy
	Targets  datchuan.TargetService
	Values   datchuan.ValueService
	Sets     datchuan.CriteriaCatalog
	Agencies datchuan.AgencyService // for blockers: the leads and their names
	Plans    datchuan.PlanService   // for blockers: the assignments (nil: none)
	Today    datchuan.Date          // for blockers: what is overdue
	// Memo keeps a district's status until the next write (the read
	// model's Memo); nil measures it every time. What it keeps is shared:
	// callers read a DistrictStatus, never change it.
	Memo func(key string, fn func() (any, error)) (any, error)
}

// values loads what was known at the end of day `on` for the given units.
func (s *Service) values(ctx context.Context, units []*datchuan.Unit, on datchuan.Date) (map[int64][]*datchuan.Value, error) {
	vs, err := s.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: unitIDs(units), At: datchuan.EndOfDay(on)})
	if err != nil {
		return nil, fmt.Errorf("load values: %w", err)
	}
	byUnit := make(map[int64][]*datchuan.Value, len(units))
	for _, v := range vs {
		byUnit[v.UnitID] = append(byUnit[v.UnitID], v)
	}
	return byUnit, nil
}

func unitIDs(units []*datchuan.Unit) []int64 {
	ids := make([]int64, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	return ids
}

// targets loads the targets of the given units, by unit.
func (s *Service) targets(ctx context.Context, units []*datchuan.Unit) (map[int64][]*datchuan.Target, error) {
	ts, err := s.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: unitIDs(units)})
	if err != nil {
		return nil, fmt.Errorf("load targets: %w", err)
	}
	out := make(map[int64][]*datchuan.Target)
	for _, t := range ts {
		out[t.UnitID] = append(out[t.UnitID], t)
	}
	return out, nil
}

// SetRef is the part of a set that a status page names.
type SetRef struct {
	ID         string        `json:"id"`
	Name       string        `json:"name"`
	NameEn     string        `json:"name_en"` // the Vietnamese name when the set has no English one
	Tier       datchuan.Tier `json:"tier"`
	LegalBasis string        `json:"legal_basis"`
	Draft      bool          `json:"draft"`
}

func refOf(set *datchuan.CriteriaSet) *SetRef {
	if set == nil {
		return nil
	}
	return &SetRef{ID: set.ID, Name: set.NameVi, NameEn: cmp.Or(set.NameEn, set.NameVi), Tier: set.Tier, LegalBasis: set.Legal.Text(), Draft: set.Draft}
}

// UnitStatus is a unit measured against one set.
type UnitStatus struct {
	Unit   *datchuan.Unit     `json:"unit"`
	On     datchuan.Date      `json:"on"`
	Target *datchuan.Target   `json:"target,omitempty"`
	Set    *SetRef            `json:"set"`
	Result *status.UnitResult `json:"result"`
}

// rollupTiers are the tiers a commune-level unit without a target of its
// own is measured on in a rollup: NTM and advanced NTM, and the civilised
// urban standard.
var rollupTiers = []datchuan.Tier{datchuan.TierCommuneNTM, datchuan.TierCommuneAdvanced, datchuan.TierCivilisedUrban}

// communeTiers are the rollup tiers that measure u's type (Tier.UnitType):
// xã on NTM and advanced NTM, thị trấn on the civilised urban standard.
func communeTiers(u *datchuan.Unit) []datchuan.Tier {
	var out []datchuan.Tier
	for _, t := range rollupTiers {
		if t.UnitType() == u.Type {
			out = append(out, t)
		}
	}
	return out
}

// Unit measures one unit against each of its targets (or, with none, against
// the sets its type is measured on in the given year).
func (s *Service) Unit(ctx context.Context, level datchuan.Level, code string, on datchuan.Date) ([]UnitStatus, error) {
	u, on, err := s.Tree.Resolve(ctx, level, code, on)
	if err != nil {
		return nil, err
	}
	return s.UnitOn(ctx, u, on)
}

// UnitOn measures the unit version u on date on.
func (s *Service) UnitOn(ctx context.Context, u *datchuan.Unit, on datchuan.Date) ([]UnitStatus, error) {
	units := []*datchuan.Unit{u}
	vals, err := s.values(ctx, units, on)
	if err != nil {
		return nil, err
	}
	all, err := s.UnitsWith(ctx, units, on, vals)
	if err != nil {
		return nil, err
	}
	return all[u.ID], nil
}

// UnitsWith is UnitOn for several unit versions at once, over their values
// already loaded (by unit ID, as known on on), by unit ID: their targets
// are loaded in one query, so that measuring the units of a list (the
// assignments of "my work", whose values the list has read already) costs
// one query, not two per unit.
func (s *Service) UnitsWith(ctx context.Context, units []*datchuan.Unit, on datchuan.Date, vals map[int64][]*datchuan.Value) (map[int64][]UnitStatus, error) {
	out := make(map[int64][]UnitStatus, len(units))
	if len(units) == 0 {
		return out, nil // an empty filter would load every unit's targets
	}
	ts, err := s.targets(ctx, units)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		if out[u.ID], err = s.measure(u, on, ts[u.ID], vals[u.ID]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// measure evaluates u against each of its targets (or, with none, against
// the sets its type is measured on in the year of on) with its values.
func (s *Service) measure(u *datchuan.Unit, on datchuan.Date, targets []*datchuan.Target, vals []*datchuan.Value) ([]UnitStatus, error) {
	var out []UnitStatus
	for _, t := range targets {
		set, err := s.Sets.Set(t.SetID)
		if err != nil {
			return nil, fmt.Errorf("target %d: %w", t.ID, err)
		}
		r := status.EvaluateUnit(set, u.ID, u.Classifiers, t.Year, vals)
		out = append(out, UnitStatus{Unit: u, On: on, Target: t, Set: refOf(set), Result: &r})
	}
	if len(out) == 0 {
		for _, tier := range communeTiers(u) {
			if set := datchuan.SetInForce(s.Sets, tier, u.Level, on.Year); set != nil {
				r := status.EvaluateUnit(set, u.ID, u.Classifiers, on.Year, vals)
				out = append(out, UnitStatus{Unit: u, On: on, Set: refOf(set), Result: &r})
			}
		}
	}
	if len(out) == 0 {
		out = append(out, UnitStatus{Unit: u, On: on})
	}
	return out, nil
}

// DistrictStatus is a district against its target (district NTM), with each
// of its communes against the commune tiers the district's conditions need.
type DistrictStatus struct {
	Unit     *datchuan.Unit         `json:"unit"`
	On       datchuan.Date          `json:"on"`
	Target   *datchuan.Target       `json:"target,omitempty"`
	Set      *SetRef                `json:"set"`
	Result   *status.DistrictResult `json:"result,omitempty"`
	Communes []CommuneRow           `json:"communes"`
	Blockers []status.Blocker       `json:"blockers,omitempty"`
}

// CommuneRow is one commune-level unit in a district or province table.
type CommuneRow struct {
	Unit    *datchuan.Unit                      `json:"unit"`
	Results map[datchuan.Tier]status.UnitResult `json:"results"`
}

// District measures a district (by code) on date on.
func (s *Service) District(ctx context.Context, code string, on datchuan.Date) (*DistrictStatus, error) {
	d, on, err := s.Tree.Resolve(ctx, datchuan.LevelDistrict, code, on)
	if err != nil {
		return nil, err
	}
	return s.district(ctx, d, on)
}

func (s *Service) district(ctx context.Context, d *datchuan.Unit, on datchuan.Date) (*DistrictStatus, error) {
	if s.Memo == nil {
		return s.measureDistrict(ctx, d, on)
	}
	v, err := s.Memo(fmt.Sprintf("rollup/district/%d/%s", d.ID, on), func() (any, error) { return s.measureDistrict(ctx, d, on) })
	if err != nil {
		return nil, err
	}
	return v.(*DistrictStatus), nil
}

// measureDistrict is district without the memo.
func (s *Service) measureDistrict(ctx context.Context, d *datchuan.Unit, on datchuan.Date) (*DistrictStatus, error) {
	communes, err := s.Tree.Children(ctx, d, on)
	if err != nil {
		return nil, err
	}
	all := append([]*datchuan.Unit{d}, communes...)
	vals, err := s.values(ctx, all, on)
	if err != nil {
		return nil, err
	}
	ts, err := s.targets(ctx, all)
	if err != nil {
		return nil, err
	}
	out := &DistrictStatus{Unit: d, On: on}
	year := on.Year
	var set *datchuan.CriteriaSet
	for _, t := range ts[d.ID] {
		if cs, err := s.Sets.Set(t.SetID); err == nil && cs.Tier == datchuan.TierDistrictNTM {
			out.Target, set, year = t, cs, t.Year
		}
	}
	members := make([]status.Member, 0, len(communes))
	for _, c := range communes {
		m := status.Member{Unit: c, Results: map[datchuan.Tier]status.UnitResult{}}
		for _, cs := range s.memberSets(c, ts[c.ID], set != nil, year) {
			m.Results[cs.Tier] = status.EvaluateUnit(cs, c.ID, c.Classifiers, year, vals[c.ID])
		}
		members = append(members, m)
		out.Communes = append(out.Communes, CommuneRow{Unit: c, Results: m.Results})
	}
	if set != nil {
		r := status.EvaluateDistrict(set, d, year, vals[d.ID], members)
		out.Set, out.Result, out.Blockers = refOf(set), &r, r.Blockers()
	}
	return out, nil
}

// memberSets returns the sets a commune of a district is measured on: the
// sets of its own targets and, when its district aims at the NTM district
// standard, the sets of the tiers the district's conditions count.
func (s *Service) memberSets(c *datchuan.Unit, targets []*datchuan.Target, districtTarget bool, year int) []*datchuan.CriteriaSet {
	byTier := map[datchuan.Tier]*datchuan.CriteriaSet{}
	var out []*datchuan.CriteriaSet
	for _, t := range targets {
		if cs, err := s.Sets.Set(t.SetID); err == nil && byTier[cs.Tier] == nil {
			byTier[cs.Tier] = cs
			out = append(out, cs)
		}
	}
	if !districtTarget {
		return out
	}
	for _, tier := range communeTiers(c) {
		if byTier[tier] != nil {
			continue
		}
		if cs := datchuan.SetInForce(s.Sets, tier, datchuan.LevelCommune, year); cs != nil {
			byTier[tier] = cs
			out = append(out, cs)
		}
	}
	return out
}

// ProvinceStatus is every district-level unit of a province with its
// district rollup, and the province's communes.
type ProvinceStatus struct {
	Unit      *datchuan.Unit    `json:"unit"`
	On        datchuan.Date     `json:"on"`
	Districts []*DistrictStatus `json:"districts"`
	Communes  []CommuneRow      `json:"communes,omitempty"` // communes directly under the province (after 2025)
}

// Province measures a province (by code) on date on.
func (s *Service) Province(ctx context.Context, code string, on datchuan.Date) (*ProvinceStatus, error) {
	p, on, err := s.Tree.Resolve(ctx, datchuan.LevelProvince, code, on)
	if err != nil {
		return nil, err
	}
	kids, err := s.Tree.Children(ctx, p, on)
	if err != nil {
		return nil, err
	}
	out := &ProvinceStatus{Unit: p, On: on}
	for _, k := range kids {
		if k.Level != datchuan.LevelDistrict {
			out.Communes = append(out.Communes, CommuneRow{Unit: k})
			continue
		}
		ds, err := s.district(ctx, k, on)
		if err != nil {
			return nil, err
		}
		out.Districts = append(out.Districts, ds)
	}
	sort.SliceStable(out.Districts, func(i, j int) bool { return out.Districts[i].Unit.Code < out.Districts[j].Unit.Code })
	return out, nil
}
