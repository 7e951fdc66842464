package service

import (
	"context"
	"strconv"

	"github.com/datchuan/datchuan"
)

// What the forms of a meeting's page offer, and where its decisions went.

// MeetingChoices are the choices of a meeting's forms.
type MeetingChoices struct {
	Units    []*datchuan.Unit // the units of the area: the obstacles' units
	Communes []*datchuan.Unit // its communes: the tasks' and assignments' units
	People   []Member         // the members of the area's committees: the tasks' assignees
	Owners   []*datchuan.Agency
	Plans    []*datchuan.Plan
	Set      *datchuan.CriteriaSet // the commune set of the latest plan (else in force): the criteria offered
	Agencies []*datchuan.Agency    // the province's agencies: the assignments' leads
	Assigns  bool                  // the caller may give decisions out as assignments
}

// MeetingChoices lists what the forms of the meeting's page offer.
func (s *Service) MeetingChoices(ctx context.Context, c Caller, at *MeetingAt) (*MeetingChoices, error) {
	out := &MeetingChoices{Assigns: c.CanPlan(at.Path)}
	var err error
	if out.Units, err = s.agendaUnits(ctx, c, at.Unit, s.Today()); err != nil {
		return nil, err
	}
	for _, u := range out.Units {
		if u.Level == datchuan.LevelCommune {
			out.Communes = append(out.Communes, u)
		}
	}
	if out.People, err = s.committeePeople(ctx, c, out.Communes); err != nil {
		return nil, err
	}
	owners, err := s.Owners(ctx, c, at.Province)
	if err != nil {
		return nil, err
	}
	out.Owners = SortedAgencies(owners, nil)
	if out.Plans, err = s.cfg.Stores.Plans.Plans(ctx, at.Province.ID); err != nil {
		return nil, err
	}
	if len(out.Plans) > 0 {
		out.Set = s.PlanSet(ctx, out.Plans[0])
	} else {
		out.Set = s.CommuneSet(s.Today().Year)
	}
	if !out.Assigns {
		return out, nil
	}
	ags, err := s.Agencies(ctx, c, at.Province.Code)
	if err != nil {
		return nil, err
	}
	out.Agencies = SortedAgencies(ags, nil)
	return out, nil
}

// committeePeople lists the people who may be given a task of one of
// the communes: those TaskPeople would offer for any of them, each once,
// in Vietnamese order.
func (s *Service) committeePeople(ctx context.Context, c Caller, communes []*datchuan.Unit) ([]Member, error) {
	paths := make([]datchuan.UnitPath, 0, len(communes))
	for _, u := range communes {
		p, err := c.Tree.Path(ctx, u)
		if err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return s.committeePeopleAt(ctx, c, paths)
}

// DecisionLink is where a decision went: its task or assignment.
type DecisionLink struct {
	Href   string
	Vi, En string
}

// DecisionLinks names where each decision of the meeting went (a zero
// link for one not given out).
func (s *Service) DecisionLinks(ctx context.Context, c Caller, m *datchuan.Meeting) ([]DecisionLink, error) {
	out := make([]DecisionLink, len(m.Decisions))
	for i, d := range m.Decisions {
		switch {
		case d.TaskID != 0:
			t, err := s.cfg.Stores.Tasks.Task(ctx, d.TaskID)
			if err != nil {
				return nil, err
			}
			u, err := c.Tree.Unit(ctx, t.UnitID)
			if err != nil {
				return nil, err
			}
			id := strconv.FormatInt(t.ID, 10)
			out[i] = DecisionLink{Href: "/don-vi/" + u.Code + "/nhiem-vu#t-" + id,
				Vi: "Nhiệm vụ của " + u.Name + ": " + t.Title, En: "Task of " + u.Name + ": " + t.Title}
		case d.AssignmentID != 0:
			as, err := s.cfg.Stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{IDs: []int64{d.AssignmentID}})
			if err != nil {
				return nil, err
			}
			if len(as) == 0 {
				continue // deleted meanwhile: the link goes with it
			}
			u, err := c.Tree.Unit(ctx, as[0].UnitID)
			if err != nil {
				return nil, err
			}
			out[i] = DecisionLink{Href: "/phan-cong/" + strconv.FormatInt(as[0].ID, 10),
				Vi: "Phân công tiêu chí " + as[0].CriterionCode + " của " + u.Name + ", hạn " + as[0].Deadline.VN(),
				En: "Assignment of criterion " + as[0].CriterionCode + " of " + u.Name + ", due " + as[0].Deadline.VN()}
		}
	}
	return out, nil
}
