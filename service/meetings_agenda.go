package service

import (
	"context"
	"slices"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/agenda"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/weekly"
	"github.com/datchuan/datchuan/work"
)

// The agenda of a meeting, drawn from the data of the series' unit (a
// district and its communes, or the whole province) on the service's
// clock: agenda.Build does the drawing, this file gathers what it draws
// from.

// openObstacleStates are the states of an obstacle that still blocks.
var openObstacleStates = []datchuan.ObstacleState{datchuan.ObstacleOpen, datchuan.ObstacleInProgress, datchuan.ObstacleEscalated}

// Agenda is the agenda of the meeting: the one kept when it was held, or
// else the one the data gives now (live).
func (s *Service) Agenda(ctx context.Context, c Caller, at *MeetingAt) (a *datchuan.Agenda, live bool, err error) {
	if at.Meeting.Agenda != nil {
		return at.Meeting.Agenda, false, nil
	}
	a, err = s.DrawAgenda(ctx, c, at.Series, at.Meeting)
	return a, true, err
}

// DrawAgenda draws the agenda of meeting m of series ms from the data as
// it stands now: what changed since the series' previous held meeting
// (a week before m, for its first), what is overdue, which obstacles are
// open and since which meeting.
func (s *Service) DrawAgenda(ctx context.Context, c Caller, ms *datchuan.MeetingSeries, m *datchuan.Meeting) (*datchuan.Agenda, error) {
	now, today := s.cfg.Now(), s.Today()
	u, err := c.Tree.Unit(ctx, ms.UnitID)
	if err != nil {
		return nil, err
	}
	held, err := s.cfg.Stores.Meetings.Meetings(ctx, datchuan.MeetingFilter{SeriesIDs: []int64{ms.ID},
		States: []datchuan.MeetingState{datchuan.MeetingHeld}, Before: m.At})
	if err != nil {
		return nil, err
	}
	held = slices.DeleteFunc(held, func(x *datchuan.Meeting) bool { return x.ID == m.ID })
	in := agenda.Input{At: now, Since: m.Day().AddDays(-7), Sets: s.cfg.Sets, Held: held}
	if len(held) > 0 { // the latest first
		in.Since, in.SinceHeld = held[0].Day(), true
	}
	if today.Before(in.Since) {
		in.Since = today
	}
	if in.Units, err = s.agendaUnits(ctx, c, u, today); err != nil {
		return nil, err
	}
	ru := s.rollup(c, today)
	if in.Before, err = statusesOf(ctx, ru, u, in.Since); err != nil {
		return nil, err
	}
	if in.Now, err = statusesOf(ctx, ru, u, today); err != nil {
		return nil, err
	}
	if err := s.agendaWork(ctx, c, &in, today); err != nil {
		return nil, err
	}
	return agenda.Build(in), nil
}

// agendaUnits are the units of a series: the district and its communes,
// or the province with its districts and their communes.
func (s *Service) agendaUnits(ctx context.Context, c Caller, u *datchuan.Unit, today datchuan.Date) ([]*datchuan.Unit, error) {
	path, err := c.Tree.Path(ctx, u)
	if err != nil {
		return nil, err
	}
	return c.Tree.InScope(ctx, path, today)
}

// statusesOf is the status of every unit of u's scope known at the end
// of day.
func statusesOf(ctx context.Context, ru *rollup.Service, u *datchuan.Unit, day datchuan.Date) (weekly.Index, error) {
	x := weekly.Index{}
	if u.Level == datchuan.LevelDistrict {
		d, err := ru.District(ctx, u.Code, day)
		if err != nil {
			return nil, err
		}
		x.AddDistrict(d)
		return x, nil
	}
	p, err := ru.Province(ctx, u.Code, day)
	if err != nil {
		return nil, err
	}
	for _, d := range p.Districts {
		x.AddDistrict(d)
	}
	return x, nil
}

// agendaWork fills in the open work of the units: the assignments due
// before today as they stand (met by their result or not), the open
// member tasks, the open obstacles, and the names of their owners.
func (s *Service) agendaWork(ctx context.Context, c Caller, in *agenda.Input, today datchuan.Date) error {
	ids := make([]int64, len(in.Units))
	for i, u := range in.Units {
		ids[i] = u.ID
	}
	st := s.cfg.Stores
	as, err := st.Plans.Assignments(ctx, datchuan.AssignmentFilter{UnitIDs: ids, Open: true, DueBefore: today})
	if err != nil {
		return err
	}
	if in.Assignments, err = work.NewFinder(st, s.cfg.Sets, c.Tree).Items(ctx, c.Access, as, today); err != nil {
		return err
	}
	if in.Tasks, err = st.Tasks.Tasks(ctx, datchuan.TaskFilter{UnitIDs: ids, Open: true}); err != nil {
		return err
	}
	if in.Obstacles, err = st.Obstacles.Obstacles(ctx, datchuan.ObstacleFilter{UnitIDs: ids, States: openObstacleStates}); err != nil {
		return err
	}
	var agencies []int64
	for _, a := range in.Assignments {
		agencies = append(agencies, a.LeadID)
	}
	for _, o := range in.Obstacles {
		agencies = append(agencies, o.OwnerID)
	}
	in.Agencies, in.People = map[int64]string{}, map[int64]string{}
	if len(agencies) > 0 {
		ags, err := st.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{IDs: agencies})
		if err != nil {
			return err
		}
		for _, a := range ags {
			in.Agencies[a.ID] = a.Name
		}
	}
	for _, t := range in.Tasks {
		if _, ok := in.People[t.AssigneeID]; ok || !work.TaskOverdue(t, today) {
			continue
		}
		p, err := st.Agencies.Person(ctx, t.AssigneeID)
		if err != nil {
			return err
		}
		in.People[p.ID] = p.Name
	}
	return nil
}
