// Package weekly turns the status of a plan's units at two moments — now
// and the previous round — into what a weekly report and the synthesis
// for the steering committee say: each criterion a reporter leads or
// covers, how many of its units meet it now and did then, which met it
// this week, and which still do not.
//
// It computes nothing itself: the statuses come from the rollup (now, or
// a past date) or from the snapshots a closed round kept, as an Index.
package weekly

import (
	"cmp"
	"slices"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
)

// Key names one status: a unit against one criterion of a set, or against
// the whole set (Criterion "").
type Key struct {
	UnitID    int64
	SetID     string
	Criterion string
}

// Index is the statuses known at one moment. A key that is missing has no
// status (the unit was not measured on that set then).
type Index map[Key]status.Status

// Met reports whether the key's status is met.
func (x Index) Met(k Key) bool { return x[k] == status.Met }

// Add indexes one unit's result: the whole set and each criterion.
func (x Index) Add(r *status.UnitResult) {
	if r == nil || r.SetID == "" {
		return
	}
	whole := status.NotMet
	if r.Meets {
		whole = status.Met
	}
	x[Key{r.UnitID, r.SetID, ""}] = whole
	for _, c := range r.Criteria {
		x[Key{r.UnitID, r.SetID, c.Code}] = c.Status
	}
}

// AddDistrict indexes a district's rollup: its own result (the whole set
// met only when every condition is met too) and each of its communes on
// each tier it was measured on.
func (x Index) AddDistrict(d *rollup.DistrictStatus) {
	if d.Result != nil {
		x.Add(&d.Result.Unit)
		if d.Result.Unit.SetID != "" {
			whole := status.NotMet
			if d.Result.Meets {
				whole = status.Met
			}
			x[Key{d.Unit.ID, d.Result.Unit.SetID, ""}] = whole
		}
	}
	for _, c := range d.Communes {
		for _, tier := range sortedTiers(c.Results) {
			r := c.Results[tier]
			x.Add(&r)
		}
	}
}

func sortedTiers(m map[datchuan.Tier]status.UnitResult) []datchuan.Tier {
	out := make([]datchuan.Tier, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// FromSnapshots indexes the statuses a closed round kept.
func FromSnapshots(rows []datchuan.Snapshot) Index {
	x := Index{}
	for _, r := range rows {
		x[Key{r.UnitID, r.SetID, r.CriterionCode}] = status.Status(r.Status)
	}
	return x
}

// Snapshots lists the index as rows of a round, in a stable order.
func (x Index) Snapshots(roundID int64) []datchuan.Snapshot {
	out := make([]datchuan.Snapshot, 0, len(x))
	for k, s := range x {
		out = append(out, datchuan.Snapshot{RoundID: roundID, UnitID: k.UnitID, SetID: k.SetID, CriterionCode: k.Criterion, Status: string(s)})
	}
	slices.SortFunc(out, func(a, b datchuan.Snapshot) int {
		return cmp.Or(cmp.Compare(a.UnitID, b.UnitID), cmp.Compare(a.SetID, b.SetID), cmp.Compare(a.CriterionCode, b.CriterionCode))
	})
	return out
}

// Scope is a criterion of a set over the units a reporter answers for:
// those a department's assignments give it, or a district and its
// communes for the district's committee.
type Scope struct {
	SetID     string
	Criterion string // "" for the whole set: the units meeting the standard
	Name      string // the criterion's name, for people
	Units     []*datchuan.Unit
}

// Line is what a report or the synthesis says of one Scope.
type Line struct {
	Scope
	MetNow, MetBefore int              // units meeting it now, and at the previous round
	Known             int              // units with a status now
	NewlyMet          []*datchuan.Unit // met now, not at the previous round
	NotMet            []*datchuan.Unit // not met now
	Lost              []*datchuan.Unit // met at the previous round, not now
}

// Measure says of each scope what the two indexes tell.
func Measure(scopes []Scope, now, before Index) []Line {
	out := make([]Line, 0, len(scopes))
	for _, sc := range scopes {
		l := Line{Scope: sc}
		for _, u := range sc.Units {
			k := Key{u.ID, sc.SetID, sc.Criterion}
			if _, ok := now[k]; ok {
				l.Known++
			}
			nowMet, wasMet := now.Met(k), before.Met(k)
			switch {
			case nowMet && !wasMet:
				l.NewlyMet = append(l.NewlyMet, u)
			case !nowMet && wasMet:
				l.Lost = append(l.Lost, u)
			}
			if nowMet {
				l.MetNow++
			} else {
				l.NotMet = append(l.NotMet, u)
			}
			if wasMet {
				l.MetBefore++
			}
		}
		out = append(out, l)
	}
	return out
}

// AssignedScopes are the scopes of a department: one per criterion of the
// plan's assignments it leads, over the units of those assignments, in
// the order of the criteria in their sets. units names each unit by ID;
// an assignment of a unit it lacks is skipped.
func AssignedScopes(as []*datchuan.Assignment, lead int64, units map[int64]*datchuan.Unit, sets datchuan.CriteriaCatalog) []Scope {
	type crit struct{ set, code string }
	byCrit := map[crit][]*datchuan.Unit{}
	seen := map[crit]map[int64]bool{}
	var order []crit
	for _, a := range as {
		u := units[a.UnitID]
		if a.LeadID != lead || u == nil {
			continue
		}
		c := crit{a.SetID, a.CriterionCode}
		if seen[c] == nil {
			seen[c] = map[int64]bool{}
			order = append(order, c)
		}
		if !seen[c][u.ID] {
			seen[c][u.ID] = true
			byCrit[c] = append(byCrit[c], u)
		}
	}
	out := make([]Scope, 0, len(order))
	for _, c := range order {
		out = append(out, Scope{SetID: c.set, Criterion: c.code, Name: datchuan.CriterionName(sets, c.set, c.code), Units: byCrit[c]})
	}
	slices.SortStableFunc(out, func(a, b Scope) int {
		return cmp.Or(cmp.Compare(a.SetID, b.SetID), cmp.Compare(position(sets, a.SetID, a.Criterion), position(sets, b.SetID, b.Criterion)))
	})
	return out
}

// position is the place of a criterion in its set (unknown ones last).
func position(sets datchuan.CriteriaCatalog, setID, code string) int {
	if cs, err := sets.Set(setID); err == nil {
		for i, c := range cs.Criteria {
			if c.Code == code {
				return i
			}
		}
	}
	return 1 << 30
}

// DistrictScopes are the scopes of a district's committee: the district
// on the whole district set and on each of its criteria, then its communes
// on the whole commune set and on each of its criteria.
func DistrictScopes(d *rollup.DistrictStatus, sets datchuan.CriteriaCatalog) []Scope {
	var out []Scope
	if d.Set != nil {
		out = append(out, setScopes(sets, d.Set.ID, []*datchuan.Unit{d.Unit})...)
	}
	communes := map[string][]*datchuan.Unit{}
	var setIDs []string
	for _, c := range d.Communes {
		for _, tier := range sortedTiers(c.Results) {
			id := c.Results[tier].SetID
			if id == "" {
				continue
			}
			if communes[id] == nil {
				setIDs = append(setIDs, id)
			}
			communes[id] = append(communes[id], c.Unit)
		}
	}
	for _, id := range setIDs {
		out = append(out, setScopes(sets, id, communes[id])...)
	}
	return out
}

// setScopes is the whole set and each of its criteria over units.
func setScopes(sets datchuan.CriteriaCatalog, setID string, units []*datchuan.Unit) []Scope {
	cs, err := sets.Set(setID)
	if err != nil {
		return nil
	}
	out := []Scope{{SetID: setID, Name: cs.NameVi, Units: units}}
	for _, c := range cs.Criteria {
		out = append(out, Scope{SetID: setID, Criterion: c.Code, Name: c.NameVi, Units: units})
	}
	return out
}
