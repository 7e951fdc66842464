// Package work answers "what is waiting for me?" for a person: the
// assignments of their agencies, their member tasks, the values waiting for
// their confirmation and the returned values they must correct. The web pages
// ("my work", the counts in the navigation) and the reminder e-mails ask the
// same question, so they get the same answer from here.
package work

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/datchuan/datchuan"
)

// SoonDays is how far ahead "due soon" looks.
const SoonDays = 7

// Finder computes a person's work. Its unit tree caches what it looks up,
// so use one per request or per job run, not for ever.
type Finder struct {
	stores datchuan.Stores
	sets   datchuan.CriteriaCatalog
	tree   datchuan.Hierarchy
}

// NewFinder returns a finder over the stores, walking units with tree.
func NewFinder(stores datchuan.Stores, sets datchuan.CriteriaCatalog, tree datchuan.Hierarchy) *Finder {
	return &Finder{stores: stores, sets: sets, tree: tree}
}

// ScopedValue is a current value in the user's scopes with what the user
// may do with it.
type ScopedValue struct {
	Unit      *datchuan.Unit
	Value     *datchuan.Value
	CanDecide bool // the user may confirm or return it (Access.CanDecide)
	CanReport bool
	Corrects  bool // returned, it is the user's to correct (Access.Corrects)
}

// AssignmentItem is an assignment as it stands on a day.
type AssignmentItem struct {
	*datchuan.Assignment
	Unit *datchuan.Unit
	Lead bool // one of the user's agencies leads it (else it supports)
	// Met: the assignment is done by its result (DoneByResult) and its
	// criterion or indicator is met by the unit's confirmed values, as the
	// unit's page shows it; MetOn is the day the last value it needed was
	// confirmed. Met work is done whatever its manual mark.
	Met   bool
	MetOn datchuan.Date
	// Late and Soon are "open past its deadline" and "due within
	// SoonDays" on the day of the Work; never for work that is done or met.
	Late bool
	Soon bool
	// CanMarkDone: the user may mark it done or open it again
	// (Access.CanMarkDone).
	CanMarkDone bool
}

// Work is everything waiting for one person on a day.
type Work struct {
	Today       datchuan.Date
	Assignments []AssignmentItem // not marked done, by deadline
	Tasks       []*datchuan.Task // open member tasks assigned to the person, by due date
	ToReview    []ScopedValue    // reported values the person may confirm or return
	Returned    []ScopedValue    // returned values the person must correct (Access.Corrects)
	Waiting     []ScopedValue    // values the person reported, still waiting
}

// Overdue counts the overdue assignments and tasks.
func (w *Work) Overdue() int {
	return w.count(func(a AssignmentItem) bool { return a.Late }, TaskOverdue)
}

// DueSoon counts the assignments and tasks due within SoonDays.
func (w *Work) DueSoon() int {
	return w.count(func(a AssignmentItem) bool { return a.Soon }, TaskDueSoon)
}

func (w *Work) count(assignment func(AssignmentItem) bool, task func(*datchuan.Task, datchuan.Date) bool) int {
	n := 0
	for _, a := range w.Assignments {
		if assignment(a) {
			n++
		}
	}
	for _, t := range w.Tasks {
		if task(t, w.Today) {
			n++
		}
	}
	return n
}

// TaskOverdue reports whether an open task is past its due date on today.
func TaskOverdue(t *datchuan.Task, today datchuan.Date) bool {
	return t.Status != datchuan.TaskDone && !t.Due.IsZero() && t.Due.Before(today)
}

// TaskDueSoon reports whether an open task is due within SoonDays.
func TaskDueSoon(t *datchuan.Task, today datchuan.Date) bool {
	return t.Status != datchuan.TaskDone && dueSoon(t.Due, today)
}

func dueSoon(due, today datchuan.Date) bool {
	if due.IsZero() || due.Before(today) {
		return false
	}
	return due.Before(today.AddDays(SoonDays + 1))
}

// For computes the work of user (with their access) on today.
func (f *Finder) For(ctx context.Context, u *datchuan.User, acc *datchuan.Access, today datchuan.Date) (*Work, error) {
	w := &Work{Today: today}
	vals, byUnit, err := f.scopeValues(ctx, acc, today)
	if err != nil {
		return nil, err
	}
	for _, sv := range vals {
		switch {
		case sv.Value.State == datchuan.StateReported && sv.CanDecide:
			w.ToReview = append(w.ToReview, sv)
		case sv.Value.State == datchuan.StateReturned && sv.Corrects:
			w.Returned = append(w.Returned, sv)
		case sv.Value.State == datchuan.StateReported && acc.OwnReport(sv.Value):
			w.Waiting = append(w.Waiting, sv)
		}
	}
	if w.Assignments, err = f.assignments(ctx, acc, today, byUnit); err != nil {
		return nil, err
	}
	if u.PersonID != 0 && f.stores.Tasks != nil {
		if w.Tasks, err = f.stores.Tasks.Tasks(ctx, datchuan.TaskFilter{AssigneeIDs: []int64{u.PersonID}, Open: true}); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// assignments lists the open assignments of the user's agencies; known
// are the values already read, by unit (see scopeValues).
func (f *Finder) assignments(ctx context.Context, acc *datchuan.Access, today datchuan.Date, known map[int64][]*datchuan.Value) ([]AssignmentItem, error) {
	if f.stores.Plans == nil {
		return nil, nil
	}
	mine, err := f.AgencyIDs(ctx, acc, today)
	if err != nil || len(mine) == 0 {
		return nil, err
	}
	as, err := f.stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{AgencyIDs: mine, Open: true})
	if err != nil {
		return nil, err
	}
	out, err := f.items(ctx, acc, as, today, known)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Lead = slices.Contains(mine, out[i].LeadID)
	}
	return out, nil
}

// AgencyIDs returns the agencies whose work is the user's: the departments
// of their department roles, and the steering committees of the districts
// and communes of their district and commune roles.
func (f *Finder) AgencyIDs(ctx context.Context, acc *datchuan.Access, today datchuan.Date) ([]int64, error) {
	ids := acc.Agencies()
	for _, p := range acc.Scopes() {
		level, code := p.Unit()
		kind := committeeOf(level)
		if kind == "" {
			continue
		}
		u, _, err := f.tree.Resolve(ctx, level, code, datchuan.Date{})
		if err != nil {
			return nil, err
		}
		ags, err := f.stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{UnitID: u.ID, Kind: kind})
		if err != nil {
			return nil, err
		}
		for _, a := range ags {
			ids = append(ids, a.ID)
		}
	}
	return ids, nil
}

// committeeOf is the kind of the steering committee of a unit of level:
// "" for a province, whose work is its departments'.
func committeeOf(level datchuan.Level) datchuan.AgencyKind {
	switch level {
	case datchuan.LevelCommune:
		return datchuan.AgencyCommuneCommittee
	case datchuan.LevelDistrict:
		return datchuan.AgencyDistrictCommittee
	}
	return ""
}

// ScopeUnits lists the units in the user's scopes, each once.
func (f *Finder) ScopeUnits(ctx context.Context, acc *datchuan.Access, today datchuan.Date) ([]*datchuan.Unit, error) {
	seen := map[int64]bool{}
	var out []*datchuan.Unit
	for _, p := range acc.Scopes() {
		units, err := f.tree.InScope(ctx, p, today)
		if err != nil {
			return nil, err
		}
		for _, u := range units {
			if !seen[u.ID] {
				seen[u.ID] = true
				out = append(out, u)
			}
		}
	}
	return out, nil
}

// ScopeValues returns the current values of every unit the user reads,
// each with the user's rights on it, oldest report first.
func (f *Finder) ScopeValues(ctx context.Context, acc *datchuan.Access, today datchuan.Date) ([]ScopedValue, error) {
	out, _, err := f.scopeValues(ctx, acc, today)
	return out, err
}

// scopeValues is ScopeValues with the values also by unit: every unit of
// the scope has an entry, empty when it has no value, so that a lookup
// tells a unit without values from a unit not read.
func (f *Finder) scopeValues(ctx context.Context, acc *datchuan.Access, today datchuan.Date) ([]ScopedValue, map[int64][]*datchuan.Value, error) {
	units, err := f.ScopeUnits(ctx, acc, today)
	if err != nil || len(units) == 0 {
		return nil, nil, err
	}
	byID := make(map[int64]*datchuan.Unit, len(units))
	byUnit := make(map[int64][]*datchuan.Value, len(units))
	ids := make([]int64, 0, len(units))
	for _, u := range units {
		byID[u.ID], byUnit[u.ID] = u, nil
		ids = append(ids, u.ID)
	}
	vals, err := f.stores.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: ids})
	if err != nil {
		return nil, nil, fmt.Errorf("values in scope: %w", err)
	}
	out := make([]ScopedValue, 0, len(vals))
	for _, val := range vals {
		byUnit[val.UnitID] = append(byUnit[val.UnitID], val)
		u := byID[val.UnitID]
		p, err := f.tree.Path(ctx, u)
		if err != nil {
			return nil, nil, err
		}
		sv := ScopedValue{Unit: u, Value: val, CanReport: acc.CanReport(p), Corrects: acc.Corrects(p, val)}
		if set, err := f.sets.Set(val.SetID); err == nil {
			if _, c := set.Indicator(val.IndicatorCode); c != nil {
				sv.CanDecide = acc.CanDecide(p, c.Code, val)
			}
		}
		out = append(out, sv)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Value.ReportedAt.Before(out[j].Value.ReportedAt) })
	return out, byUnit, nil
}
