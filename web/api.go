package web

import (
	"net/http"
	"strconv"

	"github.com/datchuan/datchuan"
)

// apiUnits lists units: ?level=province|district|commune &parent=CODE
// &code=CODE &q=text (without diacritics) &on=date &limit=N. Only the units
// the viewer reads are listed, except for an administrator, who assigns
// roles anywhere and so must find any unit.
func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	on, err := dateParam(r)
	if err != nil {
		return err
	}
	f := datchuan.UnitFilter{
		Level: datchuan.Level(q.Get("level")), ParentCode: q.Get("parent"), Code: q.Get("code"),
		Query: q.Get("q"), On: on, Limit: 500,
	}
	if f.Level != "" && !f.Level.Valid() {
		return datchuan.Errorf(datchuan.EINVALID, "Cấp đơn vị %q không hợp lệ: province, district hoặc commune (invalid level)", f.Level)
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 20000 {
			return datchuan.Errorf(datchuan.EINVALID, "limit phải từ 1 đến 20000 (invalid limit)")
		}
		f.Limit = n
	}
	limit := f.Limit
	if !viewerOf(r).access.Admin() {
		// The limit counts what the viewer may see, not the first units of
		// the country: filter first, then cut.
		f.Limit = 0
	}
	units, err := s.deps.Units.FindUnits(r.Context(), f)
	if err != nil {
		return err
	}
	if units, err = s.readableUnits(r, units); err != nil {
		return err
	}
	if len(units) > limit {
		units = units[:limit]
	}
	return writeJSON(w, map[string]any{"on": on, "count": len(units), "units": units})
}

// readableUnits keeps the units the viewer reads, all of them for an
// administrator.
func (s *Server) readableUnits(r *http.Request, units []*datchuan.Unit) ([]*datchuan.Unit, error) {
	if viewerOf(r).access.Admin() {
		return units, nil
	}
	memo := newUnitMemo(s.deps.Units)
	out := make([]*datchuan.Unit, 0, len(units))
	for _, u := range units {
		ok, err := s.readsVia(r, memo, u)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, u)
		}
	}
	return out, nil
}

// mayList reports whether u may appear in what the viewer is sent.
func (s *Server) mayList(r *http.Request, u *datchuan.Unit) (bool, error) {
	us, err := s.readableUnits(r, []*datchuan.Unit{u})
	return len(us) == 1, err
}

// apiUnit returns the versions of a code (or the one in force ?on=) with
// what each was formed from and went into: the versions and linked units the
// viewer reads (any, for an administrator).
func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) error {
	on, err := dateParam(r)
	if err != nil {
		return err
	}
	units, err := s.deps.Units.FindUnits(r.Context(), datchuan.UnitFilter{Code: r.PathValue("code"), On: on})
	if err != nil {
		return err
	}
	if len(units) == 0 {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Không có đơn vị mã %s (no such unit)", r.PathValue("code"))
	}
	if units, err = s.readableUnits(r, units); err != nil {
		return err
	}
	if len(units) == 0 {
		return errNoAccess
	}
	type linked struct {
		Kind datchuan.LinkKind `json:"kind"`
		On   datchuan.Date     `json:"on"`
		Unit *datchuan.Unit    `json:"unit"`
	}
	type version struct {
		*datchuan.Unit
		FormedFrom []linked `json:"formed_from"`
		WentInto   []linked `json:"went_into"`
	}
	out := make([]version, 0, len(units))
	for _, u := range units {
		from, into, err := s.deps.Units.UnitLinks(r.Context(), u.ID)
		if err != nil {
			return err
		}
		v := version{Unit: u, FormedFrom: []linked{}, WentInto: []linked{}}
		for _, l := range from {
			o, err := s.deps.Units.Unit(r.Context(), l.FromID)
			if err != nil {
				return err
			}
			if ok, err := s.mayList(r, o); err != nil {
				return err
			} else if ok {
				v.FormedFrom = append(v.FormedFrom, linked{l.Kind, l.On, o})
			}
		}
		for _, l := range into {
			o, err := s.deps.Units.Unit(r.Context(), l.ToID)
			if err != nil {
				return err
			}
			if ok, err := s.mayList(r, o); err != nil {
				return err
			} else if ok {
				v.WentInto = append(v.WentInto, linked{l.Kind, l.On, o})
			}
		}
		out = append(out, v)
	}
	return writeJSON(w, map[string]any{"code": r.PathValue("code"), "versions": out})
}

// apiTerritory lists the commune-level units covering a unit's territory on
// ?on= (default today), following mergers when the unit no longer exists:
// /api/units/84/territory?level=province&on=01/07/2025.
func (s *Server) apiTerritory(w http.ResponseWriter, r *http.Request) error {
	on, err := dateParam(r)
	if err != nil {
		return err
	}
	if on.IsZero() {
		on = datchuan.Today(s.deps.Now)
	}
	level, err := levelParam(r, "")
	if err != nil {
		return err
	}
	units, err := s.deps.Units.FindUnits(r.Context(), datchuan.UnitFilter{Code: r.PathValue("code"), Level: level})
	if err != nil {
		return err
	}
	if len(units) == 0 {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Không có đơn vị mã %s (no such unit)", r.PathValue("code"))
	}
	// The version in force on the date, else the last one before it.
	u := units[0]
	for _, v := range units {
		if v.ValidFrom.IsZero() || v.ValidFrom.Compare(on) <= 0 {
			u = v
		}
	}
	if err := s.requireRead(r, u); err != nil {
		return err
	}
	terr, err := datchuan.Territory(r.Context(), s.deps.Units, u, on)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"unit": u, "on": on, "count": len(terr), "units": terr})
}

func levelParam(r *http.Request, def datchuan.Level) (datchuan.Level, error) {
	l := datchuan.Level(r.URL.Query().Get("level"))
	if l == "" {
		return def, nil
	}
	if !l.Valid() {
		return "", datchuan.Errorf(datchuan.EINVALID, "Cấp đơn vị %q không hợp lệ (invalid level)", l)
	}
	return l, nil
}

// apiUnitStatus measures a unit (a commune by default: ?level= for others)
// against each of its targets.
func (s *Server) apiUnitStatus(w http.ResponseWriter, r *http.Request) error {
	on, err := dateParam(r)
	if err != nil {
		return err
	}
	level, err := levelParam(r, datchuan.LevelCommune)
	if err != nil {
		return err
	}
	u, on, err := s.rollup.Resolve(r.Context(), level, r.PathValue("code"), on)
	if err != nil {
		return err
	}
	if err := s.requireRead(r, u); err != nil {
		return err
	}
	st, err := s.rollup.Unit(r.Context(), level, u.Code, on)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "statuses": st})
}

func (s *Server) apiDistrictStatus(w http.ResponseWriter, r *http.Request) error {
	on, err := dateParam(r)
	if err != nil {
		return err
	}
	u, on, err := s.rollup.Resolve(r.Context(), datchuan.LevelDistrict, r.PathValue("code"), on)
	if err != nil {
		return err
	}
	if err := s.requireRead(r, u); err != nil {
		return err
	}
	st, err := s.rollup.District(r.Context(), u.Code, on)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "district": st})
}

func (s *Server) apiProvinceStatus(w http.ResponseWriter, r *http.Request) error {
	on, err := dateParam(r)
	if err != nil {
		return err
	}
	u, on, err := s.rollup.Resolve(r.Context(), datchuan.LevelProvince, r.PathValue("code"), on)
	if err != nil {
		return err
	}
	if err := s.requireRead(r, u); err != nil {
		return err
	}
	st, err := s.rollup.Province(r.Context(), u.Code, on)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "province": st})
}

// setSummary is a set without its criteria, for lists.
type setSummary struct {
	ID         string              `json:"id"`
	Name       string              `json:"name_vi"`
	NameEn     string              `json:"name_en"`
	Legal      datchuan.LegalBasis `json:"legal_basis"`
	Level      datchuan.Level      `json:"level"`
	Tier       datchuan.Tier       `json:"tier"`
	PeriodFrom int                 `json:"period_from"`
	PeriodTo   int                 `json:"period_to"`
	Draft      bool                `json:"draft"`
	Criteria   int                 `json:"criteria"`
	Indicators int                 `json:"indicators"`
}

func (s *Server) apiSets(w http.ResponseWriter, r *http.Request) error {
	var out []setSummary
	for _, set := range s.deps.Sets.Sets() {
		out = append(out, setSummary{set.ID, set.NameVi, set.NameEn, set.Legal, set.Level, set.Tier,
			set.PeriodFrom, set.PeriodTo, set.Draft, len(set.Criteria), set.IndicatorCount()})
	}
	return writeJSON(w, map[string]any{"sets": out})
}

func (s *Server) apiSet(w http.ResponseWriter, r *http.Request) error {
	set, err := s.deps.Sets.Set(r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, set)
}

// apiAgencies lists agencies: ?kind= &unit=ID.
func (s *Server) apiAgencies(w http.ResponseWriter, r *http.Request) error {
	f := datchuan.AgencyFilter{Kind: datchuan.AgencyKind(r.URL.Query().Get("kind"))}
	if u := r.URL.Query().Get("unit"); u != "" {
		id, err := strconv.ParseInt(u, 10, 64)
		if err != nil {
			return datchuan.Errorf(datchuan.EINVALID, "unit phải là số (unit must be an id)")
		}
		f.UnitID = id
	}
	as, err := s.deps.Agencies.FindAgencies(r.Context(), f)
	if err != nil {
		return err
	}
	v := viewerOf(r)
	if v.access.Admin() {
		return writeJSON(w, map[string]any{"agencies": as})
	}
	// Others see the agencies of the provinces they work in.
	out := []*datchuan.Agency{}
	for _, a := range as {
		u, err := s.deps.Units.Unit(r.Context(), a.UnitID)
		if err != nil {
			return err
		}
		p, err := s.pathOf(r.Context(), v, u)
		if err != nil {
			return err
		}
		if v.access.InProvince(p.Province) {
			out = append(out, a)
		}
	}
	return writeJSON(w, map[string]any{"agencies": out})
}
