package service

import (
	"context"
	"slices"

	"github.com/datchuan/datchuan"
)

// Who is told of what. The notices are the domain's (notice.go); here the
// people are found: the officers of an agency are the people with a
// department role for it, a province's coordination office the people with
// a coordination role for it. Nobody is told of what they did themselves,
// and a disabled account tells nobody.

// officers returns the people of the enabled accounts holding a role of
// kind that keep accepts, each once, without the person except.
func officers(ctx context.Context, tx datchuan.Stores, kind datchuan.RoleKind, keep func(datchuan.Role) (bool, error), except int64) ([]int64, error) {
	users, err := tx.Users.Users(ctx, datchuan.UserFilter{Kind: kind})
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, u := range users {
		if u.Disabled || u.PersonID == 0 || u.PersonID == except || slices.Contains(out, u.PersonID) {
			continue
		}
		for _, r := range u.Roles {
			if r.Kind != kind {
				continue
			}
			ok, err := keep(r)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, u.PersonID)
				break
			}
		}
	}
	return out, nil
}

// departmentOfficers returns the officers of an agency, but except.
func departmentOfficers(ctx context.Context, tx datchuan.Stores, agency, except int64) ([]int64, error) {
	return officers(ctx, tx, datchuan.RoleDepartment, func(r datchuan.Role) (bool, error) { return r.AgencyID == agency, nil }, except)
}

// coordinators returns the officers of the coordination office of a
// province (by code, whichever version of it a role names), but except.
func coordinators(ctx context.Context, tx datchuan.Stores, c Caller, province string, except int64) ([]int64, error) {
	return officers(ctx, tx, datchuan.RoleCoordination, func(r datchuan.Role) (bool, error) {
		u, err := c.Tree.Unit(ctx, r.UnitID)
		if err != nil {
			return false, err
		}
		return u.Code == province, nil
	}, except)
}

// assignKey is what makes an assignment the same one again (sqldb's
// Assign replaces a row of the same key).
type assignKey struct {
	unit           int64
	set, crit, ind string
}

func keyOf(a *datchuan.Assignment) assignKey {
	return assignKey{a.UnitID, a.SetID, a.CriterionCode, a.IndicatorCode}
}

// assignedBefore returns the stored rows that rows will replace, by key.
func assignedBefore(ctx context.Context, tx datchuan.Stores, rows []*datchuan.Assignment) (map[assignKey]*datchuan.Assignment, error) {
	var units []int64
	for _, a := range rows {
		if !slices.Contains(units, a.UnitID) {
			units = append(units, a.UnitID)
		}
	}
	stored, err := tx.Plans.Assignments(ctx, datchuan.AssignmentFilter{UnitIDs: units})
	if err != nil {
		return nil, err
	}
	out := make(map[assignKey]*datchuan.Assignment, len(stored))
	for _, a := range stored {
		out[keyOf(a)] = a
	}
	return out, nil
}

// assignedNotices tells the officers of each agency the rows of plan newly
// given to it: to lead, when it did not lead the row before; to support,
// when it had no part in the row before (before: the rows as they were,
// by key). A row that changed nothing for an agency tells it nothing.
func (s *Service) assignedNotices(ctx context.Context, tx datchuan.Stores, c Caller, plan *datchuan.Plan, before map[assignKey]*datchuan.Assignment, rows []*datchuan.Assignment) ([]datchuan.Notice, error) {
	lead, support := map[int64][]*datchuan.Assignment{}, map[int64][]*datchuan.Assignment{}
	var agencies []int64
	add := func(m map[int64][]*datchuan.Assignment, ag int64, a *datchuan.Assignment) {
		if !slices.Contains(agencies, ag) {
			agencies = append(agencies, ag)
		}
		m[ag] = append(m[ag], a)
	}
	for _, a := range rows {
		old := before[keyOf(a)]
		if old == nil || old.LeadID != a.LeadID {
			add(lead, a.LeadID, a)
		}
		for _, ag := range a.SupportIDs {
			if old == nil || old.LeadID != ag && !slices.Contains(old.SupportIDs, ag) {
				add(support, ag, a)
			}
		}
	}
	unitName := func(id int64) string {
		if u, err := c.Tree.Unit(ctx, id); err == nil {
			return u.Name
		}
		return "đơn vị"
	}
	var out []datchuan.Notice
	for _, ag := range agencies {
		a, err := tx.Agencies.Agency(ctx, ag)
		if err != nil {
			return nil, err
		}
		persons, err := departmentOfficers(ctx, tx, ag, c.Actor.PersonID)
		if err != nil {
			return nil, err
		}
		for _, p := range persons {
			if n, ok := datchuan.AssignedNotice(p, agencyLabel(a), plan, lead[ag], support[ag], unitName); ok {
				out = append(out, n)
			}
		}
	}
	return out, nil
}

// agencyLabel is how a notice names an agency: its short name, if any.
func agencyLabel(a *datchuan.Agency) string {
	if a.ShortName != "" {
		return a.ShortName
	}
	return a.Name
}

// waitingNotices tells the officers of the departments leading a reported
// value's indicator that it waits for their confirmation. An indicator
// that no department leads is decided by the coordination office, whose
// officers are told instead; the office is not told of the others (it
// sees the whole province's queue, and a line for every report of the
// province would bury what is its own to do).
func (s *Service) waitingNotices(ctx context.Context, tx datchuan.Stores, c Caller, v *datchuan.Value, u *datchuan.Unit, ref IndicatorRef) ([]datchuan.Notice, error) {
	p, err := c.Tree.Path(ctx, u)
	if err != nil {
		return nil, err
	}
	prov, _, err := c.Tree.Resolve(ctx, datchuan.LevelProvince, p.Province, datchuan.Date{})
	if err != nil {
		return nil, err
	}
	book, err := s.LeadBook(ctx, prov)
	if err != nil {
		return nil, err
	}
	var persons []int64
	leads := book.LeadAgencies(v.SetID, ref.Criterion.Code, v.IndicatorCode)
	if len(leads) == 0 {
		if persons, err = coordinators(ctx, tx, c, prov.Code, c.Actor.PersonID); err != nil {
			return nil, err
		}
	}
	for _, ag := range leads {
		ps, err := departmentOfficers(ctx, tx, ag, c.Actor.PersonID)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if !slices.Contains(persons, p) {
				persons = append(persons, p)
			}
		}
	}
	var out []datchuan.Notice
	for _, p := range persons {
		out = append(out, datchuan.WaitingNotice(p, v, u))
	}
	return out, nil
}

// submittedNotices tells the coordination office of the province that an
// approval item was submitted to it.
func (s *Service) submittedNotices(ctx context.Context, tx datchuan.Stores, c Caller, a *datchuan.Approval, prov *datchuan.Unit) ([]datchuan.Notice, error) {
	ag, err := tx.Agencies.Agency(ctx, a.AgencyID)
	if err != nil {
		return nil, err
	}
	persons, err := coordinators(ctx, tx, c, prov.Code, c.Actor.PersonID)
	if err != nil {
		return nil, err
	}
	var out []datchuan.Notice
	for _, p := range persons {
		out = append(out, datchuan.SubmittedNotice(p, a, agencyLabel(ag)))
	}
	return out, nil
}
