package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/weekly"
)

// Rounds of weekly reports (datchuan.Round): opened by the scheduler each
// week for every plan with someone to report, or by the coordination
// office for an ad-hoc request; closed when the next weekly round opens or
// by the office, keeping the snapshot of every status of the plan's
// targets.

// roundCommand names the scheduler in the change log.
const roundCommand = "scheduler"

// OpenWeeklyRounds opens this week's round of every plan that has
// reporters and a target still ahead, closing the plan's earlier open
// weekly rounds; each plan in its own transaction, so that of several app
// instances one opens it (the others find it open and write nothing). It
// returns how many rounds it opened.
func (s *Service) OpenWeeklyRounds(ctx context.Context) (int, error) {
	c := s.System(roundCommand)
	provs, err := s.cfg.Stores.Units.FindUnits(ctx, datchuan.UnitFilter{Level: datchuan.LevelProvince, On: s.Today()})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, prov := range provs {
		plans, err := s.cfg.Stores.Plans.Plans(ctx, prov.ID)
		if err != nil {
			return n, err
		}
		for _, pl := range plans {
			opened, err := s.openWeekly(ctx, c, pl)
			if err != nil {
				return n, fmt.Errorf("plan %s: %w", pl.Number, err)
			}
			if opened {
				n++
			}
		}
	}
	return n, nil
}

// openWeekly opens this week's round of the plan unless it is open
// already, the plan is not in force yet or any more, or nobody reports.
func (s *Service) openWeekly(ctx context.Context, c Caller, pl *datchuan.Plan) (bool, error) {
	now := s.cfg.Now()
	today := s.Today()
	week := datchuan.Week(today)
	if today.Before(pl.Date) {
		return false, nil
	}
	existing, err := s.cfg.Stores.Rounds.Rounds(ctx, datchuan.RoundFilter{PlanIDs: []int64{pl.ID}, Kind: datchuan.RoundWeekly, Limit: 1})
	if err != nil {
		return false, err
	}
	if len(existing) > 0 && !existing[0].Week.Before(week) {
		return false, nil // this week's (or a later one's) is open already
	}
	reporters, targets, err := s.planReporters(ctx, c, pl)
	if err != nil || len(reporters) == 0 || !targetsAhead(ctx, s, targets, today) {
		return false, err
	}
	r := &datchuan.Round{PlanID: pl.ID, Kind: datchuan.RoundWeekly, Week: week, Deadline: pl.ReportSchedule().Deadline(week),
		Reporters: reporters, OpenedAt: now}
	if err := r.Validate(); err != nil {
		return false, err
	}
	open, err := s.cfg.Stores.Rounds.Rounds(ctx, datchuan.RoundFilter{PlanIDs: []int64{pl.ID}, Kind: datchuan.RoundWeekly, Open: true})
	if err != nil {
		return false, err
	}
	closing := make([]closed, 0, len(open))
	for _, o := range open {
		x, err := s.statusIndex(ctx, c, pl, now)
		if err != nil {
			return false, err
		}
		closing = append(closing, closed{o, x})
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		for _, cl := range closing {
			if err := closeIn(ctx, tx, cl, now); err != nil {
				return outcome{}, err
			}
		}
		return s.openIn(ctx, tx, c, r, pl)
	})
	if datchuan.ErrorCode(err) == datchuan.ECONFLICT {
		return false, nil // another instance opened it, or closed the last one first
	}
	return err == nil, err
}

// targetsAhead reports whether a target of the plan is for this year or
// a later one: a plan whose targets are all past asks no more reports.
func targetsAhead(ctx context.Context, s *Service, targets []*datchuan.Target, today datchuan.Date) bool {
	for _, t := range targets {
		if t.Year >= today.Year {
			return true
		}
	}
	return false
}

// planReporters are the agencies expected to report on a plan: each lead
// agency of its assignments (the coordination office itself excepted: it
// is who reads the reports), then the committee of each district it
// targets. It also returns the plan's targets.
func (s *Service) planReporters(ctx context.Context, c Caller, pl *datchuan.Plan) ([]int64, []*datchuan.Target, error) {
	as, err := s.cfg.Stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{PlanID: pl.ID})
	if err != nil {
		return nil, nil, err
	}
	var out []int64
	for _, a := range as {
		if !slices.Contains(out, a.LeadID) {
			out = append(out, a.LeadID)
		}
	}
	ags, err := s.cfg.Stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{IDs: out})
	if err != nil {
		return nil, nil, err
	}
	out = out[:0]
	slices.SortFunc(ags, func(a, b *datchuan.Agency) int { return strings.Compare(a.Code, b.Code) })
	for _, ag := range ags {
		if ag.Kind != datchuan.AgencyCoordination {
			out = append(out, ag.ID)
		}
	}
	targets, err := s.planTargets(ctx, pl)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range targets {
		u, err := c.Tree.Unit(ctx, t.UnitID)
		if err != nil {
			return nil, nil, err
		}
		if u.Level != datchuan.LevelDistrict {
			continue
		}
		cs, err := s.cfg.Stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{Kind: datchuan.AgencyDistrictCommittee, UnitID: u.ID})
		if err != nil {
			return nil, nil, err
		}
		for _, ag := range cs {
			if !slices.Contains(out, ag.ID) {
				out = append(out, ag.ID)
			}
		}
	}
	return out, targets, nil
}

// planTargets are the targets a plan names, in its order.
func (s *Service) planTargets(ctx context.Context, pl *datchuan.Plan) ([]*datchuan.Target, error) {
	out := make([]*datchuan.Target, 0, len(pl.TargetIDs))
	for _, id := range pl.TargetIDs {
		t, err := s.cfg.Stores.Targets.Target(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// OpenAdHocRound opens a round of the plan with its own subject and
// deadline (dd/mm/yyyy, due at the plan's hour), for the plan's usual
// reporters.
func (s *Service) OpenAdHocRound(ctx context.Context, c Caller, planID int64, title, deadline string) (*datchuan.Round, error) {
	pl, prov, err := s.PlanFor(ctx, c, planID)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRunRounds(prov.Code); err != nil {
		return nil, err
	}
	reporters, _, err := s.planReporters(ctx, c, pl)
	if err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	r := &datchuan.Round{PlanID: pl.ID, Kind: datchuan.RoundAdHoc, Week: s.Today(), Title: strings.TrimSpace(title),
		Reporters: reporters, OpenedAt: s.cfg.Now(), CreatedBy: c.Actor.UserID}
	if d := p.ParseDate(datchuan.FieldDeadline, deadline, true); !d.IsZero() {
		r.Deadline = time.Date(d.Year, d.Month, d.Day, pl.ReportSchedule().Hour, 0, 0, 0, datchuan.Vietnam())
		if r.Deadline.Before(s.cfg.Now()) {
			p.Add(datchuan.FieldDeadline, "Hạn nộp đã qua (the deadline has passed)")
		}
	}
	if err := p.Check(r.Validate()); err != nil {
		return nil, err
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) { return s.openIn(ctx, tx, c, r, pl) })
	return r, err
}

// openIn opens a round within tx: the round, its log entry and the
// notices to its reporters.
func (s *Service) openIn(ctx context.Context, tx datchuan.Stores, c Caller, r *datchuan.Round, pl *datchuan.Plan) (outcome, error) {
	if err := tx.Rounds.OpenRound(ctx, r); err != nil {
		return outcome{}, err
	}
	notices, err := s.openedNotices(ctx, tx, c, r, pl)
	if err != nil {
		return outcome{}, err
	}
	ch, err := s.roundChange(ctx, c, datchuan.ActRoundOpen, r, pl, "Mở "+r.Label(), nil, r)
	return outcome{change: ch, notices: notices}, err
}

// closed is a round to close with the statuses it keeps.
type closed struct {
	round *datchuan.Round
	index weekly.Index
}

// closeIn closes a round and keeps its snapshot, within tx.
func closeIn(ctx context.Context, tx datchuan.Stores, cl closed, at time.Time) error {
	if err := tx.Rounds.CloseRound(ctx, cl.round.ID, at, cl.round.Version); err != nil {
		return err
	}
	return tx.Snapshots.KeepSnapshots(ctx, cl.round.ID, cl.index.Snapshots(cl.round.ID))
}

// CloseRound closes a round as of the version the office saw, keeping
// the snapshot of the plan's statuses now.
func (s *Service) CloseRound(ctx context.Context, c Caller, id int64, version int) (*datchuan.Round, error) {
	r, pl, prov, err := s.RoundFor(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRunRounds(prov.Code); err != nil {
		return nil, err
	}
	if !r.Open() {
		return nil, datchuan.Errorf(datchuan.ECONFLICT, "Đợt báo cáo đã đóng (the round is closed already)")
	}
	if err := sameVersion(r.Version, version, "Đợt báo cáo", "the round"); err != nil {
		return nil, err
	}
	now := s.cfg.Now()
	x, err := s.statusIndex(ctx, c, pl, now)
	if err != nil {
		return nil, err
	}
	before := *r
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := closeIn(ctx, tx, closed{r, x}, now); err != nil {
			return outcome{}, err
		}
		r.ClosedAt, r.Version = now, r.Version+1
		ch, err := s.roundChange(ctx, c, datchuan.ActRoundClose, r, pl, "Đóng "+r.Label(), &before, r)
		return outcome{change: ch}, err
	})
	return r, err
}

// statusIndex measures every target of the plan on the day of at: each
// target district with its communes, each other target unit on its own.
func (s *Service) statusIndex(ctx context.Context, c Caller, pl *datchuan.Plan, at time.Time) (weekly.Index, error) {
	day := datchuan.DateOf(at.In(datchuan.Vietnam()))
	targets, err := s.planTargets(ctx, pl)
	if err != nil {
		return nil, err
	}
	return weekly.OfTargets(ctx, s.rollup(c, day), targets, day)
}

// rollup is the status engine over the caller's tree, as of today.
func (s *Service) rollup(c Caller, today datchuan.Date) *rollup.Service {
	st := s.cfg.Stores
	return &rollup.Service{Tree: c.Tree, Targets: st.Targets, Values: st.Values, Sets: s.cfg.Sets,
		Agencies: st.Agencies, Plans: st.Plans, Today: today}
}

// RoundFor returns a round with its plan and province, if the caller may
// open the plan.
func (s *Service) RoundFor(ctx context.Context, c Caller, id int64) (*datchuan.Round, *datchuan.Plan, *datchuan.Unit, error) {
	r, err := s.cfg.Stores.Rounds.Round(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	pl, prov, err := s.PlanFor(ctx, c, r.PlanID)
	if err != nil {
		return nil, nil, nil, err
	}
	return r, pl, prov, nil
}

// roundChange is the change-log entry of a round, placed in the plan's
// province.
func (s *Service) roundChange(ctx context.Context, c Caller, action string, r *datchuan.Round, pl *datchuan.Plan, summary string, before, after any) (*datchuan.Change, error) {
	prov, err := c.Tree.Unit(ctx, pl.ProvinceID)
	if err != nil {
		return nil, err
	}
	return place(ctx, c, datchuan.NewChange(c.Actor, action, "round", r.ID, summary+" — Kế hoạch "+pl.Number, before, after), prov)
}

// SetSchedule changes when the plan's weekly reports are due (weekday 0
// Sunday … 6 Saturday, hour 0–23, as typed), as of the version the office
// saw. Rounds opened from then on follow it; an open round keeps the
// deadline its reporters were told.
func (s *Service) SetSchedule(ctx context.Context, c Caller, planID int64, version int, weekday, hour string) (*datchuan.Plan, error) {
	pl, prov, err := s.PlanFor(ctx, c, planID)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRunRounds(prov.Code); err != nil {
		return nil, err
	}
	if err := sameVersion(pl.Version, version, "Kế hoạch", "the plan"); err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	sch := datchuan.Schedule{Weekday: -1, Hour: -1}
	if d, err := strconv.Atoi(strings.TrimSpace(weekday)); err == nil {
		sch.Weekday = time.Weekday(d)
	}
	if h, err := strconv.Atoi(strings.TrimSpace(hour)); err == nil {
		sch.Hour = h
	}
	if err := p.Check(sch.Validate()); err != nil {
		return nil, err
	}
	before := *pl
	pl.Schedule = sch
	err = s.save(ctx, c, func(tx datchuan.Stores) error { return tx.Plans.UpdatePlan(ctx, pl) },
		func() (*datchuan.Change, error) {
			return at(datchuan.NewChange(c.Actor, datchuan.ActPlanUpdate, "plan", pl.ID,
				"Đổi hạn báo cáo tuần của kế hoạch "+pl.Number+": "+sch.LabelVi(), before, pl), prov.ID, prov.Code)
		})
	return pl, err
}
