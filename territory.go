package datchuan

import (
	"context"
	"fmt"
	"sort"
)

// Territory answers "the units of X on date d" even when X no longer exists:
// for a unit in force on d it returns its children in force on d; for a unit
// closed before d it takes its children on its last day and follows where
// each went ("formed from" links, through any number of reorganisations) to
// the units in force on d. "The units of Trà Vinh on 01/07/2025" are thus
// the communes of Tỉnh Vĩnh Long formed from Trà Vinh's communes. The result
// is sorted by code and has no duplicates.
func Territory(ctx context.Context, units UnitService, u *Unit, d Date) ([]*Unit, error) {
	if u.ValidOn(d) {
		return children(ctx, units, u, d)
	}
	if !u.ValidTo.IsZero() && u.ValidTo.Compare(d) > 0 {
		return nil, Errorf(EINVALID, "%s chưa tồn tại vào ngày %s (the unit did not exist yet)", u.Name, d.VN())
	}
	kids, err := children(ctx, units, u, u.LastDay())
	if err != nil {
		return nil, err
	}
	if len(kids) == 0 {
		kids = []*Unit{u} // a commune: follow the unit itself
	}
	found := map[int64]*Unit{}
	seen := map[int64]bool{}
	queue := kids
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if seen[cur.ID] {
			continue
		}
		seen[cur.ID] = true
		if cur.ValidOn(d) {
			found[cur.ID] = cur
			continue
		}
		_, into, err := units.UnitLinks(ctx, cur.ID)
		if err != nil {
			return nil, fmt.Errorf("territory of %s: %w", u.Code, err)
		}
		for _, l := range into {
			next, err := units.Unit(ctx, l.ToID)
			if err != nil {
				return nil, fmt.Errorf("territory of %s: %w", u.Code, err)
			}
			if next.ValidFrom.Compare(d) <= 0 || next.ValidFrom.IsZero() {
				queue = append(queue, next)
			}
		}
	}
	out := make([]*Unit, 0, len(found))
	for _, v := range found {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// children returns the commune-level (or, for a province, district-level
// and commune-level) units directly under u on d.
func children(ctx context.Context, units UnitService, u *Unit, d Date) ([]*Unit, error) {
	if u.Level == LevelCommune {
		return nil, nil
	}
	all, err := units.FindUnits(ctx, UnitFilter{ParentCode: u.Code, On: d})
	if err != nil {
		return nil, fmt.Errorf("units under %s: %w", u.Code, err)
	}
	var out, districts []*Unit
	for _, c := range all {
		switch {
		case c.Level == LevelCommune:
			out = append(out, c)
		case c.Level == LevelDistrict && u.Level == LevelProvince:
			districts = append(districts, c)
		}
	}
	for _, dist := range districts {
		sub, err := children(ctx, units, dist, d)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	return out, nil
}
