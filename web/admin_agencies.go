package web

import (
	"net/http"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// Administration of agencies (departments, offices, committees) and the
// list of criteria sets.

// agencyFormView is the new-agency form as typed.
type agencyFormView struct {
	Code, Name, Short, Kind, Unit, Parent string
}

type adminAgenciesView struct {
	base
	Agencies []agencyRowView
	Kinds    []datchuan.AgencyKind
	Form     agencyFormView
	Errors   map[string]string
}

type agencyRowView struct {
	*datchuan.Agency
	Unit *datchuan.Unit
}

// adminAgencyKinds are the kinds in the order the form offers them.
var adminAgencyKinds = []datchuan.AgencyKind{datchuan.AgencyDepartment, datchuan.AgencyCoordination, datchuan.AgencySteering,
	datchuan.AgencyPeoplesCommittee, datchuan.AgencyDistrictCommittee, datchuan.AgencyCommuneCommittee}

func (s *Server) adminAgencies(w http.ResponseWriter, r *http.Request) error {
	return s.renderAgencies(w, r, http.StatusOK, agencyFormView{Kind: string(datchuan.AgencyDepartment)}, nil)
}

func (s *Server) renderAgencies(w http.ResponseWriter, r *http.Request, status int, f agencyFormView, errs map[string]string) error {
	ctx := r.Context()
	all, err := s.stores.Agencies.FindAgencies(ctx, datchuan.AgencyFilter{})
	if err != nil {
		return err
	}
	tree := viewerOf(r).caller.Tree
	p := adminAgenciesView{base: s.pageBase(r, "Cơ quan", "Agencies"), Kinds: adminAgencyKinds, Form: f, Errors: errs}
	for _, a := range all {
		u, err := tree.Unit(ctx, a.UnitID)
		if err != nil {
			return err
		}
		p.Agencies = append(p.Agencies, agencyRowView{Agency: a, Unit: u})
	}
	s.pages.render(w, status, "admin_agencies", p)
	return nil
}

func (s *Server) adminCreateAgency(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := agencyFormView{Code: formValue(r, "code"), Name: formValue(r, "name"), Short: formValue(r, "short"),
		Kind: formValue(r, "kind"), Unit: formValue(r, "unit"), Parent: formValue(r, "parent")}
	_, err := s.svc.CreateAgency(r.Context(), viewerOf(r).caller, service.AgencyInput{Code: f.Code, Name: f.Name,
		Short: f.Short, Kind: f.Kind, Unit: f.Unit, Parent: f.Parent})
	return answer(w, r, err, func() string { return "/quan-tri/co-quan" }, func(status int, errs map[string]string) error {
		return s.renderAgencies(w, r, status, f, errs)
	})
}

type adminSetsView struct {
	base
	Sets []*datchuan.CriteriaSet
}

func (s *Server) adminSets(w http.ResponseWriter, r *http.Request) error {
	s.pages.render(w, http.StatusOK, "admin_sets", adminSetsView{base: s.pageBase(r, "Bộ tiêu chí", "Criteria sets"), Sets: s.svc.Sets().Sets()})
	return nil
}
