package web

import (
	"net/http"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
)

// homeView is the home page of a user without a scope of their own.
type homeView struct {
	base
	On        datchuan.Date
	Provinces []*datchuan.Unit
}

// homePage takes a user to the page of their scope; a user without one
// (no role yet) sees the provinces they may read, which may be none.
func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r)
	if home := homeOf(v.access()); home != "/" {
		http.Redirect(w, r, home, http.StatusFound)
		return nil
	}
	on, err := dateParam(r)
	if err != nil {
		return err
	}
	if on.IsZero() {
		on = s.today()
	}
	ps, err := s.svc.FindUnits(r.Context(), v.caller, datchuan.UnitFilter{Level: datchuan.LevelProvince, On: on}, 0)
	if err != nil {
		return err
	}
	s.pages.render(w, http.StatusOK, "home", homeView{base: s.baseFor(r, "Trang chủ"), On: on, Provinces: ps})
	return nil
}

// provinceView is the province dashboard: the target districts as cards
// (dashboard.go), then every district's tables, folded, the targets first.
type provinceView struct {
	base
	P       *rollup.ProvinceStatus
	Cards   []districtCard
	Details []*rollup.DistrictStatus
	Past    bool // the page shows a day before today: its trend stops there
	// Meetings is the page of the province committee's meetings, when the
	// viewer reads them.
	Meetings string
}

func (s *Server) provincePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.provinceStatus(r)
	if err != nil {
		return err
	}
	cards, others, err := s.districtCards(r, p)
	if err != nil {
		return err
	}
	page := provinceView{base: s.baseFor(r, p.Unit.Name), P: p, Cards: cards, Past: p.On.Before(s.today())}
	for _, c := range cards {
		page.Details = append(page.Details, c.D)
	}
	page.Details = append(page.Details, others...)
	page.Meetings = s.meetingsLink(r, p.Unit)
	s.pages.render(w, http.StatusOK, "province", page)
	return nil
}

// provinceStatus measures the province of the path, on ?on= (else the
// latest), for a viewer who reads it: the page and the API alike.
func (s *Server) provinceStatus(r *http.Request) (*rollup.ProvinceStatus, error) {
	asked, err := dateParam(r)
	if err != nil {
		return nil, err
	}
	u, on, _, err := s.unitAt(r, datchuan.LevelProvince, r.PathValue("code"), asked)
	if err != nil {
		return nil, err
	}
	return s.rollupOf(r).Province(r.Context(), u.Code, on)
}
