package service

import (
	"context"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// RaiseFromValue writes the reason a value was returned into the register,
// in one action: the returned indicator of the unit, titled with the
// reason, owned by the committee of the unit's district (which sees to it
// that the unit reports again) or, for a unit with no district, by the
// indicator's lead department. Whoever may raise an obstacle of the unit
// may; a value not returned is EINVALID, one already in the register
// ECONFLICT.
func (s *Service) RaiseFromValue(ctx context.Context, c Caller, valueID int64) (*datchuan.Obstacle, error) {
	v, u, err := s.ValueByID(ctx, c, valueID)
	if err != nil {
		return nil, err
	}
	path, err := c.Tree.Path(ctx, u)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRaiseObstacle(path); err != nil {
		return nil, err
	}
	if v.State != datchuan.StateReturned {
		return nil, datchuan.Errorf(datchuan.EINVALID, "Chỉ số liệu bị trả lại mới ghi thành vướng mắc được (only a returned value can be raised)")
	}
	dup, err := s.cfg.Stores.Obstacles.Obstacles(ctx, datchuan.ObstacleFilter{UnitIDs: []int64{u.ID}})
	if err != nil {
		return nil, err
	}
	for _, o := range dup {
		if o.Source == datchuan.FromValue && o.SourceID == v.ID {
			return nil, datchuan.Errorf(datchuan.ECONFLICT, "Số liệu bị trả lại này đã được ghi vào danh sách vướng mắc (already in the register)")
		}
	}
	owner, err := s.valueOwner(ctx, c, v, path)
	if err != nil {
		return nil, err
	}
	crit := v.IndicatorCode
	if set, err := s.cfg.Sets.Set(v.SetID); err == nil {
		if cr, _, ok := set.Link(v.IndicatorCode); ok {
			crit = cr
		}
	}
	reason := strings.TrimSpace(v.ReturnReason)
	first, _, _ := strings.Cut(reason, "\n")
	title := "Chỉ tiêu " + v.IndicatorCode + " bị trả lại: " + first
	if r := []rune(title); len(r) > datchuan.MaxTitle {
		title = string(r[:datchuan.MaxTitle-1]) + "…"
	}
	return s.RaiseObstacle(ctx, c, path.Province, ObstacleInput{Unit: u.Code, SetID: v.SetID, Criterion: crit, Indicator: v.IndicatorCode,
		Title: title, Detail: "Lý do trả lại: " + reason, Owner: strconv.FormatInt(owner, 10),
		Source: datchuan.FromValue, SourceID: v.ID})
}

// valueOwner is who lifts the obstacle of a returned value of the unit at
// path: its district's steering committee, else the lead department of
// the value's indicator, else the coordination office.
func (s *Service) valueOwner(ctx context.Context, c Caller, v *datchuan.Value, path datchuan.UnitPath) (int64, error) {
	if path.District != "" {
		d, _, err := c.Tree.Resolve(ctx, datchuan.LevelDistrict, path.District, s.Today())
		if err != nil {
			return 0, err
		}
		as, err := s.cfg.Stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{UnitID: d.ID, Kind: datchuan.AgencyDistrictCommittee})
		if err != nil {
			return 0, err
		}
		if len(as) > 0 {
			return as[0].ID, nil
		}
	}
	prov, _, err := c.Tree.Resolve(ctx, datchuan.LevelProvince, path.Province, s.Today())
	if err != nil {
		return 0, err
	}
	leads, err := s.cfg.Stores.Agencies.Leads(ctx, prov.ID, v.SetID)
	if err != nil {
		return 0, err
	}
	crit, _, _ := strings.Cut(v.IndicatorCode, ".")
	if id := datchuan.NewLeadBook(leads).Lead(v.SetID, crit, v.IndicatorCode); id != 0 {
		return id, nil
	}
	as, err := s.cfg.Stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{UnitID: prov.ID, Kind: datchuan.AgencyCoordination})
	if err != nil || len(as) == 0 {
		return 0, datchuan.Errorf(datchuan.ENOTFOUND, "Tỉnh chưa có cơ quan nhận xử lý vướng mắc này (no agency to own it)")
	}
	return as[0].ID, nil
}
