package service

import (
	"context"
	"fmt"
	"slices"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
	"github.com/datchuan/datchuan/weekly"
)

// The weekly trend of a district: what each closed round of the plans
// targeting it kept (the record of what the committee was told), beside
// what the dated values say of the same day now. The two differ when a
// value was entered later with an earlier date; the trend shows the
// record and marks the difference.

// TrendWeek is one closed round's figures for a district.
type TrendWeek struct {
	Round                *datchuan.Round
	Day                  datchuan.Date // the day the round closed
	Criteria, Communes   int           // district criteria met, communes meeting the NTM standard, as kept
	CriteriaNow, Now     int           // the same, recomputed from the dated values today
	CriteriaTotal, Total int
}

// Differs reports whether the values dated on or before the week, as known
// today, tell another story than the record.
func (w TrendWeek) Differs() bool { return w.Criteria != w.CriteriaNow || w.Communes != w.Now }

// DistrictTrend is a district's weeks, oldest first.
type DistrictTrend struct {
	Unit  *datchuan.Unit
	Weeks []TrendWeek
}

// maxTrendWeeks is the weeks a trend shows: half a year.
const maxTrendWeeks = 26

// Trend returns the weekly trend of a district over the closed rounds of
// the plans whose targets include it, for a caller who reads it. With
// recompute, each week is also measured again from the dated values, to
// mark where a back-dated value changed the story.
func (s *Service) Trend(ctx context.Context, c Caller, district *datchuan.Unit, recompute bool) (*DistrictTrend, error) {
	p, err := c.Tree.Path(ctx, district)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRead(p); err != nil {
		return nil, err
	}
	key := fmt.Sprintf("trend/%d/%s/%v", district.ID, s.Today(), recompute)
	return memo(s, key, func() (*DistrictTrend, error) { return s.trend(ctx, c, district, p, recompute) })
}

// trend is Trend for a caller who reads the district at p.
func (s *Service) trend(ctx context.Context, c Caller, district *datchuan.Unit, p datchuan.UnitPath, recompute bool) (*DistrictTrend, error) {
	out := &DistrictTrend{Unit: district}
	rounds, err := s.districtRounds(ctx, c, district, p.Province, true)
	if err != nil || len(rounds) == 0 {
		return out, err
	}
	ids := make([]int64, len(rounds))
	for i, r := range rounds {
		ids[i] = r.ID
	}
	communes, err := c.Tree.Children(ctx, district, district.ViewDay(s.Today()))
	if err != nil {
		return nil, err
	}
	unitIDs := []int64{district.ID}
	for _, u := range communes {
		unitIDs = append(unitIDs, u.ID)
	}
	rows, err := s.cfg.Stores.Snapshots.Snapshots(ctx, datchuan.SnapshotFilter{RoundIDs: ids, UnitIDs: unitIDs})
	if err != nil {
		return nil, err
	}
	byRound := map[int64][]datchuan.Snapshot{}
	for _, r := range rows {
		byRound[r.RoundID] = append(byRound[r.RoundID], r)
	}
	var history map[int64][]*datchuan.Value
	if recompute {
		if history, err = s.valueHistory(ctx, unitIDs); err != nil {
			return nil, err
		}
	}
	for _, r := range rounds {
		w := TrendWeek{Round: r, Day: datchuan.DateOf(r.ClosedAt.In(datchuan.Vietnam()))}
		w.Criteria, w.Communes, w.CriteriaTotal, w.Total = s.tally(weekly.FromSnapshots(byRound[r.ID]), district.ID)
		w.CriteriaNow, w.Now = w.Criteria, w.Communes
		if recompute {
			ds, err := s.datedRollup(c, w.Day, history).District(ctx, district.Code, w.Day)
			if err != nil {
				return nil, err
			}
			x := weekly.Index{}
			x.AddDistrict(ds)
			w.CriteriaNow, w.Now, _, _ = s.tally(x, district.ID)
		}
		out.Weeks = append(out.Weeks, w)
	}
	return out, nil
}

// districtRounds are the latest rounds (oldest first; closed ones only, or
// the open ones too) of the plans of the province that target the
// district, one per week: where two plans target it, the later round of a
// week stands for it.
func (s *Service) districtRounds(ctx context.Context, c Caller, district *datchuan.Unit, province string, closedOnly bool) ([]*datchuan.Round, error) {
	plans, err := s.districtPlans(ctx, c, district, province)
	if err != nil || len(plans) == 0 {
		return nil, err
	}
	planIDs := make([]int64, len(plans))
	for i, pl := range plans {
		planIDs[i] = pl.ID
	}
	rounds, err := s.cfg.Stores.Rounds.Rounds(ctx, datchuan.RoundFilter{PlanIDs: planIDs, Closed: closedOnly, Limit: maxTrendWeeks})
	if err != nil {
		return nil, err
	}
	slices.Reverse(rounds) // oldest first
	var out []*datchuan.Round
	for _, r := range rounds {
		if n := len(out); n > 0 && out[n-1].Week == r.Week && r.Kind == datchuan.RoundWeekly {
			out[n-1] = r
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// tally counts in x the district's own criteria met (of its district
// set) and its communes meeting the commune NTM set.
func (s *Service) tally(x weekly.Index, district int64) (criteria, communes, criteriaTotal, communeTotal int) {
	for k, st := range x {
		cs, err := s.cfg.Sets.Set(k.SetID)
		if err != nil {
			continue
		}
		switch {
		case k.UnitID == district && cs.Tier == datchuan.TierDistrictNTM && k.Criterion != "":
			criteriaTotal++
			if st == status.Met {
				criteria++
			}
		case k.UnitID != district && cs.Tier == datchuan.TierCommuneNTM && k.Criterion == "":
			communeTotal++
			if st == status.Met {
				communes++
			}
		}
	}
	return criteria, communes, criteriaTotal, communeTotal
}
