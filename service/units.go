package service

import (
	"context"
	"slices"
	"strings"

	"github.com/datchuan/datchuan"
)

// Readable reports whether the caller reads u. A unit whose parents are
// missing from the records is not readable (no scope could hold it).
func (s *Service) Readable(ctx context.Context, c Caller, u *datchuan.Unit) (bool, error) {
	p, err := c.Tree.Path(ctx, u)
	switch datchuan.ErrorCode(err) {
	case "":
		return c.CanRead(p), nil
	case datchuan.EINTERNAL:
		if _, ok := err.(*datchuan.Error); ok {
			return false, nil
		}
	}
	return false, err
}

// ReadableParent returns the unit above u as it was on `on` when the
// caller reads it, else nil: pages link up only where the link works.
func (s *Service) ReadableParent(ctx context.Context, c Caller, u *datchuan.Unit, on datchuan.Date) (*datchuan.Unit, error) {
	parent, err := c.Tree.Parent(ctx, u, on)
	if err != nil || parent == nil {
		return nil, err
	}
	ok, err := s.Readable(ctx, c, parent)
	if !ok || err != nil {
		return nil, err
	}
	return parent, nil
}

// scopeFilters narrows f to the units of one scope: the scope's own unit,
// and the units directly under it or under its districts (at any date).
func (s *Service) scopeFilters(ctx context.Context, f datchuan.UnitFilter, scope datchuan.UnitPath) ([]datchuan.UnitFilter, error) {
	level, code := scope.Unit()
	own := f
	own.Codes = []string{code}
	if own.Level == "" {
		own.Level = level
	}
	out := []datchuan.UnitFilter{own}
	if own.Level != level {
		out = nil
	}
	var parents []string
	switch level {
	case datchuan.LevelDistrict:
		parents = []string{code}
	case datchuan.LevelProvince:
		districts, err := s.cfg.Stores.Units.FindUnits(ctx, datchuan.UnitFilter{ParentCode: code, Level: datchuan.LevelDistrict})
		if err != nil {
			return nil, err
		}
		parents = []string{code}
		for _, d := range districts {
			if !slices.Contains(parents, d.Code) {
				parents = append(parents, d.Code)
			}
		}
	}
	if len(parents) > 0 {
		under := f
		under.ParentCodes = parents
		out = append(out, under)
	}
	return out, nil
}

// FindUnits returns the units f selects that the caller reads, at most
// limit: for an administrator any unit of the country; for others only the
// units of their scopes are looked at, so that a user of one province is
// not shown the first matches of the country and then none of them.
func (s *Service) FindUnits(ctx context.Context, c Caller, f datchuan.UnitFilter, limit int) ([]*datchuan.Unit, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if c.ListsAllUnits() {
		f.Limit = limit
		return s.cfg.Stores.Units.FindUnits(ctx, f)
	}
	out, err := s.inScopes(ctx, c, f)
	if err != nil {
		return nil, err
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// inScopes returns the units f selects among those the caller reads, by
// code and start of validity.
func (s *Service) inScopes(ctx context.Context, c Caller, f datchuan.UnitFilter) ([]*datchuan.Unit, error) {
	f.Limit = 0 // a limit counts what the caller may see: filter first
	found := map[int64]bool{}
	var out []*datchuan.Unit
	for _, scope := range c.Scopes() {
		filters, err := s.scopeFilters(ctx, f, scope)
		if err != nil {
			return nil, err
		}
		for _, sf := range filters {
			us, err := s.cfg.Stores.Units.FindUnits(ctx, sf)
			if err != nil {
				return nil, err
			}
			for _, u := range us {
				if found[u.ID] {
					continue
				}
				found[u.ID] = true
				if ok, err := s.Readable(ctx, c, u); err != nil {
					return nil, err
				} else if ok {
					out = append(out, u)
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *datchuan.Unit) int {
		if a.Code != b.Code {
			if a.Code < b.Code {
				return -1
			}
			return 1
		}
		return a.ValidFrom.Compare(b.ValidFrom)
	})
	return out, nil
}

// SearchResult is a unit found by name, with the unit above it.
type SearchResult struct {
	Unit   *datchuan.Unit
	Parent *datchuan.Unit
	Ended  bool          // the unit no longer exists today
	On     datchuan.Date // the day its page shows it on, zero for the latest
}

// SearchLimit bounds the results of a search: a longer list is better
// narrowed by typing more of the name.
const SearchLimit = 50

// Search finds the units a person means by q, at any date, among those
// whose pages the caller reads (an administrator, who reads none, finds
// none): by code ("29446", as every page shows it) or by name, with or
// without diacritics and with or without the type word ("xã Nhị
// Trường"). It gives one entry per level and code, the latest version the
// caller reads (a code reused after a merger may name a unit of another
// province now). Provinces come first, then districts, then communes, each
// in Vietnamese order, and each province or district found is followed by
// the units under it on its day ("Cầu Ngang": the district, then its
// communes), so that searching a district is a way to its communes. more
// says that more than SearchLimit were found.
func (s *Service) Search(ctx context.Context, c Caller, q string) (out []SearchResult, more bool, err error) {
	f := datchuan.UnitFilter{Query: q}
	if code := strings.TrimSpace(q); isCode(code) {
		f = datchuan.UnitFilter{Code: code}
	}
	if err := f.Validate(); err != nil {
		return nil, false, err // at most MaxSearch characters, nothing but typed ones
	}
	units, err := s.inScopes(ctx, c, f)
	if err != nil {
		return nil, false, err
	}
	latest := map[datchuan.UnitKey]*datchuan.Unit{}
	for _, u := range units {
		if cur, seen := latest[u.Key()]; !seen || newer(u, cur) {
			latest[u.Key()] = u
		}
	}
	found := make([]*datchuan.Unit, 0, len(latest))
	for _, u := range latest {
		found = append(found, u)
	}
	sortUnits(found)
	listed := map[datchuan.UnitKey]bool{}
	for _, u := range found {
		if listed[u.Key()] {
			continue // listed already, under the province or district found
		}
		listed[u.Key()] = true
		res, err := s.searchResult(ctx, c, u, nil)
		if err != nil {
			return nil, false, err
		}
		out = append(out, res)
		if out, err = s.searchUnder(ctx, c, res, listed, out); err != nil {
			return nil, false, err
		}
		if len(out) > SearchLimit {
			break
		}
	}
	if more = len(out) > SearchLimit; more {
		out = out[:SearchLimit]
	}
	return out, more, nil
}

// searchUnder appends to out the units the caller reads directly under a
// province or district found, as they were on the day its page shows it,
// in Vietnamese order; units listed already are skipped and marked.
func (s *Service) searchUnder(ctx context.Context, c Caller, parent SearchResult, listed map[datchuan.UnitKey]bool, out []SearchResult) ([]SearchResult, error) {
	on := parent.On
	if on.IsZero() {
		on = s.Today()
	}
	children, err := c.Tree.Children(ctx, parent.Unit, on)
	if err != nil {
		return nil, err
	}
	children = slices.Clone(children)
	sortUnits(children)
	for _, u := range children {
		if listed[u.Key()] {
			continue
		}
		if ok, err := s.Readable(ctx, c, u); err != nil {
			return nil, err
		} else if !ok {
			continue
		}
		listed[u.Key()] = true
		res, err := s.searchResult(ctx, c, u, parent.Unit)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// searchResult is the entry of a unit found; parent, when known, is the
// unit above it (else it is looked up).
func (s *Service) searchResult(ctx context.Context, c Caller, u, parent *datchuan.Unit) (SearchResult, error) {
	today := s.Today()
	res := SearchResult{Unit: u, Parent: parent, Ended: !u.ValidTo.IsZero() && !today.Before(u.ValidTo)}
	if !u.ValidTo.IsZero() || !u.ValidFrom.IsZero() {
		// Without a date a page shows the code's latest version, which
		// may be another unit (codes are reused after mergers).
		res.On = s.PageDay(u)
	}
	if parent == nil {
		var err error
		if res.Parent, err = c.Tree.Parent(ctx, u, datchuan.Date{}); err != nil && datchuan.ErrorCode(err) != datchuan.EINTERNAL {
			return res, err
		}
	}
	return res, nil
}

// sortUnits orders units as a search lists them: provinces, districts,
// communes, each in Vietnamese order of their names, then by code.
func sortUnits(us []*datchuan.Unit) {
	rank := map[datchuan.Level]int{datchuan.LevelProvince: 0, datchuan.LevelDistrict: 1, datchuan.LevelCommune: 2}
	names := datchuan.CompareNames()
	slices.SortFunc(us, func(a, b *datchuan.Unit) int {
		if rank[a.Level] != rank[b.Level] {
			return rank[a.Level] - rank[b.Level]
		}
		if k := names(a.Name, b.Name); k != 0 {
			return k
		}
		return strings.Compare(a.Code, b.Code)
	})
}

// isCode reports whether q is a unit code: digits only ("29446", "848").
func isCode(q string) bool {
	if q == "" {
		return false
	}
	for _, r := range q {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// newer reports whether version a of a unit started after version b (an
// open start is the earliest).
func newer(a, b *datchuan.Unit) bool {
	if a.ValidFrom.IsZero() || b.ValidFrom.IsZero() {
		return !a.ValidFrom.IsZero()
	}
	return b.ValidFrom.Before(a.ValidFrom)
}
