package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/datchuan/datchuan"
)

// The read side of the JSON API: who is signed in, units, their statuses,
// values and territory, criteria sets and agencies. Each answer keeps the
// shape clients already depend on.

// unitListLimit is how many units /api/units sends unless ?limit= says,
// up to unitListMax.
const (
	unitListLimit = 500
	unitListMax   = 20000
)

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
// 500 by default; "more" is true when the limit cut the list). Only the
// units the viewer reads are listed, except for an administrator, who
// assigns roles anywhere and so must find any unit.
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
	limit, err := intParam(q, "limit", unitListLimit, 1, unitListMax)
	if err != nil {
		return err
	}
	f := datchuan.UnitFilter{Level: level, ParentCode: q.Get("parent"), Code: q.Get("code"), Query: q.Get("q"), On: on}
	units, err := s.svc.FindUnits(r.Context(), viewerOf(r).caller, f, limit+1)
	if err != nil {
		return err
	}
	if units == nil {
		units = []*datchuan.Unit{}
	}
	// The official lists bound this list (unitListMax holds every unit of
	// the country), so a larger limit, or a narrower filter, is the way on;
	// "more" says the limit cut it.
	more := len(units) > limit
	if more {
		units = units[:limit]
	}
	return writeJSON(w, map[string]any{"on": on, "count": len(units), "more": more, "units": units})
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

// historyPage is how many reports a page of a unit's history holds unless
// ?limit= says (at most historyPageMax).
const (
	historyPage    = 500
	historyPageMax = 5000
)

// apiUnitValues returns a unit's current values (as of ?on=, else now), or
// with ?history=1 its reports with their state, a page at a time: the
// last recorded first, ?limit= of them (500 by default), before the
// report ?before=ID; "next" is the link to the following page, absent on
// the last.
func (s *Server) apiUnitValues(w http.ResponseWriter, r *http.Request) error {
	u, on, asked, err := s.unitOf(r, r.PathValue("code"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	h := q.Get("history")
	f := datchuan.ValueFilter{UnitIDs: []int64{u.ID}, History: h == "1" || h == "true"}
	if !asked.IsZero() {
		f.At = datchuan.EndOfDay(on)
	}
	limit := 0
	if f.History {
		if limit, err = intParam(q, "limit", historyPage, 1, historyPageMax); err != nil {
			return err
		}
		before, err := intParam(q, "before", 0, 1, math.MaxInt)
		if err != nil {
			return err
		}
		f.Limit, f.BeforeID = limit+1, int64(before) // one more tells whether a next page exists
	}
	vals, err := s.stores.Values.Values(r.Context(), f)
	if err != nil {
		return err
	}
	out := map[string]any{"demo": s.deps.Demo, "unit": u, "on": on, "history": f.History}
	if f.History && len(vals) > limit {
		vals = vals[:limit]
		q.Set("before", strconv.FormatInt(vals[limit-1].ID, 10))
		out["next"] = r.URL.Path + "?" + q.Encode()
	}
	out["count"], out["values"] = len(vals), vals
	return writeJSON(w, out)
}

// intParam reads the query parameter name as a whole number from min to
// max; def when absent.
func intParam(q url.Values, name string, def, min, max int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, datchuan.Errorf(datchuan.EINVALID, "%s phải là số từ %d đến %d (%s must be a number from %d to %d)", name, min, max, name, min, max)
	}
	return n, nil
}

func (s *Server) apiDistrictStatus(w http.ResponseWriter, r *http.Request) error {
	detail, err := wantsDetail(r)
	if err != nil {
		return err
	}
	st, _, err := s.districtStatus(r)
	if err != nil {
		return err
	}
	if detail {
		return writeJSON(w, map[string]any{"demo": s.deps.Demo, "district": st})
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "district": briefDistrict(st)})
}

func (s *Server) apiProvinceStatus(w http.ResponseWriter, r *http.Request) error {
	detail, err := wantsDetail(r)
	if err != nil {
		return err
	}
	st, err := s.provinceStatus(r)
	if err != nil {
		return err
	}
	if detail {
		return writeJSON(w, map[string]any{"demo": s.deps.Demo, "province": st})
	}
	return writeJSON(w, map[string]any{"demo": s.deps.Demo, "province": briefProvince(st)})
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
