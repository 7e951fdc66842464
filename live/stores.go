package live

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"github.com/datchuan/datchuan"
)

// Stores returns the database's services with the reads the model can
// answer — current values, targets, units — answered from memory. Use it
// for reading outside a transaction, after Sync; writes and every other
// read go to the database.
func (m *Model) Stores() datchuan.Stores {
	st := m.db
	st.Values = values{ValueService: m.db.Values, m: m}
	st.Targets = targets{TargetService: m.db.Targets, m: m}
	st.Units = units{UnitService: m.db.Units, m: m}
	return st
}

// values answers current values from memory.
type values struct {
	datchuan.ValueService
	m *Model
}

// Values answers f from memory when it asks for current values (no
// history, no IDs, and At zero or after every report and review of the
// units' current values, which is the same answer); else from the
// database. The values of a unit not asked for before are read first.
func (s values) Values(ctx context.Context, f datchuan.ValueFilter) ([]*datchuan.Value, error) {
	m := s.m
	m.mu.RLock()
	x, loaded := m.units, m.loads > 0
	m.mu.RUnlock()
	if !loaded || f.History || f.IDs != nil || f.Limit != 0 || f.BeforeID != 0 {
		return s.ValueService.Values(ctx, f)
	}
	ids := f.UnitIDs
	if ids == nil {
		ids = x.ids()
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if err := m.ensure(ctx, ids); err != nil {
		return nil, err
	}
	m.mu.RLock()
	earlier := false
	for _, id := range ids {
		// Asked as of a moment before a report or review of the unit's
		// current values: the dated values in the database answer.
		if !f.At.IsZero() && !f.At.After(m.stamp[id]) {
			earlier = true
			break
		}
	}
	if earlier {
		m.mu.RUnlock()
		return s.ValueService.Values(ctx, f)
	}
	out := []*datchuan.Value{}
	for _, id := range ids {
		cells := m.values[id]
		for i := range cells {
			c := &cells[i]
			if (f.SetID == "" || m.names.list[c.set] == f.SetID) && (f.IndicatorCode == "" || m.names.list[c.ind] == f.IndicatorCode) {
				out = append(out, m.value(c)) // a new Value: the caller may change it
			}
		}
	}
	m.mu.RUnlock()
	return out, nil
}

// targets answers a search of targets by unit (or of every target) from
// memory.
type targets struct {
	datchuan.TargetService
	m *Model
}

// FindTargets answers f from memory when it selects by units only.
func (s targets) FindTargets(ctx context.Context, f datchuan.TargetFilter) ([]*datchuan.Target, error) {
	m := s.m
	m.mu.RLock()
	defer m.mu.RUnlock()
	if f.SetID != "" || f.Year != 0 || m.loads == 0 {
		return s.TargetService.FindTargets(ctx, f)
	}
	ids := f.UnitIDs
	if ids == nil {
		ids = slices.Collect(maps.Keys(m.target))
	}
	out := []*datchuan.Target{}
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		for _, t := range m.target[id] {
			c := *t
			out = append(out, &c)
		}
	}
	// As the database orders them: by unit, set, ID.
	slices.SortFunc(out, func(a, b *datchuan.Target) int {
		return cmp.Or(cmp.Compare(a.UnitID, b.UnitID), cmp.Compare(a.SetID, b.SetID), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}
