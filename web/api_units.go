package web

import (
	"net/http"
	"strconv"

	"github.com/datchuan/datchuan"
)

// The read side of the JSON API: who is signed in, units, their statuses,
// values and territory, criteria sets and agencies. Each answer keeps the
// shape clients already depend on.

// unitListLimit is how many units /api/units sends unless ?limit= says.
const unitListLimit = 500

// apiMe tells a client who is signed in and what they may do.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r)
	acc := v.access()
	return writeJSON(w, map[string]any{
		"user": v.user, "kinds": acc.Kinds(), "scopes": acc.Scopes(),
		"reports": acc.Reports(), "reviews": acc.Reviews(), "admin": acc.Admin(),
		"csrf_token": v.session.CSRF,
	})
}

// apiUnits lists units: ?level=province|district|commune &parent=CODE
// &code=CODE &q=text (without diacritics) &on=date &limit=N (1 to 20000,
// 500 by default). Only the units the viewer reads are listed, except for
// an administrator, who assigns roles anywhere and so must find any unit.
func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	on, err := dateParam(r)
	if err != nil {
		return err
	}
	level, err := levelParam(r, "")
	if err != nil {
		return err
	}
	limit := unitListLimit
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 20000 {
			return datchuan.Errorf(datchuan.EINVALID, "limit phải từ 1 đến 20000 (invalid limit)")
		}
		limit = n
	}
	f := datchuan.UnitFilter{Level: level, ParentCode: q.Get("parent"), Code: q.Get("code"), Query: q.Get("q"), On: on}
	units, err := s.svc.FindUnits(r.Context(), viewerOf(r).caller, f, limit)
	if err != nil {
		return err
	}
	if units == nil {
		units = []*datchuan.Unit{}
	}
	return writeJSON(w, map[string]any{"on": on, "count": len(units), "units": units})
}

// apiUnit returns the versions of a code (or the one in force ?on=) with
// what each was formed from and went into: the versions and linked units the
// viewer reads (any, for an administrator).
func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) error {
	on, err := dateParam(r)
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	versions, err := s.svc.UnitVersions(r.Context(), viewerOf(r).caller, code, on)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"code": code, "versions": versions})
}

// apiTerritory lists the commune-level units covering a unit's territory on
// ?on= (default today), following mergers when the unit no longer exists:
// /api/units/84/territory?level=province&on=01/07/2025.
func (s *Server) apiTerritory(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	on, err := dateParam(r)
	if err != nil {
		return err
	}
	if on.IsZero() {
		on = s.today()
	}
	level, err := levelParam(r, "")
	if err != nil {
		return err
	}
	c := viewerOf(r).caller
	code := r.PathValue("code")
	versions, err := c.Tree.Versions(ctx, level, code)
	if err != nil {
		return err
	}
	if len(versions) == 0 {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Không có đơn vị mã %s (no such unit)", code)
	}
	// The version in force on the date, else the last one before it.
	u := versions[0]
	for _, v := range versions {
		if v.ValidFrom.IsZero() || v.ValidFrom.Compare(on) <= 0 {
			u = v
		}
	}
	p, err := c.Tree.Path(ctx, u)
	if err != nil {
		return err
	}
	if err := c.CheckRead(p); err != nil {
		return err
	}
	units, err := c.Tree.Territory(ctx, u, on)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"unit": u, "on": on, "count": len(units), "units": units})
}

// apiUnitStatus measures a unit (a commune by default: ?level= for others)
// against each of its targets.
func (s *Server) apiUnitStatus(w http.ResponseWriter, r *http.Request) error {
	asked, err := dateParam(r)
	if err != nil {
		return err
	}
	level, err := levelParam(r, datchuan.LevelCommune)
	if err != nil {
		return err
	}
	u, on, _, err := s.unitAt(r, level, r.PathValue("code"), asked)
	if err != nil {
		return err
	}
	st, err := s.rollupOf(r).UnitOn(r.Context(), u, on)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "statuses": st})
}

// apiUnitValues returns a unit's current values (as of ?on=, else now), or
// with ?history=1 every report with its state.
func (s *Server) apiUnitValues(w http.ResponseWriter, r *http.Request) error {
	u, on, asked, err := s.unitOf(r, r.PathValue("code"))
	if err != nil {
		return err
	}
	h := r.URL.Query().Get("history")
	f := datchuan.ValueFilter{UnitIDs: []int64{u.ID}, History: h == "1" || h == "true"}
	if !asked.IsZero() {
		f.At = datchuan.EndOfDay(on)
	}
	vals, err := s.stores.Values.Values(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "unit": u, "on": on, "history": f.History, "count": len(vals), "values": vals})
}

func (s *Server) apiDistrictStatus(w http.ResponseWriter, r *http.Request) error {
	st, _, err := s.districtStatus(r)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "district": st})
}

func (s *Server) apiProvinceStatus(w http.ResponseWriter, r *http.Request) error {
	st, err := s.provinceStatus(r)
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
	for _, set := range s.svc.Sets().Sets() {
		out = append(out, setSummary{set.ID, set.NameVi, set.NameEn, set.Legal, set.Level, set.Tier,
			set.PeriodFrom, set.PeriodTo, set.Draft, len(set.Criteria), set.IndicatorCount()})
	}
	return writeJSON(w, map[string]any{"sets": out})
}

func (s *Server) apiSet(w http.ResponseWriter, r *http.Request) error {
	set, err := s.svc.Sets().Set(r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, set)
}

// apiAgencies lists agencies: ?kind= &unit=ID; an administrator sees them
// all, others those of the provinces they work in.
func (s *Server) apiAgencies(w http.ResponseWriter, r *http.Request) error {
	f := datchuan.AgencyFilter{Kind: datchuan.AgencyKind(r.URL.Query().Get("kind"))}
	if u := r.URL.Query().Get("unit"); u != "" {
		id, err := parseID(u)
		if err != nil {
			return datchuan.Errorf(datchuan.EINVALID, "unit phải là số (unit must be an id)")
		}
		f.UnitID = id
	}
	as, err := s.svc.VisibleAgencies(r.Context(), viewerOf(r).caller, f)
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"agencies": as})
}
