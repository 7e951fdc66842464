package datchuan

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Hierarchy is the one place that walks the administrative tree: a unit's
// parent, its path of codes, its children, the units within a scope, the
// territory of a unit that no longer exists. Units are versions in time
// (codes are reused after mergers), so every question names its date.
//
// UnitTree implements it over the unit store with a cache for one request
// or one job run; a process-wide read model can implement it later.
type Hierarchy interface {
	// Unit returns the unit version with the given ID, or ENOTFOUND.
	Unit(ctx context.Context, id int64) (*Unit, error)
	// Resolve finds the version of code at level in force on `on`. With a
	// zero date it takes the version in force today (else the last one
	// that began before today) and returns the day to look at it: today,
	// or the last day of a unit since gone.
	Resolve(ctx context.Context, level Level, code string, on Date) (*Unit, Date, error)
	// Parent returns the unit above u as it was on `on` (on u's own dates
	// when on is zero); nil for a province.
	Parent(ctx context.Context, u *Unit, on Date) (*Unit, error)
	// Path places u in the tree by codes.
	Path(ctx context.Context, u *Unit) (UnitPath, error)
	// Children returns the units directly under u on `on`, by code.
	Children(ctx context.Context, u *Unit, on Date) ([]*Unit, error)
	// Communes returns the commune-level units below u on `on`: its own,
	// and for a province those of its districts.
	Communes(ctx context.Context, u *Unit, on Date) ([]*Unit, error)
	// InScope returns the unit of a scope and every unit under it, as
	// they stand on today (a scope unit since gone: on its last day).
	InScope(ctx context.Context, scope UnitPath, today Date) ([]*Unit, error)
	// Territory answers "the units of u on d" even when u no longer
	// exists on d (see UnitTree.Territory).
	Territory(ctx context.Context, u *Unit, d Date) ([]*Unit, error)
}

// UnitTree is a Hierarchy over a UnitService. It remembers what it looked
// up, so one tree serves one request or one job run: the communes of a
// district all ask for the same parent, and a list of hundreds of units
// would otherwise ask hundreds of times.
type UnitTree struct {
	units    UnitService
	now      func() time.Time
	byID     map[int64]*Unit
	versions map[UnitKey][]*Unit // every version of a code, in validity order
	above    map[string][]*Unit  // the versions of a parent code above the commune level
	kids     map[string][]*Unit  // children by parent code and date
	paths    map[int64]UnitPath
}

var _ Hierarchy = (*UnitTree)(nil)

// NewUnitTree returns a tree over units; now says what "today" is.
func NewUnitTree(units UnitService, now func() time.Time) *UnitTree {
	if now == nil {
		now = time.Now
	}
	return &UnitTree{units: units, now: now, byID: map[int64]*Unit{}, versions: map[UnitKey][]*Unit{},
		above: map[string][]*Unit{}, kids: map[string][]*Unit{}, paths: map[int64]UnitPath{}}
}

// Units returns the store the tree reads.
func (t *UnitTree) Units() UnitService { return t.units }

// Today is the date in Vietnam on the tree's clock.
func (t *UnitTree) Today() Date { return Today(t.now) }

func (t *UnitTree) remember(us []*Unit) {
	for _, u := range us {
		t.byID[u.ID] = u
	}
}

// Unit returns the unit version with the given ID.
func (t *UnitTree) Unit(ctx context.Context, id int64) (*Unit, error) {
	if u, ok := t.byID[id]; ok {
		return u, nil
	}
	u, err := t.units.Unit(ctx, id)
	if err != nil {
		return nil, err
	}
	t.byID[id] = u
	return u, nil
}

// Place returns the unit version with the given ID and its path: where
// most questions about a stored thing's unit start.
func (t *UnitTree) Place(ctx context.Context, id int64) (*Unit, UnitPath, error) {
	u, err := t.Unit(ctx, id)
	if err != nil {
		return nil, UnitPath{}, err
	}
	p, err := t.Path(ctx, u)
	return u, p, err
}

// Versions returns every version of a code at a level, in validity order.
func (t *UnitTree) Versions(ctx context.Context, level Level, code string) ([]*Unit, error) {
	k := UnitKey{level, code}
	if vs, ok := t.versions[k]; ok {
		return vs, nil
	}
	f := UnitFilter{Code: code, Level: level}
	if err := f.Validate(); err != nil {
		return nil, err // a code from a path with a NUL byte, say: no store need see it
	}
	vs, err := t.units.FindUnits(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("versions of unit %s: %w", code, err)
	}
	t.remember(vs)
	t.versions[k] = vs
	return vs, nil
}

// Resolve finds the version of a code in force on a date (see Hierarchy).
func (t *UnitTree) Resolve(ctx context.Context, level Level, code string, on Date) (*Unit, Date, error) {
	vs, err := t.Versions(ctx, level, code)
	if err != nil {
		return nil, on, err
	}
	if !on.IsZero() {
		for i := len(vs) - 1; i >= 0; i-- {
			if vs[i].ValidOn(on) {
				return vs[i], on, nil
			}
		}
		return nil, on, Errorf(ENOTFOUND, "Không có đơn vị mã %s vào ngày %s (no unit with this code on that date)", code, on.VN())
	}
	if len(vs) == 0 {
		return nil, on, Errorf(ENOTFOUND, "Không có đơn vị mã %s (no unit with this code)", code)
	}
	on = t.Today()
	u := vs[len(vs)-1]
	if v := VersionOn(vs, on); v != nil {
		u = v
	}
	if !u.ValidTo.IsZero() && !on.Before(u.ValidTo) {
		on = u.LastDay()
	}
	return u, on, nil
}

// Parent returns the unit above u as it was on `on` (see Hierarchy).
func (t *UnitTree) Parent(ctx context.Context, u *Unit, on Date) (*Unit, error) {
	if u.ParentCode == "" {
		return nil, nil
	}
	if on.IsZero() {
		on = u.ValidFrom
		if on.IsZero() {
			on = u.LastDay()
		}
	}
	vs, ok := t.above[u.ParentCode]
	if !ok {
		all, err := t.units.FindUnits(ctx, UnitFilter{Code: u.ParentCode})
		if err != nil {
			return nil, fmt.Errorf("parent of unit %s: %w", u.Code, err)
		}
		t.remember(all)
		for _, x := range all {
			if x.Level != LevelCommune {
				vs = append(vs, x)
			}
		}
		t.above[u.ParentCode] = vs
	}
	var parent *Unit
	for _, x := range vs { // the latest version in force on `on`
		if on.IsZero() || x.ValidOn(on) {
			parent = x
		}
	}
	if parent == nil {
		return nil, Errorf(EINTERNAL, "không tìm thấy đơn vị cấp trên %s của %s (parent not found)", u.ParentCode, u.Code)
	}
	return parent, nil
}

// Path returns the codes of u and the units above it, as they were while u
// was in force.
func (t *UnitTree) Path(ctx context.Context, u *Unit) (UnitPath, error) {
	if p, ok := t.paths[u.ID]; ok {
		return p, nil
	}
	var p UnitPath
	cur := u
	for range 3 {
		switch cur.Level {
		case LevelProvince:
			p.Province = cur.Code
			t.paths[u.ID] = p
			return p, nil
		case LevelDistrict:
			p.District = cur.Code
		case LevelCommune:
			p.Commune = cur.Code
		}
		if cur.ParentCode == "" {
			return p, Errorf(EINTERNAL, "đơn vị %s không có đơn vị cấp trên (unit has no parent)", cur.Code)
		}
		next, err := t.Parent(ctx, cur, Date{})
		if err != nil {
			return p, err
		}
		cur = next
	}
	return p, Errorf(EINTERNAL, "đơn vị %s: cây hành chính quá sâu (hierarchy too deep)", u.Code)
}

// Children returns the units directly under u on `on`: for a province its
// districts and the communes directly under it, for a district its
// communes.
func (t *UnitTree) Children(ctx context.Context, u *Unit, on Date) ([]*Unit, error) {
	if u.Level == LevelCommune {
		return nil, nil
	}
	k := u.Code + "|" + on.String()
	if kids, ok := t.kids[k]; ok {
		return filterLevel(kids, u.Level), nil
	}
	kids, err := t.units.FindUnits(ctx, UnitFilter{ParentCode: u.Code, On: on})
	if err != nil {
		return nil, fmt.Errorf("units under %s: %w", u.Code, err)
	}
	t.remember(kids)
	t.kids[k] = kids
	return filterLevel(kids, u.Level), nil
}

// filterLevel keeps the units that can be children of a unit of the
// level: a district code could equal a province code of another level.
func filterLevel(units []*Unit, parent Level) []*Unit {
	out := make([]*Unit, 0, len(units))
	for _, u := range units {
		if parent == LevelProvince && (u.Level == LevelDistrict || u.Level == LevelCommune) ||
			parent == LevelDistrict && u.Level == LevelCommune {
			out = append(out, u)
		}
	}
	return out
}

// Communes returns the commune-level units below u on `on`.
func (t *UnitTree) Communes(ctx context.Context, u *Unit, on Date) ([]*Unit, error) {
	kids, err := t.Children(ctx, u, on)
	if err != nil {
		return nil, err
	}
	var out []*Unit
	for _, k := range kids {
		if k.Level == LevelCommune {
			out = append(out, k)
			continue
		}
		sub, err := t.Communes(ctx, k, on)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	return out, nil
}

// InScope returns the unit of the scope and every unit under it, on today
// or, for a scope unit since gone, on its last day.
func (t *UnitTree) InScope(ctx context.Context, scope UnitPath, today Date) ([]*Unit, error) {
	level, code := scope.Unit()
	vs, err := t.Versions(ctx, level, code)
	if err != nil {
		return nil, err
	}
	u := VersionOn(vs, today)
	if u == nil {
		return nil, Errorf(ENOTFOUND, "Không có đơn vị mã %s (no unit with this code)", code)
	}
	on := today
	if !u.ValidTo.IsZero() && !on.Before(u.ValidTo) {
		on = u.LastDay()
	}
	out := []*Unit{u}
	for i := 0; i < len(out); i++ {
		kids, err := t.Children(ctx, out[i], on)
		if err != nil {
			return nil, err
		}
		out = append(out, kids...)
	}
	return out, nil
}

// Territory answers "the units of u on date d" even when u no longer
// exists on d: for a unit in force on d it returns the commune-level units
// under it on d; for a unit closed before d it takes those units on its
// last day and follows where each went ("formed from" links, through any
// number of reorganisations) to the units in force on d. "The units of Trà
// Vinh on 01/07/2025" are thus the communes of Tỉnh Vĩnh Long formed from
// Trà Vinh's communes. The result is sorted by code, without duplicates.
func (t *UnitTree) Territory(ctx context.Context, u *Unit, d Date) ([]*Unit, error) {
	if u.ValidOn(d) {
		return t.Communes(ctx, u, d)
	}
	if !u.ValidTo.IsZero() && u.ValidTo.Compare(d) > 0 {
		return nil, Errorf(EINVALID, "%s chưa tồn tại vào ngày %s (the unit did not exist yet)", u.Name, d.VN())
	}
	queue, err := t.Communes(ctx, u, u.LastDay())
	if err != nil {
		return nil, err
	}
	if len(queue) == 0 {
		queue = []*Unit{u} // a commune: follow the unit itself
	}
	found := map[int64]*Unit{}
	seen := map[int64]bool{}
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
		next, err := t.successors(ctx, cur, d)
		if err != nil {
			return nil, fmt.Errorf("territory of %s: %w", u.Code, err)
		}
		queue = append(queue, next...)
	}
	out := make([]*Unit, 0, len(found))
	for _, v := range found {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// successors returns the units that u went into which had begun by d.
func (t *UnitTree) successors(ctx context.Context, u *Unit, d Date) ([]*Unit, error) {
	_, into, err := t.units.UnitLinks(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []*Unit
	for _, l := range into {
		next, err := t.Unit(ctx, l.ToID)
		if err != nil {
			return nil, err
		}
		if next.ValidFrom.IsZero() || next.ValidFrom.Compare(d) <= 0 {
			out = append(out, next)
		}
	}
	return out, nil
}
