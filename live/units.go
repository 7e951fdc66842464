package live

import (
	"context"
	"iter"
	"maps"
	"slices"

	"github.com/datchuan/datchuan"
)

// unitIndex is every unit version, as the database orders them (by code,
// then by the start of validity, open start first), with the lookups the
// unit tree asks for.
type unitIndex struct {
	all      []*datchuan.Unit
	byID     map[int64]*datchuan.Unit
	byCode   map[string][]*datchuan.Unit
	byParent map[string][]*datchuan.Unit
}

func newUnitIndex(list []*datchuan.Unit) *unitIndex {
	x := &unitIndex{all: list, byID: make(map[int64]*datchuan.Unit, len(list)),
		byCode: map[string][]*datchuan.Unit{}, byParent: map[string][]*datchuan.Unit{}}
	for _, u := range list {
		x.byID[u.ID] = u
		x.byCode[u.Code] = append(x.byCode[u.Code], u)
		x.byParent[u.ParentCode] = append(x.byParent[u.ParentCode], u)
	}
	return x
}

// ids is every unit's ID, by code.
func (x *unitIndex) ids() []int64 {
	out := make([]int64, len(x.all))
	for i, u := range x.all {
		out[i] = u.ID
	}
	return out
}

// units answers searches of units by ID, code, level, parent and date from
// memory; a name search goes to the database.
type units struct {
	datchuan.UnitService
	m *Model
}

// FindUnits answers f as the database does (sqldb.UnitService.FindUnits).
func (s units) FindUnits(ctx context.Context, f datchuan.UnitFilter) ([]*datchuan.Unit, error) {
	s.m.mu.RLock()
	x := s.m.units
	s.m.mu.RUnlock()
	if f.Query != "" || x == nil {
		return s.UnitService.FindUnits(ctx, f)
	}
	out := []*datchuan.Unit{}
	sel := selectorOf(f)
	for _, u := range x.candidates(f) {
		if sel.matches(u) {
			c := *u
			out = append(out, &c)
			if f.Limit > 0 && len(out) == f.Limit {
				break
			}
		}
	}
	return out, nil
}

// candidates narrows the search by its most selective field, keeping the
// index's order.
func (x *unitIndex) candidates(f datchuan.UnitFilter) []*datchuan.Unit {
	switch {
	case f.Code != "":
		return x.byCode[f.Code]
	case f.ParentCode != "":
		return x.byParent[f.ParentCode]
	case f.IDs != nil && len(f.IDs) < len(x.all)/8:
		return x.inOrder(func(yield func(*datchuan.Unit) bool) {
			for _, id := range f.IDs {
				if u := x.byID[id]; u != nil && !yield(u) {
					return
				}
			}
		})
	case f.Codes != nil:
		return x.inOrder(func(yield func(*datchuan.Unit) bool) {
			for _, c := range f.Codes {
				for _, u := range x.byCode[c] {
					if !yield(u) {
						return
					}
				}
			}
		})
	}
	return x.all
}

// inOrder collects the units of seq once each, in the index's order.
func (x *unitIndex) inOrder(seq iter.Seq[*datchuan.Unit]) []*datchuan.Unit {
	seen := map[int64]*datchuan.Unit{}
	for u := range seq {
		seen[u.ID] = u
	}
	out := slices.Collect(maps.Values(seen))
	slices.SortFunc(out, func(a, b *datchuan.Unit) int { return compareUnits(a, b) })
	return out
}

// compareUnits is the database's order: code, start of validity (open
// first), ID.
func compareUnits(a, b *datchuan.Unit) int {
	if a.Code != b.Code {
		if a.Code < b.Code {
			return -1
		}
		return 1
	}
	switch {
	case a.ValidFrom.IsZero() != b.ValidFrom.IsZero():
		if a.ValidFrom.IsZero() {
			return -1
		}
		return 1
	case a.ValidFrom != b.ValidFrom:
		return a.ValidFrom.Compare(b.ValidFrom)
	}
	switch {
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}

// selector is a filter with its lists as sets, so that a search by many
// IDs costs one lookup per unit.
type selector struct {
	f                  datchuan.UnitFilter
	ids                map[int64]bool
	codes, parentCodes map[string]bool
}

func selectorOf(f datchuan.UnitFilter) selector {
	return selector{f: f, ids: setOf(f.IDs), codes: setOf(f.Codes), parentCodes: setOf(f.ParentCodes)}
}

// setOf is the list as a set; nil for a nil list (which does not filter).
func setOf[T comparable](list []T) map[T]bool {
	if list == nil {
		return nil
	}
	out := make(map[T]bool, len(list))
	for _, x := range list {
		out[x] = true
	}
	return out
}

// matches reports whether u is what the filter selects.
func (s selector) matches(u *datchuan.Unit) bool {
	f := s.f
	switch {
	case s.ids != nil && !s.ids[u.ID],
		f.Code != "" && u.Code != f.Code,
		s.codes != nil && !s.codes[u.Code],
		f.Level != "" && u.Level != f.Level,
		f.ParentCode != "" && u.ParentCode != f.ParentCode,
		s.parentCodes != nil && !s.parentCodes[u.ParentCode]:
		return false
	}
	return f.On.IsZero() || inForce(u, f.On)
}

// inForce reports whether u is in force on d: valid from (inclusive) to
// (exclusive).
func inForce(u *datchuan.Unit, d datchuan.Date) bool {
	return (u.ValidFrom.IsZero() || !d.Before(u.ValidFrom)) && (u.ValidTo.IsZero() || d.Before(u.ValidTo))
}
