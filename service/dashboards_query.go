package service

import (
	"context"

	"github.com/datchuan/datchuan"
)

// The read-side questions of the dashboards and the JSON API that are more
// than one store call: which units and agencies a caller may be sent.

// Listable reports whether u may appear in what the caller is sent: any
// unit for a caller who looks up units anywhere (an administrator, who
// gives roles anywhere), else the units they read.
func (s *Service) Listable(ctx context.Context, c Caller, u *datchuan.Unit) (bool, error) {
	if c.ListsAllUnits() {
		return true, nil
	}
	return s.Readable(ctx, c, u)
}

// PageDay is the day a page shows a unit version on when no date is
// asked (datchuan.Unit.ViewDay on the service's today).
func (s *Service) PageDay(u *datchuan.Unit) datchuan.Date { return u.ViewDay(s.Today()) }

// LinkedUnit is a unit a version was formed from or went into.
type LinkedUnit struct {
	Kind datchuan.LinkKind `json:"kind"`
	On   datchuan.Date     `json:"on"`
	Unit *datchuan.Unit    `json:"unit"`
}

// UnitVersion is one version of a code with what it was formed from and
// went into.
type UnitVersion struct {
	*datchuan.Unit
	FormedFrom []LinkedUnit `json:"formed_from"`
	WentInto   []LinkedUnit `json:"went_into"`
}

// UnitVersions returns the versions of a code (the one in force on `on`
// when on is not zero) that the caller may be sent, each with the linked
// units the caller may be sent. A code with versions, none of which the
// caller may see, is refused rather than answered with an empty list, so
// that "not yours" and "not there" stay apart.
func (s *Service) UnitVersions(ctx context.Context, c Caller, code string, on datchuan.Date) ([]UnitVersion, error) {
	f := datchuan.UnitFilter{Code: code, On: on}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	units, err := s.cfg.Stores.Units.FindUnits(ctx, f)
	if err != nil {
		return nil, err
	}
	if len(units) == 0 {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có đơn vị mã %s (no such unit)", code)
	}
	out := make([]UnitVersion, 0, len(units))
	for _, u := range units {
		ok, err := s.Listable(ctx, c, u)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		from, into, err := s.cfg.Stores.Units.UnitLinks(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		v := UnitVersion{Unit: u, FormedFrom: []LinkedUnit{}, WentInto: []LinkedUnit{}}
		for _, l := range from {
			if v.FormedFrom, err = s.addLinked(ctx, c, v.FormedFrom, l, l.FromID); err != nil {
				return nil, err
			}
		}
		for _, l := range into {
			if v.WentInto, err = s.addLinked(ctx, c, v.WentInto, l, l.ToID); err != nil {
				return nil, err
			}
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		// The path of a unit the caller may not read: CheckRead says why
		// (a path cut short by missing records is refused as well).
		p, _ := c.Tree.Path(ctx, units[0])
		if err := c.CheckRead(p); err != nil {
			return nil, err
		}
		return nil, c.CheckRead(datchuan.UnitPath{})
	}
	return out, nil
}

// addLinked appends the unit id of link l when the caller may be sent it.
func (s *Service) addLinked(ctx context.Context, c Caller, to []LinkedUnit, l datchuan.UnitLink, id int64) ([]LinkedUnit, error) {
	o, err := c.Tree.Unit(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.Listable(ctx, c, o)
	if err != nil || !ok {
		return to, err
	}
	return append(to, LinkedUnit{Kind: l.Kind, On: l.On, Unit: o}), nil
}

// VisibleAgencies returns the agencies f selects that the caller may be
// sent: all of them for an administrator (who attaches people to
// agencies anywhere), else those of the provinces the caller works in.
func (s *Service) VisibleAgencies(ctx context.Context, c Caller, f datchuan.AgencyFilter) ([]*datchuan.Agency, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	as, err := s.cfg.Stores.Agencies.FindAgencies(ctx, f)
	if err != nil {
		return nil, err
	}
	if c.Admin() {
		return as, nil
	}
	out := []*datchuan.Agency{}
	for _, a := range as {
		_, p, err := c.Tree.Place(ctx, a.UnitID)
		if err != nil {
			return nil, err
		}
		if c.InProvince(p.Province) {
			out = append(out, a)
		}
	}
	return out, nil
}
