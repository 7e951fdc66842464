package service

import (
	"context"

	"github.com/datchuan/datchuan"
)

// The read side of weekly reporting: who answered a round and when, and
// how complete and timely the rounds of a plan were over the weeks.

// ReporterRow is one expected reporter of a round and how it answered.
type ReporterRow struct {
	Agency     *datchuan.Agency
	Report     *datchuan.Report // nil: nothing saved yet
	Timeliness datchuan.Timeliness
	Mine       bool // the caller writes this report
}

// Returned reports whether the report was sent back and not sent again.
func (r ReporterRow) Returned() bool {
	return r.Report != nil && r.Report.State == datchuan.ReportReturned
}

// Completeness counts a round's reporters by how they answered.
type Completeness struct {
	Expected, OnTime, Late, Missing, Returned int
}

// Received is the reports sent, on time or late.
func (c Completeness) Received() int { return c.OnTime + c.Late }

// Percent is the share of the expected reports received, 0–100.
func (c Completeness) Percent() int {
	if c.Expected == 0 {
		return 0
	}
	return c.Received() * 100 / c.Expected
}

// OnTimePercent is the share of the expected reports received on time.
func (c Completeness) OnTimePercent() int {
	if c.Expected == 0 {
		return 0
	}
	return c.OnTime * 100 / c.Expected
}

// RoundView is a round with its reporters.
type RoundView struct {
	Round    *datchuan.Round
	Plan     *datchuan.Plan
	Province *datchuan.Unit
	Rows     []ReporterRow
	Count    Completeness
	Runs     bool // the caller opens, closes, returns
	SeesAll  bool // the caller reads every report
}

// Round returns a round, its reporters and how each answered, for a
// caller in the plan's province.
func (s *Service) Round(ctx context.Context, c Caller, id int64) (*RoundView, error) {
	r, pl, prov, err := s.RoundFor(ctx, c, id)
	if err != nil {
		return nil, err
	}
	views, err := s.roundViews(ctx, c, pl, prov, []*datchuan.Round{r})
	if err != nil {
		return nil, err
	}
	return views[0], nil
}

// roundViews answers several rounds of a plan with three queries in all.
func (s *Service) roundViews(ctx context.Context, c Caller, pl *datchuan.Plan, prov *datchuan.Unit, rounds []*datchuan.Round) ([]*RoundView, error) {
	ids, agencyIDs := []int64{}, []int64{}
	for _, r := range rounds {
		ids = append(ids, r.ID)
		agencyIDs = append(agencyIDs, r.Reporters...)
	}
	reps, err := s.cfg.Stores.Rounds.Reports(ctx, datchuan.ReportFilter{RoundIDs: ids})
	if err != nil {
		return nil, err
	}
	byKey := map[[2]int64]*datchuan.Report{}
	for _, rep := range reps {
		byKey[[2]int64{rep.RoundID, rep.AgencyID}] = rep
	}
	ags, err := s.cfg.Stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{IDs: agencyIDs})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*datchuan.Agency{}
	for _, ag := range ags {
		byID[ag.ID] = ag
	}
	out := make([]*RoundView, 0, len(rounds))
	for _, r := range rounds {
		v := &RoundView{Round: r, Plan: pl, Province: prov, Runs: c.CanRunRounds(prov.Code), SeesAll: c.CanSeeRounds(prov.Code)}
		for _, id := range r.Reporters {
			ag := byID[id]
			if ag == nil {
				continue
			}
			p, err := s.agencyPath(ctx, c, ag)
			if err != nil {
				return nil, err
			}
			row := ReporterRow{Agency: ag, Report: byKey[[2]int64{r.ID, id}], Mine: c.SpeaksFor(ag, p)}
			row.Timeliness = datchuan.TimelinessOf(row.Report, r.Deadline)
			v.Count.add(row)
			v.Rows = append(v.Rows, row)
		}
		out = append(out, v)
	}
	return out, nil
}

func (c *Completeness) add(r ReporterRow) {
	c.Expected++
	switch r.Timeliness {
	case datchuan.OnTime:
		c.OnTime++
	case datchuan.Late:
		c.Late++
	default:
		c.Missing++
	}
	if r.Returned() {
		c.Returned++
	}
}

// PlanRounds is the rounds of a plan, latest first, each with its
// reporters: the completeness and timeliness over the weeks.
type PlanRounds struct {
	Plan     *datchuan.Plan
	Province *datchuan.Unit
	Rounds   []*RoundView
	Runs     bool
}

// maxRoundsShown bounds the rounds a page lists: half a year of weeks.
const maxRoundsShown = 26

// RoundsOf lists the latest rounds of a plan.
func (s *Service) RoundsOf(ctx context.Context, c Caller, planID int64) (*PlanRounds, error) {
	pl, prov, err := s.PlanFor(ctx, c, planID)
	if err != nil {
		return nil, err
	}
	rounds, err := s.cfg.Stores.Rounds.Rounds(ctx, datchuan.RoundFilter{PlanIDs: []int64{pl.ID}, Limit: maxRoundsShown})
	if err != nil {
		return nil, err
	}
	views, err := s.roundViews(ctx, c, pl, prov, rounds)
	if err != nil {
		return nil, err
	}
	return &PlanRounds{Plan: pl, Province: prov, Rounds: views, Runs: c.CanRunRounds(prov.Code)}, nil
}

// OpenRoundsFor lists the open rounds in which the caller has a report to
// write, with that report's row: their "my work".
func (s *Service) OpenRoundsFor(ctx context.Context, c Caller) ([]*RoundView, error) {
	var out []*RoundView
	for _, scope := range c.Scopes() {
		prov, err := s.CallerProvince(ctx, c, scope.Province)
		if err != nil {
			continue
		}
		plans, err := s.cfg.Stores.Plans.Plans(ctx, prov.ID)
		if err != nil {
			return nil, err
		}
		for _, pl := range plans {
			rounds, err := s.cfg.Stores.Rounds.Rounds(ctx, datchuan.RoundFilter{PlanIDs: []int64{pl.ID}, Open: true})
			if err != nil || len(rounds) == 0 {
				if err != nil {
					return nil, err
				}
				continue
			}
			views, err := s.roundViews(ctx, c, pl, prov, rounds)
			if err != nil {
				return nil, err
			}
			for _, v := range views {
				if v.KeepMine() {
					out = append(out, v)
				}
			}
		}
		break // a province's rounds once, whatever the number of roles in it
	}
	return out, nil
}

// KeepMine keeps only the caller's own rows of a round (the others'
// reports are the office's to read); false when none is left.
func (v *RoundView) KeepMine() bool {
	var rows []ReporterRow
	for _, r := range v.Rows {
		if r.Mine {
			rows = append(rows, r)
		}
	}
	v.Rows = rows
	return len(rows) > 0
}

// RemindReporters tells the people of each reporter of an open round that
// has not sent its report, on the day before the deadline and on the day
// itself, once a day whatever the number of app instances: the round's
// reminder day is moved in the same transaction, only if it was earlier.
func (s *Service) RemindReporters(ctx context.Context) (int, error) {
	c := s.System(roundCommand)
	today := s.Today()
	rounds, err := s.cfg.Stores.Rounds.Rounds(ctx, datchuan.RoundFilter{Open: true})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range rounds {
		due := datchuan.DateOf(r.Deadline.In(datchuan.Vietnam()))
		if (today != due && today != due.AddDays(-1)) || !r.RemindedOn.Before(today) || s.cfg.Now().After(r.Deadline) {
			continue
		}
		told, err := s.remind(ctx, c, r, today)
		if err != nil {
			return n, err
		}
		n += told
	}
	return n, nil
}

// remind writes the reminders of one round for today.
func (s *Service) remind(ctx context.Context, c Caller, r *datchuan.Round, today datchuan.Date) (int, error) {
	pl, err := s.cfg.Stores.Plans.Plan(ctx, r.PlanID)
	if err != nil {
		return 0, err
	}
	prov, err := c.Tree.Unit(ctx, pl.ProvinceID)
	if err != nil {
		return 0, err
	}
	views, err := s.roundViews(ctx, c, pl, prov, []*datchuan.Round{r})
	if err != nil {
		return 0, err
	}
	told := 0
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := tx.Rounds.MarkReminded(ctx, r.ID, today); err != nil {
			return outcome{}, err
		}
		var notices []datchuan.Notice
		for _, row := range views[0].Rows {
			if row.Timeliness != datchuan.Missing {
				continue
			}
			people, err := s.speakers(ctx, tx, c, row.Agency)
			if err != nil {
				return outcome{}, err
			}
			for _, p := range people {
				notices = append(notices, datchuan.ReportDueNotice(p, r, row.Agency.ID, agencyLabel(row.Agency), today))
			}
		}
		told = len(notices)
		ch, err := s.roundChange(ctx, c, datchuan.ActRoundRemind, r, pl, "Nhắc gửi báo cáo "+r.Label(), nil, nil)
		return outcome{change: ch, notices: notices}, err
	})
	if datchuan.ErrorCode(err) == datchuan.ECONFLICT {
		return 0, nil // another instance reminded, or the round moved on
	}
	return told, err
}
