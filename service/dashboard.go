package service

import (
	"context"
	"fmt"
	"slices"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/weekly"
)

// The province dashboard: beside each target district's statuses (the
// rollup), the latest weekly round of the plans that target it, the work
// overdue in it and its weekly trend, as of the day the page shows.

// DistrictWatch is what the dashboard adds to a target district's rollup.
type DistrictWatch struct {
	Round   *RoundView     // the latest round opened by the day; nil: none yet
	Overdue int            // assignments in the district open past their deadline on the day
	Trend   *DistrictTrend // the weeks closed by the day
}

// WatchDistrict gathers the dashboard's figures of a district measured on
// ds.On, for a caller who reads it.
func (s *Service) WatchDistrict(ctx context.Context, c Caller, ds *rollup.DistrictStatus) (*DistrictWatch, error) {
	out := &DistrictWatch{}
	var err error
	if out.Trend, err = s.TrendUntil(ctx, c, ds.Unit, ds.On); err != nil {
		return nil, err
	}
	// The round and the overdue work change only with a write; the round's
	// view says what the caller may do, so it is kept for each caller.
	key := fmt.Sprintf("watch/%d/%s/%d", ds.Unit.ID, ds.On, c.Actor.UserID)
	w, err := memo(s, key, func() (DistrictWatch, error) { return s.watch(ctx, c, ds) })
	if err != nil {
		return nil, err
	}
	out.Round, out.Overdue = w.Round, w.Overdue
	return out, nil
}

// watch is the latest round of a district and its overdue work, on ds.On.
func (s *Service) watch(ctx context.Context, c Caller, ds *rollup.DistrictStatus) (DistrictWatch, error) {
	var out DistrictWatch
	p, err := c.Tree.Path(ctx, ds.Unit)
	if err != nil {
		return out, err
	}
	plans, err := s.districtPlans(ctx, c, ds.Unit, p.Province)
	if err != nil {
		return out, err
	}
	if out.Round, err = s.latestRound(ctx, c, plans, ds.On); err != nil {
		return out, err
	}
	out.Overdue, err = s.overdueIn(ctx, ds)
	return out, err
}

// TrendUntil is the district's trend (Trend, marked where back-dated
// values changed a week's story) up to the weeks closed on or before day.
func (s *Service) TrendUntil(ctx context.Context, c Caller, district *datchuan.Unit, day datchuan.Date) (*DistrictTrend, error) {
	t, err := s.Trend(ctx, c, district, true)
	if err != nil {
		return nil, err
	}
	// Trend's answer is kept for other requests: cut a copy.
	out := *t
	out.Weeks = slices.DeleteFunc(slices.Clone(t.Weeks), func(w TrendWeek) bool { return day.Before(w.Day) })
	return &out, nil
}

// districtPlans are the plans of the province whose targets include the
// district, newest first: the province as it was while the district
// existed, which may be before a merger.
func (s *Service) districtPlans(ctx context.Context, c Caller, district *datchuan.Unit, province string) ([]*datchuan.Plan, error) {
	prov, _, err := c.Tree.Resolve(ctx, datchuan.LevelProvince, province, district.ViewDay(s.Today()))
	if err != nil {
		return nil, err
	}
	plans, err := s.cfg.Stores.Plans.Plans(ctx, prov.ID)
	if err != nil {
		return nil, err
	}
	var out []*datchuan.Plan
	for _, pl := range plans {
		targets, err := s.planTargets(ctx, pl)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(targets, func(t *datchuan.Target) bool { return t.UnitID == district.ID }) {
			out = append(out, pl)
		}
	}
	return out, nil
}

// latestRound is the round of the plans opened last on or before day,
// with its reporters.
func (s *Service) latestRound(ctx context.Context, c Caller, plans []*datchuan.Plan, day datchuan.Date) (*RoundView, error) {
	if len(plans) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(plans))
	for i, pl := range plans {
		ids[i] = pl.ID
	}
	rounds, err := s.cfg.Stores.Rounds.Rounds(ctx, datchuan.RoundFilter{PlanIDs: ids, Limit: maxRoundsShown})
	if err != nil {
		return nil, err
	}
	end := datchuan.EndOfDay(day)
	for _, r := range rounds { // the latest deadline first
		if !r.OpenedAt.Before(end) {
			continue
		}
		pl := plans[slices.IndexFunc(plans, func(p *datchuan.Plan) bool { return p.ID == r.PlanID })]
		prov, err := c.Tree.Unit(ctx, pl.ProvinceID)
		if err != nil {
			return nil, err
		}
		views, err := s.roundViews(ctx, c, pl, prov, []*datchuan.Round{r})
		if err != nil {
			return nil, err
		}
		return views[0], nil
	}
	return nil, nil
}

// overdueIn counts the assignments of the district and its communes open
// past their deadline on the day, but those done by their result (the
// criterion met then), as the synthesis counts them.
func (s *Service) overdueIn(ctx context.Context, ds *rollup.DistrictStatus) (int, error) {
	ids := []int64{ds.Unit.ID}
	for _, c := range ds.Communes {
		ids = append(ids, c.Unit.ID)
	}
	as, err := s.cfg.Stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{UnitIDs: ids, Open: true, DueBefore: ds.On})
	if err != nil {
		return 0, err
	}
	met := weekly.Index{}
	met.AddDistrict(ds)
	n := 0
	for _, a := range as {
		if a.Overdue(ds.On) && !(a.DoneByResult() && met.Met(weekly.Key{UnitID: a.UnitID, SetID: a.SetID, Criterion: a.CriterionCode})) {
			n++
		}
	}
	return n, nil
}
