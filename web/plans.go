package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// Plans of a province (such as Plan 45/KH-BCĐ of Trà Vinh): the list, a
// new plan, the files of a plan. The plan page itself, with its assignment
// table, is in plan.go; one row of the table in assignment.go.

func (s *Server) planRoutes() {
	s.private("GET /tinh/{code}/ke-hoach", s.plansPage)
	s.private("POST /tinh/{code}/ke-hoach", s.createPlan)
	s.private("GET /ke-hoach/{id}", s.planPage)
	s.private("POST /ke-hoach/{id}/phan-cong", s.bulkAssign)
	s.private("GET /ke-hoach/{id}/phan-cong.xlsx", s.exportAssignments)
	s.private("POST /ke-hoach/{id}/phan-cong.xlsx", s.importAssignments)
	s.private("POST /ke-hoach/{id}/tep", s.addPlanFile)
	s.private("GET /ke-hoach/{id}/tep/{file}", s.planFile)
	s.private("GET /phan-cong/{id}", s.assignmentPage)
	s.private("POST /phan-cong/{id}", s.updateAssignment)
	s.private("POST /phan-cong/{id}/xoa", s.deleteAssignment)
	s.private("POST /phan-cong/{id}/xong", s.doneAssignment)
}

// planFormView is the new-plan form as typed; the files received with a
// refused form are kept, so they need not be chosen again.
type planFormView struct {
	Number, Date, Issuer, Signer, Title string
	Targets                             []string // target IDs chosen
	Kept                                []string
	Files                               map[string]*datchuan.Attachment
}

// Has reports whether target id is chosen.
func (f planFormView) Has(id int64) bool {
	return slices.Contains(f.Targets, strconv.FormatInt(id, 10))
}

type plansView struct {
	base
	Province *datchuan.Unit
	Plans    []*datchuan.Plan
	CanPlan  bool
	Targets  []service.TargetChoice
	Form     planFormView
	Errors   map[string]string
}

func (s *Server) plansPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlans(w, r, http.StatusOK, planFormView{}, nil)
}

func (s *Server) renderPlans(w http.ResponseWriter, r *http.Request, status int, f planFormView, errs map[string]string) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	prov, err := s.svc.Province(ctx, c, r.PathValue("code"))
	if err != nil {
		return err
	}
	plans, err := s.stores.Plans.Plans(ctx, prov.ID)
	if err != nil {
		return err
	}
	p := plansView{base: s.pageBase(r, "Kế hoạch", "Plans"), Province: prov, Plans: plans,
		CanPlan: c.CanPlan(datchuan.UnitPath{Province: prov.Code}), Form: f, Errors: errs}
	if p.CanPlan {
		if p.Targets, err = s.svc.DistrictTargets(ctx, c, prov); err != nil {
			return err
		}
	}
	s.pages.render(w, status, "plans", p)
	return nil
}

func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	c := viewerOf(r).caller
	// Only who may write the plan stores files for it.
	prov, err := s.svc.Province(r.Context(), c, r.PathValue("code"))
	if err != nil {
		return err
	}
	if err := c.CheckPlan(datchuan.UnitPath{Province: prov.Code}); err != nil {
		return err
	}
	f := planFormView{Number: formValue(r, "number"), Date: formValue(r, "date"), Issuer: formValue(r, "issuer"),
		Signer: formValue(r, "signer"), Title: formValue(r, "title"), Targets: r.Form["targets"]}
	files, infos, problem, err := s.formFiles(r, "files", datchuan.MaxPlanFiles)
	if err != nil {
		return err
	}
	f.Kept, f.Files = files, infos
	plan, err := s.svc.CreatePlan(r.Context(), c, prov.Code, service.PlanInput{
		Number: f.Number, Date: f.Date, Issuer: f.Issuer, Signer: f.Signer, Title: f.Title, Targets: f.Targets, Files: files, Refused: problem})
	return answer(w, r, err, func() string { return planURL(plan.ID, "") }, func(status int, errs map[string]string) error {
		return s.renderPlans(w, r, status, f, errs)
	})
}

// addPlanFile attaches files (the signed plan, its appendices) to a plan,
// as of the version the page showed.
func (s *Server) addPlanFile(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "kế hoạch")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	c := viewerOf(r).caller
	// Only who may edit the plan stores files for it.
	_, prov, err := s.svc.PlanFor(r.Context(), c, id)
	if err != nil {
		return err
	}
	if err := c.CheckPlan(datchuan.UnitPath{Province: prov.Code}); err != nil {
		return err
	}
	files, _, problem, err := s.formFiles(r, "files", datchuan.MaxPlanFiles)
	if err != nil {
		return err
	}
	if problem.Vi != "" {
		return s.renderPlan(w, r, http.StatusUnprocessableEntity, id, planState{FileError: problem.In(viewerOf(r).lang)})
	}
	_, err = s.svc.AddPlanFiles(r.Context(), c, id, formVersion(r), files)
	return answer(w, r, err, func() string { return planURL(id, "saved") }, func(status int, errs map[string]string) error {
		return s.renderPlan(w, r, status, id, planState{FileError: firstProblem(errs)})
	})
}

// planFile serves a file of a plan to the people of its province.
func (s *Server) planFile(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "kế hoạch")
	if err != nil {
		return err
	}
	plan, _, err := s.svc.PlanFor(r.Context(), viewerOf(r).caller, id)
	if err != nil {
		return err
	}
	return s.listedFile(w, r, plan.Files, "Kế hoạch")
}

// planURL is the page of a plan, with the outcome of an action (ok) and
// the row to scroll to (anchor, "" for none).
func planURL(id int64, ok string, anchor ...string) string {
	u := "/ke-hoach/" + strconv.FormatInt(id, 10)
	if ok != "" {
		u += "?ok=" + ok
	}
	for _, a := range anchor {
		u += "#" + a
	}
	return u
}

// firstProblem is the one message of a refusal shown in a single place:
// the message under "" if any, else one of the fields'.
func firstProblem(errs map[string]string) string {
	if m, ok := errs[""]; ok {
		return m
	}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return ""
	}
	return errs[keys[0]]
}
