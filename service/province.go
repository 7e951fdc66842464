package service

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/datchuan/datchuan"
)

// Province resolves a province code (the version in force today) for a
// caller who works in it.
func (s *Service) Province(ctx context.Context, c Caller, code string) (*datchuan.Unit, error) {
	u, _, err := c.Tree.Resolve(ctx, datchuan.LevelProvince, code, datchuan.Date{})
	if err != nil {
		return nil, err
	}
	return u, c.CheckInProvince(u.Code)
}

// CallerProvince is the province a province-wide page shows: code when
// given, else the province of the caller's first role.
func (s *Service) CallerProvince(ctx context.Context, c Caller, code string) (*datchuan.Unit, error) {
	if code == "" {
		scopes := c.Scopes()
		if len(scopes) == 0 {
			return nil, datchuan.Errorf(datchuan.EFORBIDDEN, "Bạn chưa có vai trò trong tỉnh nào (you have no role in a province)")
		}
		code = scopes[0].Province
	}
	return s.Province(ctx, c, code)
}

// Agencies returns the agencies attached to the province of code (to any
// version of it: agencies outlive a reorganisation), by ID.
func (s *Service) Agencies(ctx context.Context, c Caller, code string) (map[int64]*datchuan.Agency, error) {
	versions, err := c.Tree.Versions(ctx, datchuan.LevelProvince, code)
	if err != nil {
		return nil, err
	}
	out := map[int64]*datchuan.Agency{}
	for _, v := range versions {
		as, err := s.cfg.Stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{UnitID: v.ID})
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			out[a.ID] = a
		}
	}
	return out, nil
}

// SortedAgencies lists agencies by code, those keep accepts (all when nil).
func SortedAgencies(m map[int64]*datchuan.Agency, keep func(*datchuan.Agency) bool) []*datchuan.Agency {
	var out []*datchuan.Agency
	for _, a := range m {
		if keep == nil || keep(a) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// AgencyProvince returns the code of the province an agency belongs to.
func (s *Service) AgencyProvince(ctx context.Context, c Caller, agencyID int64) (string, error) {
	a, err := s.cfg.Stores.Agencies.Agency(ctx, agencyID)
	if err != nil {
		return "", err
	}
	_, p, err := c.Tree.Place(ctx, a.UnitID)
	return p.Province, err
}

// LeadBook returns the standing leads of a province.
func (s *Service) LeadBook(ctx context.Context, prov *datchuan.Unit) (*datchuan.LeadBook, error) {
	leads, err := s.cfg.Stores.Agencies.Leads(ctx, prov.ID, "")
	if err != nil {
		return nil, err
	}
	return datchuan.NewLeadBook(leads), nil
}

// CommuneSet is the commune NTM set in force in a year.
func (s *Service) CommuneSet(year int) *datchuan.CriteriaSet {
	return datchuan.SetInForce(s.cfg.Sets, datchuan.TierCommuneNTM, datchuan.LevelCommune, year)
}

// ProvinceCommuneSet is the commune NTM set a province works on this
// year: the one its standing leads name, else the one in force.
func (s *Service) ProvinceCommuneSet(ctx context.Context, prov *datchuan.Unit) (*datchuan.CriteriaSet, error) {
	year := s.Today().Year
	leads, err := s.cfg.Stores.Agencies.Leads(ctx, prov.ID, "")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, l := range leads {
		if seen[l.SetID] {
			continue
		}
		seen[l.SetID] = true
		set, err := s.cfg.Sets.Set(l.SetID)
		if err != nil {
			continue
		}
		if set.Tier == datchuan.TierCommuneNTM && set.Level == datchuan.LevelCommune && year >= set.PeriodFrom && year <= set.PeriodTo {
			return set, nil
		}
	}
	return s.CommuneSet(year), nil
}

// ProvinceSets lists the criteria sets of the province in force this
// year: its commune set first, then every other set its leads name
// (advanced communes, districts...), communes before districts.
func (s *Service) ProvinceSets(ctx context.Context, prov *datchuan.Unit) ([]*datchuan.CriteriaSet, error) {
	first, err := s.ProvinceCommuneSet(ctx, prov)
	if err != nil {
		return nil, err
	}
	leads, err := s.cfg.Stores.Agencies.Leads(ctx, prov.ID, "")
	if err != nil {
		return nil, err
	}
	year := s.Today().Year
	out := []*datchuan.CriteriaSet{first}
	for _, l := range leads {
		set, err := s.cfg.Sets.Set(l.SetID)
		if err != nil || year < set.PeriodFrom || year > set.PeriodTo ||
			slices.ContainsFunc(out, func(x *datchuan.CriteriaSet) bool { return x.ID == set.ID }) {
			continue
		}
		out = append(out, set)
	}
	slices.SortStableFunc(out[1:], func(a, b *datchuan.CriteriaSet) int {
		return cmp.Or(cmp.Compare(levelOrder(a.Level), levelOrder(b.Level)), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// levelOrder puts communes before districts before provinces.
func levelOrder(l datchuan.Level) int {
	switch l {
	case datchuan.LevelCommune:
		return 0
	case datchuan.LevelDistrict:
		return 1
	}
	return 2
}

// ProvinceCommunes lists the province's communes in force today, by
// district in Vietnamese order (communes directly under the province come
// last, in a group with no district).
func (s *Service) ProvinceCommunes(ctx context.Context, c Caller, prov *datchuan.Unit) ([]DistrictCommunes, error) {
	return s.communesOn(ctx, c, prov, s.Today(), func(u *datchuan.Unit) bool { return u.Level == datchuan.LevelCommune })
}

// DistrictCommunes is a district with its communes (District nil for the
// communes directly under a province).
type DistrictCommunes struct {
	District *datchuan.Unit
	Communes []*datchuan.Unit
}
