// Package agenda draws up the agenda of a weekly steering-committee
// meeting from what the data says of the series' units: the criteria
// whose status changed since the previous held meeting, the assignments
// and member tasks past their deadline, and the obstacles still open,
// each marked when an earlier meeting had it on its agenda already.
//
// It computes nothing itself and does no I/O: the statuses come as two
// weekly.Index (then and now), the work as work.Finder made it, the
// obstacles from the register; the service gathers them.
package agenda

import (
	"cmp"
	"slices"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/weekly"
	"github.com/datchuan/datchuan/work"
)

// Input is what an agenda is drawn from.
type Input struct {
	At        time.Time     // when it is drawn: overdue and ages are counted on its day
	Since     datchuan.Date // the day the changes are counted from
	SinceHeld bool          // Since is the previous held meeting's day
	// Units are the units of the series' scope, in the order the agenda
	// lists them; anything of another unit is left out.
	Units       []*datchuan.Unit
	Before, Now weekly.Index
	Sets        datchuan.CriteriaCatalog
	Assignments []work.AssignmentItem // open assignments, as they stand on At's day
	Tasks       []*datchuan.Task      // open member tasks
	Obstacles   []*datchuan.Obstacle  // the open obstacles, oldest first
	Agencies    map[int64]string      // names of leads and owners, by agency
	People      map[int64]string      // names of members, by person
	// Held are the series' meetings held before this one, whose frozen
	// agendas say which obstacles are carried over.
	Held []*datchuan.Meeting
}

// Build draws the agenda of in.
func Build(in Input) *datchuan.Agenda {
	today := datchuan.DateOf(in.At.In(datchuan.Vietnam()))
	units := make(map[int64]int, len(in.Units))
	for i, u := range in.Units {
		units[u.ID] = i
	}
	return &datchuan.Agenda{
		At:        in.At,
		Since:     in.Since,
		SinceHeld: in.SinceHeld,
		Changes:   Changes(in.Units, in.Before, in.Now, in.Sets),
		Overdue:   overdue(in, today, units),
		Obstacles: obstacles(in, units),
	}
}

// Changes lists each status of the units that differs between before and
// now, by unit in order, then by set, the whole set before its criteria in
// their order. A status known only at one of the two moments (a unit not
// measured then) is no change.
func Changes(units []*datchuan.Unit, before, now weekly.Index, sets datchuan.CriteriaCatalog) []datchuan.AgendaChange {
	pos := make(map[int64]int, len(units))
	for i, u := range units {
		pos[u.ID] = i
	}
	var keys []weekly.Key
	for k, st := range now {
		was, ok := before[k]
		if _, in := pos[k.UnitID]; in && ok && was != st {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b weekly.Key) int {
		return cmp.Or(cmp.Compare(pos[a.UnitID], pos[b.UnitID]), cmp.Compare(a.SetID, b.SetID),
			cmp.Compare(place(sets, a.SetID, a.Criterion), place(sets, b.SetID, b.Criterion)))
	})
	out := make([]datchuan.AgendaChange, 0, len(keys))
	for _, k := range keys {
		u := units[pos[k.UnitID]]
		out = append(out, datchuan.AgendaChange{UnitID: u.ID, Unit: u.Name, SetID: k.SetID, Criterion: k.Criterion,
			Name: datchuan.CriterionName(sets, k.SetID, k.Criterion), Before: string(before[k]), Now: string(now[k])})
	}
	return out
}

// place orders the criteria of a set: the whole set (code "") first, then
// its criteria in the set's order, unknown ones last.
func place(sets datchuan.CriteriaCatalog, setID, code string) int {
	if code == "" {
		return -1
	}
	if cs, err := sets.Set(setID); err == nil {
		for i, c := range cs.Criteria {
			if c.Code == code {
				return i
			}
		}
	}
	return 1 << 30
}

// overdue lists the late assignments (not done, not met by their result)
// and the open tasks past their due date, the longest overdue first.
func overdue(in Input, today datchuan.Date, units map[int64]int) []datchuan.AgendaOverdue {
	var out []datchuan.AgendaOverdue
	for _, a := range in.Assignments {
		if _, ok := units[a.UnitID]; !ok || !a.Late {
			continue
		}
		out = append(out, datchuan.AgendaOverdue{Kind: datchuan.OverdueAssignment, ID: a.ID, UnitID: a.UnitID,
			Unit: in.Units[units[a.UnitID]].Name, Title: workTitle(in.Sets, a.Assignment),
			Owner: in.Agencies[a.LeadID], Due: a.Deadline, Late: days(a.Deadline, today)})
	}
	for _, t := range in.Tasks {
		if _, ok := units[t.UnitID]; !ok || !work.TaskOverdue(t, today) {
			continue
		}
		out = append(out, datchuan.AgendaOverdue{Kind: datchuan.OverdueTask, ID: t.ID, UnitID: t.UnitID,
			Unit: in.Units[units[t.UnitID]].Name, Title: t.Title, Owner: in.People[t.AssigneeID], Due: t.Due, Late: days(t.Due, today)})
	}
	slices.SortStableFunc(out, func(a, b datchuan.AgendaOverdue) int {
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(units[a.UnitID], units[b.UnitID]), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// workTitle names what an assignment is about: "Tiêu chí 1. Quy hoạch",
// or "Chỉ tiêu 17.2 …" for one indicator.
func workTitle(sets datchuan.CriteriaCatalog, a *datchuan.Assignment) string {
	if a.IndicatorCode != "" {
		if cs, err := sets.Set(a.SetID); err == nil {
			if ind, _ := cs.Indicator(a.IndicatorCode); ind != nil {
				return "Chỉ tiêu " + ind.Code + " " + ind.NameVi
			}
		}
		return "Chỉ tiêu " + a.IndicatorCode
	}
	return "Tiêu chí " + a.CriterionCode + ". " + datchuan.CriterionName(sets, a.SetID, a.CriterionCode)
}

// days is how many days day is after due.
func days(due, day datchuan.Date) int {
	return int(day.Time(time.UTC).Sub(due.Time(time.UTC)) / (24 * time.Hour))
}

// obstacles lists the open obstacles of the units, in the register's
// order, each with its age and, when earlier held meetings had it on
// their agenda (or raised it), the first such meeting's day and how many
// there were.
func obstacles(in Input, units map[int64]int) []datchuan.AgendaObstacle {
	var out []datchuan.AgendaObstacle
	for _, o := range in.Obstacles {
		if _, ok := units[o.UnitID]; !ok || !o.State.Open() {
			continue
		}
		row := datchuan.AgendaObstacle{ID: o.ID, UnitID: o.UnitID, Unit: in.Units[units[o.UnitID]].Name, Title: o.Title,
			Owner: in.Agencies[o.OwnerID], State: o.State, RaisedAt: o.RaisedAt, Age: o.Age(in.At), Due: o.Due}
		if o.CriterionCode != "" {
			row.Criterion = o.CriterionCode + ". " + datchuan.CriterionName(in.Sets, o.SetID, o.CriterionCode)
		}
		for _, m := range in.Held {
			raisedThere := o.Source == datchuan.FromMeeting && o.SourceID == m.ID
			if m.State != datchuan.MeetingHeld || !m.Agenda.Has(o.ID) && !raisedThere {
				continue
			}
			row.Carried++
			if day := m.Day(); row.CarriedFrom.IsZero() || day.Before(row.CarriedFrom) {
				row.CarriedFrom = day
			}
		}
		out = append(out, row)
	}
	return out
}
