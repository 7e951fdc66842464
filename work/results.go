package work

import (
	"context"
	"fmt"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
)

// Items makes the items of assignments as they stand on today, for the
// user with access acc: each with its unit, whether the user may mark it
// done, whether its result already meets it, and so whether it is late or
// due soon. "My work", the navigation's counts, the reminder digests and
// the plan page all come here, so they agree.
//
// Only the units of assignments done by their result are measured, each
// once (one query for all their targets, and one for their current values
// unless already read), however many assignments they have.
func (f *Finder) Items(ctx context.Context, acc *datchuan.Access, as []*datchuan.Assignment, today datchuan.Date) ([]AssignmentItem, error) {
	return f.items(ctx, acc, as, today, nil)
}

// items is Items with the current values already read, by unit (a unit
// with an entry has no other value; see scopeValues).
func (f *Finder) items(ctx context.Context, acc *datchuan.Access, as []*datchuan.Assignment, today datchuan.Date, known map[int64][]*datchuan.Value) ([]AssignmentItem, error) {
	out := make([]AssignmentItem, 0, len(as))
	var measured []*datchuan.Unit
	seen := map[int64]bool{}
	for _, a := range as {
		u, err := f.tree.Unit(ctx, a.UnitID)
		if err != nil {
			return nil, err
		}
		p, err := f.tree.Path(ctx, u)
		if err != nil {
			return nil, err
		}
		out = append(out, AssignmentItem{Assignment: a, Unit: u, CanMarkDone: acc.CanMarkDone(p, a.LeadID)})
		if a.DoneByResult() && !seen[u.ID] {
			seen[u.ID] = true
			measured = append(measured, u)
		}
	}
	results, err := f.results(ctx, measured, today, known)
	if err != nil {
		return nil, err
	}
	for i := range out {
		it := &out[i]
		if it.DoneByResult() {
			it.Met, it.MetOn = metBy(results[it.UnitID], it.Assignment)
		}
		open := !it.Done && !it.Met
		it.Late = open && it.Overdue(today)
		it.Soon = open && dueSoon(it.Deadline, today)
	}
	return out, nil
}

// results measures the units with their current values as their pages
// do (rollup: against their targets, else the sets in force), by unit ID.
func (f *Finder) results(ctx context.Context, units []*datchuan.Unit, today datchuan.Date, known map[int64][]*datchuan.Value) (map[int64][]rollup.UnitStatus, error) {
	vals := make(map[int64][]*datchuan.Value, len(units))
	var missing []int64
	for _, u := range units {
		if vs, ok := known[u.ID]; ok {
			vals[u.ID] = vs
		} else {
			missing = append(missing, u.ID)
		}
	}
	if len(missing) > 0 {
		vs, err := f.stores.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: missing})
		if err != nil {
			return nil, fmt.Errorf("values of assigned units: %w", err)
		}
		for _, v := range vs {
			vals[v.UnitID] = append(vals[v.UnitID], v)
		}
	}
	r := &rollup.Service{Tree: f.tree, Targets: f.stores.Targets, Values: f.stores.Values, Sets: f.sets, Today: today}
	return r.UnitsWith(ctx, units, today, vals)
}

// metBy reports whether the criterion (or indicator) of a is Met in the
// unit's result for a's set, and the day the last of its values was
// confirmed: the day it became met as it stands. A unit not measured on
// a's set (no target for it, not the set in force) is not met: the
// assignment then waits for its manual mark.
func metBy(results []rollup.UnitStatus, a *datchuan.Assignment) (bool, datchuan.Date) {
	for _, st := range results {
		if st.Result == nil || st.Result.SetID != a.SetID {
			continue
		}
		for _, c := range st.Result.Criteria {
			if c.Code != a.CriterionCode {
				continue
			}
			if a.IndicatorCode == "" {
				return met(c.Status, c.Indicators)
			}
			for _, ind := range c.Indicators {
				if ind.Code == a.IndicatorCode {
					return met(ind.Status, []status.IndicatorResult{ind})
				}
			}
		}
	}
	return false, datchuan.Date{}
}

// met is whether s is Met and, if so, the day, in Vietnam, of the latest
// confirmation among the values of inds.
func met(s status.Status, inds []status.IndicatorResult) (bool, datchuan.Date) {
	if s != status.Met {
		return false, datchuan.Date{}
	}
	var last time.Time
	for _, ind := range inds {
		if ind.Value != nil && ind.Value.ReviewedAt.After(last) {
			last = ind.Value.ReviewedAt
		}
	}
	if last.IsZero() {
		return true, datchuan.Date{} // confirmed values always carry their review time; imported ones may not
	}
	return true, datchuan.DateOf(last.In(datchuan.Vietnam()))
}
