package service

import (
	"context"
	"slices"

	"github.com/datchuan/datchuan"
)

// Cause is what the weekly reports said last of a criterion: the
// difficulties, their causes and what was proposed, by whom and when.
type Cause struct {
	Agency       *datchuan.Agency
	Round        *datchuan.Round
	Difficulties string
	Causes       string
	Proposals    string
}

// CauseKey names a criterion of a set.
type CauseKey struct{ SetID, Criterion string }

// causeRounds bounds how far back causes are looked for: two months of
// weekly rounds.
const causeRounds = 8

// ReportedCauses returns, for each criterion the latest rounds of the
// plans targeting the target's unit wrote about, what the latest report
// sent said of its difficulties, causes and proposals: the "why" beside
// each item of what is left.
func (s *Service) ReportedCauses(ctx context.Context, c Caller, t *datchuan.Target) (map[CauseKey]Cause, error) {
	u, p, err := c.Tree.Place(ctx, t.UnitID)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRead(p); err != nil {
		return nil, err
	}
	rounds, err := s.districtRounds(ctx, c, u, p.Province, false)
	if err != nil {
		return nil, err
	}
	out := map[CauseKey]Cause{}
	if len(rounds) == 0 {
		return out, nil
	}
	rounds = rounds[max(0, len(rounds)-causeRounds):]
	byID := map[int64]*datchuan.Round{}
	ids := make([]int64, len(rounds))
	for i, r := range rounds {
		ids[i], byID[r.ID] = r.ID, r
	}
	reps, err := s.cfg.Stores.Rounds.Reports(ctx, datchuan.ReportFilter{RoundIDs: ids})
	if err != nil {
		return nil, err
	}
	// Oldest round first, so that a later report overwrites an earlier.
	slices.SortStableFunc(reps, func(a, b *datchuan.Report) int {
		return byID[a.RoundID].Deadline.Compare(byID[b.RoundID].Deadline)
	})
	agencies := map[int64]*datchuan.Agency{}
	for _, rep := range reps {
		if !rep.Submitted() {
			continue
		}
		for _, it := range rep.Items {
			if it.Difficulties == "" && it.Causes == "" && it.Proposals == "" {
				continue
			}
			if agencies[rep.AgencyID] == nil {
				if agencies[rep.AgencyID], err = s.cfg.Stores.Agencies.Agency(ctx, rep.AgencyID); err != nil {
					return nil, err
				}
			}
			out[CauseKey{it.SetID, it.CriterionCode}] = Cause{Agency: agencies[rep.AgencyID], Round: byID[rep.RoundID],
				Difficulties: it.Difficulties, Causes: it.Causes, Proposals: it.Proposals}
		}
	}
	return out, nil
}
